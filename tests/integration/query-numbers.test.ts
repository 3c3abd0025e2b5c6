// Numbers in query strings and path parameters: out-of-range or non-finite values are refused with 400
// VALIDATION on every route that takes one, and change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_INT } from '@luot/contract';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const NK = 'ninh-kieu';
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const OUT_OF_RANGE = ['1e400', '-1e400', 'Infinity', '-Infinity', '1e20', String(MAX_INT + 1), '9007199254740993'];

describe('numeric query strings and parameters', () => {
  const routes: Array<[string, (v: string) => string]> = [
    ['events after', (v) => `/api/centers/${NK}/events?after=${v}`],
    ['events limit', (v) => `/api/centers/${NK}/events?limit=${v}`],
    ['dossiers limit', (v) => `/api/centers/${NK}/dossiers?limit=${v}`],
    ['outbox limit', (v) => `/api/centers/${NK}/handoff/outbox?limit=${v}`],
  ];
  for (const [name, url] of routes) {
    it(`${name}: out-of-range values are 400 VALIDATION, a plain one works`, async () => {
      for (const v of OUT_OF_RANGE) {
        const res = await t.request('GET', url(encodeURIComponent(v)));
        expect(res.status, `${name}=${v}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION', messageVi: 'Yêu cầu không hợp lệ' });
      }
      expect((await t.request('GET', url('1'))).status).toBe(200);
    });
  }

  it('the largest allowed value is accepted', async () => {
    const res = await t.request('GET', `/api/centers/${NK}/events?after=${MAX_INT}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('a path number out of range (outbox message id) is 400, not a lookup', async () => {
    for (const v of OUT_OF_RANGE) {
      const res = await t.request('POST', `/api/centers/${NK}/handoff/outbox/${encodeURIComponent(v)}/retry`);
      expect(res.status, `${v}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.code).toBe('VALIDATION');
    }
    expect((await t.request('POST', `/api/centers/${NK}/handoff/outbox/${MAX_INT}/retry`)).body.code).toBe(
      'OUTBOX_NOT_FOUND',
    );
  });

  it('a procedure fee beyond the range is refused and imports nothing', async () => {
    const before = (await t.request('GET', '/api/procedures')).body;
    const procedure = { ...before[0], fee: MAX_INT + 1 };
    const res = await t.request('POST', '/api/procedures/import', [procedure]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect((await t.request('GET', '/api/procedures')).body).toEqual(before);
  });
});
