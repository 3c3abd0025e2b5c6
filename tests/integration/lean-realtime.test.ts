// Lean realtime: what a display receives per call, measured on the wire with socket.io-client; the deltas rebuild
// exactly the events of the log; one snapshot read serves many subscribers; snapshots are deflated, deltas are not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CenterEvent, CenterSnapshot } from '@luot/contract';
import { subscribe } from '../helpers/realtime.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const C = 'cai-rang';
const issue = async (areaId: string, priority = 'none') =>
  t.issueAsKiosk((await t.enrollDevice(C, `${C}-kiosk-1`)).credential, C, { areaId, priority });
const act = async (counter: string, action: string, body?: object) => {
  const res = await t.request('POST', `/api/centers/${C}/counters/${counter}/${action}`, body);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res.body;
};

describe('call deltas on the wire', () => {
  it('costs a display at most 150 bytes per call, with the ticket id once and no names or announcement text', async () => {
    const socket = t.socket();
    const frames: { event: string; bytes: number; text: string }[] = [];
    // Every Socket.IO event the display receives, as the JSON text of its payload.
    socket.onAny((event: string, payload: unknown) => {
      const text = JSON.stringify(payload);
      frames.push({ event, bytes: Buffer.byteLength(text), text });
    });
    const display = subscribe(socket, C);
    const first = await display.until(() => true);
    const issued = await issue('dd', 'elderly');
    const ticket = issued.body.ticket;
    await act('3', 'call-next');
    await act('3', 'recall');
    await display.until((s) => s.recentCalls[0]?.ticketId === ticket.id && s.recentCalls[0].recall === 1);

    const calls = frames.filter((f) => f.event === 'ticket:called' || f.event === 'ticket:recalled');
    expect(calls.map((f) => f.event)).toEqual(['ticket:called', 'ticket:recalled']);
    for (const call of calls) {
      expect(call.bytes, call.text).toBeLessThanOrEqual(150);
      expect(call.text.split(ticket.id)).toHaveLength(2);
      expect(call.text).not.toContain('Mời');
      expect(call.text).not.toContain('Đất đai');
      expect(call.text).not.toContain('Quầy');
      expect(call.text).not.toContain(ticket.dossierCode);
    }
    // The display still shows the whole call: number, counter, text from the center's template.
    const state = display.state()!;
    expect(state.recentCalls[0]).toMatchObject({
      ticketId: ticket.id,
      number: ticket.number,
      counterId: '3',
      counterNumber: 3,
      recall: 1,
      areaId: 'dd',
    });
    expect(state.recentCalls[0].text).toBe(
      first.center.callTemplate.replace('{number}', String(ticket.number)).replace('{counter}', '3'),
    );
    expect(state.counters.find((c) => c.id === '3')?.current).toMatchObject({
      id: ticket.id,
      state: 'called',
      priority: true,
      counterId: '3',
    });
    await act('3', 'start');
    await act('3', 'complete');
    display.close();
  });

  it('rebuilds at the client exactly the events of the log, and the same state as a fresh snapshot', async () => {
    const display = subscribe(t.socket(), C);
    const start = await display.until(() => true);
    await issue('ht');
    await issue('ht', 'disabled');
    await issue('ct');
    await act('1', 'call-next');
    await act('1', 'recall');
    await act('1', 'start');
    await act('1', 'transfer', { areaId: 'ct', counterId: '2', note: 'sang chứng thực' });
    const absent = await act('2', 'call-next');
    await act('2', 'no-show');
    expect((await t.request('POST', `/api/tickets/${absent.id}/requeue`)).status).toBe(200);
    await act('4', 'pause', { reason: 'Đi họp' });
    await act('4', 'resume');
    expect((await t.request('PUT', `/api/centers/${C}/counters/5/areas`, { areaIds: ['ht', 'ct'] })).status).toBe(200);
    expect((await t.request('POST', `/api/centers/${C}/areas/kd/close-today`)).status).toBe(200);
    expect((await t.request('POST', `/api/centers/${C}/areas/kd/reopen`)).status).toBe(200);
    // The officer desk: a call out of line order, a citizen parked and called back, auto-call, the hall's text line.
    await issue('ht');
    const chosen = (await issue('ht', 'elderly')).body.ticket;
    await act('1', 'call-chosen', { ticketId: chosen.id, reason: 'Người khuyết tật, đã chờ lâu' });
    await act('1', 'hold', { note: 'Đi photo giấy tờ' });
    await act('1', 'call-next');
    await act('1', 'start');
    await act('1', 'complete');
    await act('1', 'unhold', { ticketId: chosen.id });
    await act('1', 'start');
    expect((await t.request('PUT', `/api/centers/${C}/counters/1/auto-call`, { on: true })).status).toBe(200);
    await act('1', 'complete');
    expect((await t.request('PUT', `/api/centers/${C}/counters/1/auto-call`, { on: false })).status).toBe(200);
    expect(
      (await t.request('PUT', `/api/centers/${C}/announcement`, { text: 'Từ 11h30 đến 13h30 nghỉ trưa' })).status,
    ).toBe(200);
    expect((await t.request('PUT', `/api/centers/${C}/announcement`, { text: '' })).status).toBe(200);
    expect((await t.request('PUT', `/api/centers/${C}/announcement`, { text: 'Mang theo CCCD gắn chip' })).status).toBe(
      200,
    );
    // A new wording of calls: the following calls are worded with it at the client too.
    expect(
      (
        await t.request('PUT', `/api/centers/${C}/call-template`, {
          template: 'Mời số {number}, {area}, đến quầy {counter}',
        })
      ).status,
    ).toBe(200);
    await issue('ht');
    const atOne = (await t.request('GET', `/api/centers/${C}/snapshot`)).body.counters.find(
      (c: { id: string }) => c.id === '1',
    );
    await act('1', atOne.current ? 'recall' : 'call-next');
    const server: CenterSnapshot = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
    const converged = await display.until((s) => s.seq === server.seq);
    expect({ ...converged, at: null }).toEqual({ ...server, at: null });

    const log: CenterEvent[] = (await t.request('GET', `/api/centers/${C}/events?after=${start.seq}&limit=1000`)).body;
    expect(log.length).toBeGreaterThan(10);
    expect(display.events).toEqual(log);
    const types = new Set(log.map((e) => e.type));
    for (const type of [
      'ticket:called_chosen',
      'ticket:held',
      'ticket:unheld',
      'counter:auto_call',
      'center:announcement',
    ] as const)
      expect(types).toContain(type);
    expect(converged.announcement).toBe('Mang theo CCCD gắn chip');
    expect(converged.center.callTemplate).toBe('Mời số {number}, {area}, đến quầy {counter}');
    expect(display.events.at(-1)?.call?.text).toMatch(/^Mời số \d+, Hộ tịch, đến quầy 1$/);
    expect(types).toContain('center:call_template');
    display.close();
  });

  it('reads one snapshot for many subscribers at once, and serves it again while nothing changed', async () => {
    let reads = 0;
    const queue = t.server.queue;
    const original = queue.snapshot.bind(queue);
    queue.snapshot = async (centerId, known) => {
      const snapshot = await original(centerId, known);
      // Served again: the same views as the known one (only the time is new).
      if (snapshot.areas !== known?.areas) reads += 1;
      return snapshot;
    };
    try {
      const displays = Array.from({ length: 40 }, () => subscribe(t.socket(), C));
      const states = await Promise.all(displays.map((d) => d.until(() => true)));
      expect(new Set(states.map((s) => s.seq)).size).toBe(1);
      expect(reads).toBeLessThanOrEqual(1);
      const server: CenterSnapshot = (await t.request('GET', `/api/centers/${C}/snapshot`)).body;
      for (const s of states) expect({ ...s, at: null }).toEqual({ ...server, at: null });
      for (const d of displays) d.close();
    } finally {
      queue.snapshot = original;
    }
  });
});

describe('WebSocket compression', () => {
  it('negotiates permessage-deflate, deflates a snapshot and sends a delta as it is', async () => {
    const ws = new WebSocket(`${t.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: true,
    });
    const received: { text: string }[] = [];
    ws.on('message', (data: Buffer) => received.push({ text: data.toString() }));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    expect(ws.extensions).toContain('permessage-deflate');
    const rawBytes: number[] = [];
    const socket = (ws as unknown as { _socket: NodeJS.EventEmitter })._socket;
    socket.on('data', (chunk: Buffer) => rawBytes.push(chunk.length));
    const waitFor = (predicate: (text: string) => boolean) =>
      new Promise<string>((resolve) => {
        const check = () => {
          const hit = received.find((r) => predicate(r.text));
          if (hit) return resolve(hit.text);
          setTimeout(check, 20);
        };
        check();
      });
    await waitFor((m) => m.startsWith('0'));
    ws.send('40');
    await waitFor((m) => m.startsWith('40'));
    rawBytes.length = 0;
    ws.send(`420["subscribe",{"centerId":"${C}"}]`);
    const reply = await waitFor((m) => m.startsWith('430'));
    // The snapshot went over the wire in far fewer bytes than its text.
    const wireSnapshot = rawBytes.reduce((a, b) => a + b, 0);
    expect(reply.length).toBeGreaterThan(2000);
    expect(wireSnapshot).toBeLessThan(reply.length / 2);
    rawBytes.length = 0;
    await issue('ht');
    const delta = await waitFor((m) => m.startsWith('42["ticket:issued"'));
    await new Promise((r) => setTimeout(r, 50));
    // A small delta is not deflated: its frame is its text plus the frame header (2 bytes, 4 from 126 bytes on).
    const text = Buffer.byteLength(delta);
    expect(rawBytes.reduce((a, b) => a + b, 0)).toBe(text + (text < 126 ? 2 : 4));
    ws.close();
  });
});
