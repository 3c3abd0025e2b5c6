// The kiosk's view of each area (AreaView, in the snapshot the kiosk follows): the wait counts only counters
// with an officer, a counter of several areas in proportion, and is unknown (null), never 0, while nobody serves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaView } from '@luot/contract';
import { newKey, startTestServer, type TestServer } from '../helpers/server.ts';

const CR = 'cai-rang'; // counters: 1 [ht, ct], 2 [ct, ht], 3 [dd], 4 [kd, ld], 5 [ld, ht]
let t: TestServer;
let target: Record<string, number>;
beforeAll(async () => {
  t = await startTestServer();
  const areas = await t.server.queue.store.transaction((tx) => tx.areas(CR));
  target = Object.fromEntries(areas.map((a) => [a.id, a.targetServiceMinutes]));
});
afterAll(() => t.close());

const areaViews = async (): Promise<Record<string, AreaView>> => {
  const res = await t.requestAs(null, 'GET', `/api/centers/${CR}/snapshot`);
  expect(res.status).toBe(200);
  return Object.fromEntries((res.body.areas as AreaView[]).map((a) => [a.id, a]));
};
const act = async (user: string, counter: string, action: string, body?: unknown) => {
  const res = await t.requestAs(user, 'POST', `/api/centers/${CR}/counters/${counter}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
};

describe('wait estimates on the kiosk', () => {
  it('open counters without an officer: tickets are issued, the wait is unknown, never "no wait"', async () => {
    const views = await areaViews();
    for (const id of ['ht', 'ct', 'dd', 'kd', 'ld'])
      expect(views[id]).toMatchObject({ accepting: true, estimatedWaitMinutes: null });
    for (let i = 0; i < 2; i++) {
      const res = await t.request(
        'POST',
        `/api/centers/${CR}/tickets`,
        { areaId: 'ld' },
        { 'idempotency-key': newKey() },
      );
      expect(res.status).toBe(201);
      expect(res.body.estimatedWaitMinutes).toBeNull();
    }
    expect((await areaViews()).ld).toMatchObject({ waiting: 2, estimatedWaitMinutes: null });
  });

  it('an officer at a counter of two areas counts as half a counter for each', async () => {
    await act(`canbo1.${CR}`, '4', 'open'); // kd, ld
    const views = await areaViews();
    expect(views.ld.estimatedWaitMinutes).toBe(Math.ceil(2 * target.ld * 2));
    expect(views.kd.estimatedWaitMinutes).toBe(0);
    expect(views.ht.estimatedWaitMinutes).toBeNull();
    expect(views.dd.estimatedWaitMinutes).toBeNull();
  });

  it('a second officer adds their share; a paused counter stops counting', async () => {
    await act(`canbo2.${CR}`, '5', 'open'); // ld, ht
    let views = await areaViews();
    expect(views.ld.estimatedWaitMinutes).toBe(Math.ceil(2 * target.ld));
    expect(views.ht.estimatedWaitMinutes).toBe(0);
    const issued = await t.request(
      'POST',
      `/api/centers/${CR}/tickets`,
      { areaId: 'ld' },
      { 'idempotency-key': newKey() },
    );
    expect(issued.body.estimatedWaitMinutes).toBe(Math.ceil(2 * target.ld)); // two ahead of it
    await act(`canbo1.${CR}`, '4', 'pause', { reason: 'Nghỉ giải lao' });
    views = await areaViews();
    expect(views.ld.estimatedWaitMinutes).toBe(Math.ceil(3 * target.ld * 2));
    expect(views.kd.estimatedWaitMinutes).toBeNull();
  });
});
