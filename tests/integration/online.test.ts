// Online numbers and appointments through the real server on 127.0.0.1 (the run's store: SQLite, then PostgreSQL),
// with the reference message gateway carrying the one-time codes and an injected clock (Monday 31/08/2026, the demo
// hours 07:30–11:30 and 13:30–17:00; Tuesday 01/09 is a public holiday):
// - codes: sent through the gateway, only digests stored, wrong / reused / expired / over-tried refused;
// - online numbers: in the kiosk's line by registration time, passed over until confirmed, void at closing;
// - the daily cap per verified phone across online numbers and appointments;
// - appointments: seats per planned counter, two bookings of the last seat at once (one wins), holidays and hours,
//   blocked slots, change and cancellation, check-in early / on time / late, called before earlier walk-ins;
// - check-in: forged, replayed, wrong-center codes refused with nothing changed; the channel on the desk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEVICE_HEADER,
  type CheckinReply,
  type OnlineTicketReply,
  type AppointmentView,
  type DeskView,
  type SlotsReply,
} from '@luot/contract';
import { localMoment } from '../../server/src/engine/opening.ts';
import { buildReferenceGateway, type ReferenceGateway } from '../../server/src/reference-gateway/gateway.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const GATEWAY_SECRET = 'test-gateway-secret';
const DAY = '2026-08-31';
const at = (time: string, day = DAY) => new Date(localMoment(day, time).at);

let phoneSeq = 0;
/** A fresh Vietnamese mobile number per use: the per-phone code budget never gets in the way. */
const newPhone = () => `09${String(10_000_000 + ++phoneSeq * 7919).slice(-8)}`;

describe('online numbers and appointments', () => {
  let t: TestServer;
  let gateway: ReferenceGateway;
  let now = at('09:00');

  beforeAll(async () => {
    gateway = buildReferenceGateway({ secret: GATEWAY_SECRET, now: () => now });
    const gatewayUrl = `${await gateway.listen(0, '127.0.0.1')}/messages`;
    t = await startTestServer({
      clock: () => now,
      seedHours: true,
      config: {
        notifyGatewayUrl: gatewayUrl,
        notifyGatewaySecret: GATEWAY_SECRET,
        onlineRatePerMinute: 10_000,
        onlineCodesPer10Minutes: 10_000,
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await gateway?.close();
  });

  /** Asks for a code and reads it from the message the gateway received. */
  const proofFor = async (phone: string) => {
    const res = await t.requestAs(null, 'POST', '/api/online/codes', { phone, lang: 'vi' });
    expect(res.status).toBe(201);
    const message = gateway.messages.filter((m) => m.to === phone.replace(/^\+84/, '0')).at(-1);
    expect(message?.kind).toBe('code');
    const code = /\b(\d{6})\b/.exec(message?.text ?? '')?.[1];
    expect(code).toBeDefined();
    return { phone, requestId: res.body.requestId as string, code: code! };
  };
  const takeOnline = (centerId: string, areaId: string, proof: { phone: string; requestId: string; code: string }) =>
    t.requestAs<OnlineTicketReply & { code?: string }>(null, 'POST', `/api/online/centers/${centerId}/tickets`, {
      areaId,
      ...proof,
    });
  // The center's enrolled kiosk (paired once per center: pairing again voids the earlier credential).
  const kiosks = new Map<string, Promise<string>>();
  const kioskOf = (centerId: string) => {
    if (!kiosks.has(centerId))
      kiosks.set(
        centerId,
        t.enrollDevice(centerId, `${centerId}-kiosk-1`).then((d) => d.credential),
      );
    return kiosks.get(centerId)!;
  };
  const kiosk = async (centerId: string, areaId: string) => {
    const res = await t.issueAsKiosk(await kioskOf(centerId), centerId, { areaId });
    expect(res.status).toBe(201);
    return res.body.ticket as { id: string; number: number; channel: string };
  };
  const callNext = (centerId: string, counterId: string) =>
    t.request('POST', `/api/centers/${centerId}/counters/${counterId}/call-next`);
  /** Calls and finishes the next ticket at a counter; its number. */
  const serveNext = async (centerId: string, counterId: string) => {
    const called = await callNext(centerId, counterId);
    expect(called.status).toBe(200);
    expect((await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/start`)).status).toBe(200);
    expect((await t.request('POST', `/api/centers/${centerId}/counters/${counterId}/complete`)).status).toBe(200);
    return called.body.number as number;
  };
  const checkin = async (centerId: string, code: string) =>
    t.requestAs<CheckinReply & { code?: string }>(
      null,
      'POST',
      `/api/centers/${centerId}/checkin`,
      { code },
      { [DEVICE_HEADER]: await kioskOf(centerId) },
    );
  const book = (centerId: string, areaId: string, day: string, time: string, proof: object) =>
    t.requestAs<AppointmentView & { code?: string }>(null, 'POST', `/api/online/centers/${centerId}/appointments`, {
      areaId,
      day,
      time,
      ...proof,
    });
  const ticketCount = async () =>
    Number(
      (
        await t
          .db()
          .selectFrom('tickets')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('sends a one-time code through the gateway, keeps only its digest, and refuses it wrong, reused or expired', async () => {
    now = at('09:00');
    const phone = newPhone();
    const proof = await proofFor(phone);
    const stored = await t.db().selectFrom('citizen_codes').selectAll().where('id', '=', proof.requestId).execute();
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(proof.code);
    expect(JSON.stringify(stored)).not.toContain(phone);
    expect(gateway.messages.at(-1)?.text).toMatch(/mã xác thực/);

    const wrong = await takeOnline('cai-rang', 'dd', { ...proof, code: proof.code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'OTP_INVALID', messageVi: 'Mã xác thực không đúng' });

    const before = await ticketCount();
    const ok = await takeOnline('cai-rang', 'dd', proof);
    expect(ok.status).toBe(201);
    expect(ok.body.ticket.channel).toBe('online');
    const again = await takeOnline('cai-rang', 'dd', proof);
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('OTP_EXPIRED');
    expect(await ticketCount()).toBe(before + 1);

    // Expired after 5 minutes; another phone's code is no proof for this one.
    const late = await proofFor(newPhone());
    now = at('09:06');
    expect((await takeOnline('cai-rang', 'dd', late)).body.code).toBe('OTP_EXPIRED');
    const other = await proofFor(newPhone());
    expect((await takeOnline('cai-rang', 'dd', { ...other, phone: newPhone() })).body.code).toBe('OTP_INVALID');

    // Five wrong tries spend the code: even the right one is refused then.
    const tried = await proofFor(newPhone());
    const bad = tried.code === '999999' ? '888888' : '999999';
    for (let i = 0; i < 4; i++)
      expect((await takeOnline('cai-rang', 'dd', { ...tried, code: bad })).body.code).toBe('OTP_INVALID');
    expect((await takeOnline('cai-rang', 'dd', { ...tried, code: bad })).body.code).toBe('OTP_TOO_MANY_ATTEMPTS');
    expect((await takeOnline('cai-rang', 'dd', tried)).body.code).toBe('OTP_TOO_MANY_ATTEMPTS');

    const badPhone = await t.requestAs(null, 'POST', '/api/online/codes', { phone: '12345' });
    expect(badPhone.status).toBe(400);
  });

  it("puts an online number in the kiosk's line by registration time, passed over until the citizen checks in", async () => {
    // Ninh Kiều, Đất đai: counter 4 serves it (with Xây dựng).
    now = at('09:10');
    const first = await kiosk('ninh-kieu', 'dd');
    now = at('09:11');
    const online = await takeOnline('ninh-kieu', 'dd', await proofFor(newPhone()));
    expect(online.status).toBe(201);
    expect(online.body.ticket.number).toBe(first.number + 1);
    expect(online.body.trackingUrl).toContain('&ci=');
    now = at('09:12');
    const third = await kiosk('ninh-kieu', 'dd');

    // Not confirmed yet: passed over, keeping its place; the desk shows it.
    const desk = await t.request<DeskView>('GET', '/api/centers/ninh-kieu/counters/4/desk');
    expect(desk.body.waiting.find((w) => w.number === online.body.ticket.number)).toMatchObject({
      channel: 'online',
      unconfirmed: true,
    });
    expect(await serveNext('ninh-kieu', '4')).toBe(first.number);
    expect(await serveNext('ninh-kieu', '4')).toBe(third.number);

    // Checked in at the kiosk (the QR's link or the typed code): it is called now, once only.
    now = at('09:20');
    const later = await kiosk('ninh-kieu', 'dd');
    const confirmed = await checkin('ninh-kieu', online.body.trackingUrl);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ kind: 'online', timing: null });
    expect(confirmed.body.issued.ticket.confirmedAt).toBe(now.toISOString());
    const replay = await checkin('ninh-kieu', online.body.checkinCode);
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({ code: 'CHECKIN_DONE', messageVi: 'Mã này đã được dùng để xác nhận có mặt' });
    expect(await serveNext('ninh-kieu', '4')).toBe(online.body.ticket.number);
    expect(await serveNext('ninh-kieu', '4')).toBe(later.number);
  });

  it('refuses forged codes and check-in at another center, changing nothing', async () => {
    now = at('09:30');
    const online = await takeOnline('cai-rang', 'ld', await proofFor(newPhone()));
    expect(online.status).toBe(201);
    const code = online.body.checkinCode.replace(/-/g, '');
    const forged = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A');
    expect((await checkin('cai-rang', forged)).body).toMatchObject({
      code: 'CHECKIN_INVALID',
      message: 'This code is not valid: show the QR of your number or appointment',
    });
    expect((await checkin('cai-rang', 'hello')).body.code).toBe('CHECKIN_INVALID');
    expect((await checkin('ninh-kieu', code)).body.code).toBe('CHECKIN_WRONG_CENTER');
    const row = await t
      .db()
      .selectFrom('tickets')
      .select('confirmed_at')
      .where('id', '=', online.body.ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.confirmed_at).toBeNull();
    expect((await checkin('cai-rang', code.toLowerCase())).status).toBe(200);
  });

  it('caps the numbers of a phone per day across online numbers and appointments (default 2)', async () => {
    now = at('09:40');
    const phone = newPhone();
    expect((await takeOnline('ninh-kieu', 'ht', await proofFor(phone))).status).toBe(201);
    // The same phone, written the other way, at another center, by appointment: the second of the day.
    expect((await book('cai-rang', 'ht', DAY, '14:00', await proofFor(`+84${phone.slice(1)}`))).status).toBe(201);
    const before = await ticketCount();
    const third = await takeOnline('cai-rang', 'kd', await proofFor(phone));
    expect(third.status).toBe(409);
    expect(third.body).toMatchObject({
      code: 'DAILY_CAP_REACHED',
      messageVi: 'Quý khách đã lấy đủ số lượt cho phép trong ngày',
    });
    expect((await book('cai-rang', 'ht', DAY, '14:30', await proofFor(phone))).body.code).toBe('DAILY_CAP_REACHED');
    expect(await ticketCount()).toBe(before);
    // Another day is another budget.
    expect((await book('cai-rang', 'ht', '2026-09-03', '08:00', await proofFor(phone))).status).toBe(201);
  });

  it('voids online numbers not confirmed when the center closes (injected clock), and only those', async () => {
    now = at('16:00');
    const unconfirmed = await takeOnline('cai-rang', 'kd', await proofFor(newPhone()));
    const confirmed = await takeOnline('cai-rang', 'kd', await proofFor(newPhone()));
    expect((await checkin('cai-rang', confirmed.body.checkinCode)).status).toBe(200);
    const walkIn = await kiosk('cai-rang', 'kd');
    // Still open: nothing is void.
    now = at('16:59');
    expect(await t.server.online.sweep()).toBe(0);
    now = at('17:00');
    expect(await t.server.online.sweep()).toBeGreaterThanOrEqual(1);
    const states = new Map(
      (
        await t
          .db()
          .selectFrom('tickets')
          .select(['id', 'state'])
          .where('id', 'in', [unconfirmed.body.ticket.id, confirmed.body.ticket.id, walkIn.id])
          .execute()
      ).map((r) => [r.id, r.state]),
    );
    expect(states.get(unconfirmed.body.ticket.id)).toBe('cancelled');
    expect(states.get(confirmed.body.ticket.id)).toBe('waiting');
    expect(states.get(walkIn.id)).toBe('waiting');
    const log = await t
      .db()
      .selectFrom('events')
      .select('note')
      .where('ticket_id', '=', unconfirmed.body.ticket.id)
      .where('type', '=', 'ticket:cancelled')
      .execute();
    expect(log).toHaveLength(1);
    // After closing no online number is given.
    expect((await takeOnline('cai-rang', 'kd', await proofFor(newPhone()))).body.code).toBe('CENTER_CLOSED_NOW');
    // Clean the line for the next tests.
    for (const id of [confirmed.body.ticket.id, walkIn.id])
      expect((await t.request('POST', `/api/tickets/${id}/cancel`)).status).toBe(200);
  });

  it("voids an unconfirmed online number the center's minutes after its turn passed (onlineKeepMinutes)", async () => {
    const center = await t
      .db()
      .selectFrom('centers')
      .select('settings')
      .where('id', '=', 'ninh-kieu')
      .executeTakeFirstOrThrow();
    const settings = JSON.parse(center.settings) as object;
    await t
      .db()
      .updateTable('centers')
      .set({ settings: JSON.stringify({ ...settings, onlineKeepMinutes: 10 }) })
      .where('id', '=', 'ninh-kieu')
      .execute();
    now = at('10:00');
    const online = await takeOnline('ninh-kieu', 'kd', await proofFor(newPhone()));
    now = at('10:01');
    const walkIn = await kiosk('ninh-kieu', 'kd');
    // Not yet its turn: kept however long.
    now = at('10:30');
    expect(await t.server.online.sweep()).toBe(0);
    expect(await serveNext('ninh-kieu', '5')).toBe(walkIn.number);
    now = at('10:39');
    expect(await t.server.online.sweep()).toBe(0);
    now = at('10:40');
    expect(await t.server.online.sweep()).toBe(1);
    const row = await t
      .db()
      .selectFrom('tickets')
      .select('state')
      .where('id', '=', online.body.ticket.id)
      .executeTakeFirstOrThrow();
    expect(row.state).toBe('cancelled');
    expect((await checkin('ninh-kieu', online.body.checkinCode)).body.code).toBe('BOOKING_ENDED');
    await t.db().updateTable('centers').set({ settings: center.settings }).where('id', '=', 'ninh-kieu').execute();
  });

  it('lets exactly one of two concurrent bookings of the last seat in', async () => {
    now = at('09:00', '2026-09-02');
    // Cái Răng, Đất đai: one counter planned, so one seat per slot.
    const slots = await t.requestAs<SlotsReply>(
      null,
      'GET',
      '/api/online/centers/cai-rang/slots?areaId=dd&day=2026-09-03',
    );
    expect(slots.status).toBe(200);
    expect(slots.body.slots.find((s) => s.time === '09:00')).toMatchObject({ capacity: 1, booked: 0, free: true });
    const [a, b] = await Promise.all([proofFor(newPhone()), proofFor(newPhone())]);
    const results = await Promise.all([
      book('cai-rang', 'dd', '2026-09-03', '09:00', a),
      book('cai-rang', 'dd', '2026-09-03', '09:00', b),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('SLOT_TAKEN');
    const rows = await t
      .db()
      .selectFrom('appointments')
      .selectAll()
      .where('center_id', '=', 'cai-rang')
      .where('area_id', '=', 'dd')
      .where('day', '=', '2026-09-03')
      .execute();
    expect(rows).toHaveLength(1);
    const after = await t.requestAs<SlotsReply>(
      null,
      'GET',
      '/api/online/centers/cai-rang/slots?areaId=dd&day=2026-09-03',
    );
    expect(after.body.slots.find((s) => s.time === '09:00')).toMatchObject({ booked: 1, free: false });

    // The loser's code was not spent: it books another slot with it.
    const loser = results[0].status === 409 ? a : b;
    expect((await book('cai-rang', 'dd', '2026-09-03', '09:30', loser)).status).toBe(201);
  });

  it('refuses bookings outside hours, on a holiday, on a blocked slot; changes and cancels by the phone that booked', async () => {
    now = at('10:00');
    const phone = newPhone();
    const refuse = async (day: string, time: string, code: string) => {
      const res = await book('ninh-kieu', 'ht', day, time, await proofFor(newPhone()));
      expect(res.status).toBe(409);
      expect(res.body.code).toBe(code);
    };
    await refuse('2026-09-01', '09:00', 'SLOT_OUTSIDE_HOURS'); // Quốc khánh
    await refuse('2026-09-06', '09:00', 'SLOT_OUTSIDE_HOURS'); // a Sunday
    await refuse('2026-09-03', '12:00', 'SLOT_OUTSIDE_HOURS'); // lunch break
    await refuse(DAY, '09:30', 'SLOT_OUTSIDE_HOURS'); // already past
    const holiday = await t.requestAs<SlotsReply>(
      null,
      'GET',
      '/api/online/centers/ninh-kieu/slots?areaId=ht&day=2026-09-01',
    );
    expect(holiday.body.slots).toEqual([]);

    // A manager blocks 10:00 on Thursday.
    const block = await t.request('POST', '/api/centers/ninh-kieu/appointment-blocks', {
      areaId: 'ht',
      day: '2026-09-03',
      time: '10:00',
      blocked: true,
    });
    expect(block.status).toBe(200);
    expect(
      (
        await t.requestAs('canbo1.ninh-kieu', 'POST', '/api/centers/ninh-kieu/appointment-blocks', {
          areaId: 'ht',
          day: '2026-09-03',
          time: '10:30',
          blocked: true,
        })
      ).status,
    ).toBe(403);
    await refuse('2026-09-03', '10:00', 'SLOT_BLOCKED');

    const booked = await book('ninh-kieu', 'ht', '2026-09-03', '10:30', await proofFor(phone));
    expect(booked.status).toBe(201);
    expect(booked.body).toMatchObject({ state: 'booked', phoneMasked: `${phone.slice(0, 3)}****${phone.slice(-3)}` });
    // Somebody else's phone cannot touch it.
    const stranger = await t.requestAs(null, 'POST', '/api/online/appointments/change', {
      checkinCode: booked.body.checkinCode,
      ...(await proofFor(newPhone())),
    });
    expect(stranger.body.code).toBe('CHECKIN_INVALID');
    const moved = await t.requestAs(null, 'POST', '/api/online/appointments/change', {
      checkinCode: booked.body.checkinCode,
      day: '2026-09-03',
      time: '11:00',
      ...(await proofFor(phone)),
    });
    expect(moved.status).toBe(200);
    expect(moved.body.appointment).toMatchObject({ time: '11:00', state: 'booked' });
    expect((await checkin('ninh-kieu', booked.body.checkinCode)).body.code).toBe('BOOKING_ENDED');
    const cancelled = await t.requestAs(null, 'POST', '/api/online/appointments/change', {
      checkinCode: moved.body.appointment.checkinCode,
      ...(await proofFor(phone)),
    });
    expect(cancelled.body).toEqual({ appointment: null });
    const list = await t.request<AppointmentView[]>('GET', '/api/centers/ninh-kieu/appointments?day=2026-09-03');
    expect(list.body.map((a) => [a.time, a.state])).toEqual([
      ['10:30', 'cancelled'],
      ['11:00', 'cancelled'],
    ]);
  });

  it('checks in early, on time and late; the appointment is called before earlier walk-ins inside its window', async () => {
    // Cái Răng, Hộ tịch: counters 1, 2 and 5 are planned for it (3 seats); counter 1 calls.
    now = at('09:00');
    const lateOne = await book('cai-rang', 'ht', DAY, '09:30', await proofFor(newPhone()));
    const onTime = await book('cai-rang', 'ht', DAY, '10:00', await proofFor(newPhone()));
    const early = await book('cai-rang', 'ht', DAY, '11:00', await proofFor(newPhone()));
    const tomorrow = await book('cai-rang', 'ht', '2026-09-03', '09:00', await proofFor(newPhone()));
    for (const b of [lateOne, onTime, early, tomorrow]) expect(b.body).toMatchObject({ state: 'booked' });
    const slots = await t.requestAs<SlotsReply>(null, 'GET', `/api/online/centers/cai-rang/slots?areaId=ht&day=${DAY}`);
    expect(slots.body.slots.find((s) => s.time === '10:00')).toMatchObject({ capacity: 3, booked: 1 });

    const w1 = await kiosk('cai-rang', 'ht');
    now = at('09:50');
    const w2 = await kiosk('cai-rang', 'ht');
    const a = await checkin('cai-rang', onTime.body.checkinCode);
    expect(a.body).toMatchObject({ kind: 'appointment', timing: 'on_time' });
    expect(a.body.issued.ticket).toMatchObject({ channel: 'appointment', dueAt: at('10:00').toISOString() });
    now = at('09:52');
    const e = await checkin('cai-rang', early.body.checkinCode);
    expect(e.body.timing).toBe('early');
    now = at('09:53');
    const l = await checkin('cai-rang', lateOne.body.checkinCode);
    expect(l.body).toMatchObject({ timing: 'late' });
    expect(l.body.issued.ticket).toMatchObject({ channel: 'appointment', dueAt: null });
    expect((await checkin('cai-rang', tomorrow.body.checkinCode)).body.code).toBe('CHECKIN_NOT_TODAY');
    expect((await checkin('cai-rang', onTime.body.checkinCode)).body.code).toBe('CHECKIN_DONE');

    // The desk shows the "lịch hẹn" badge's data.
    const desk = await t.request<DeskView>('GET', '/api/centers/cai-rang/counters/1/desk');
    expect(desk.body.waiting.find((w) => w.id === a.body.issued.ticket.id)).toMatchObject({
      channel: 'appointment',
      dueAt: at('10:00').toISOString(),
    });

    // On time first, then the walk-ins who came before it, then the late one in the walk-in line; the early one
    // waits for its window (10:45).
    now = at('09:55');
    expect(await serveNext('cai-rang', '1')).toBe(a.body.issued.ticket.number);
    expect(await serveNext('cai-rang', '1')).toBe(w1.number);
    expect(await serveNext('cai-rang', '1')).toBe(w2.number);
    expect(await serveNext('cai-rang', '1')).toBe(l.body.issued.ticket.number);
    expect((await callNext('cai-rang', '1')).body.code).toBe('NOTHING_WAITING');
    now = at('10:45');
    expect(await serveNext('cai-rang', '1')).toBe(e.body.issued.ticket.number);

    const list = await t.request<AppointmentView[]>('GET', `/api/centers/cai-rang/appointments?day=${DAY}`);
    expect(list.body.filter((x) => x.areaId === 'ht').map((x) => [x.time, x.state, x.ticketNumber])).toEqual(
      expect.arrayContaining([['10:00', 'checked_in', a.body.issued.ticket.number]]),
    );
  });
});
