// Pure rules of dossiers and the hand-off: working days, promised dates, lifecycle, backoff, circuit
// breaker, catalog files, province dates and signatures.
import { describe, expect, it } from 'vitest';
import { nationalCalendar, promisedReturn } from '../../server/src/dossier/calendar.ts';
import { catalogFromCsv, parseCsv, validateCatalog } from '../../server/src/dossier/catalog.ts';
import { canMove, provinceSteps } from '../../server/src/dossier/lifecycle.ts';
import { backoffMs } from '../../server/src/handoff/backoff.ts';
import { CircuitBreaker } from '../../server/src/handoff/circuit-breaker.ts';
import {
  fromProvinceDate,
  signBody,
  toProvinceDate,
  verifySignature,
} from '../../server/src/handoff/province-contract.ts';
import { DEMO_AUTHORITIES, DEMO_PROCEDURES } from '../../server/src/seed/procedures.ts';

const calendar = nationalCalendar();
/** A local Vietnam time as an instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

describe('working days', () => {
  it('skips weekends and public holidays, and counts make-up Saturdays', () => {
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-11-28')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-09-02')).toBe(false); // Quốc khánh
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked for 02/05/2025
    for (const day of ['2025-01-27', '2025-01-31', '2026-02-16', '2026-02-20', '2027-02-05', '2027-02-10'])
      expect(calendar.isWorkingDay(day), day).toBe(false);
    expect([2025, 2026, 2027].every((y) => calendar.knows(y))).toBe(true);
  });

  it('promises the n-th working day after receipt, at the same time of day', () => {
    // Received Friday 13/02/2026 at 09:30, 3 working days: Tết Bính Ngọ (16–20/02) and two weekends are skipped.
    const due = promisedReturn(calendar, vn('2026-02-13T09:30:00'), 3);
    expect(due.dueDate).toBe('2026-02-25');
    expect(due.dueAt.toISOString()).toBe(vn('2026-02-25T09:30:00').toISOString());
    // Before 30/04–01/05/2026 (Thursday–Friday): Wednesday + 1 working day is Monday 04/05.
    expect(promisedReturn(calendar, vn('2026-04-29T14:00:00'), 1).dueDate).toBe('2026-05-04');
    // Giỗ Tổ 2026 falls on a Sunday: Monday 27/04 is off.
    expect(promisedReturn(calendar, vn('2026-04-24T08:00:00'), 1).dueDate).toBe('2026-04-28');
  });

  it('returns same-day results at closing time, or the next working day when received after closing', () => {
    expect(promisedReturn(calendar, vn('2026-11-23T10:00:00'), 0)).toEqual({
      dueDate: '2026-11-23',
      dueAt: vn('2026-11-23T17:00:00'),
    });
    expect(promisedReturn(calendar, vn('2026-11-27T17:30:00'), 0).dueDate).toBe('2026-11-30');
    // Received on a Saturday service day: counted from the next working day.
    expect(promisedReturn(calendar, vn('2026-11-28T09:00:00'), 0).dueDate).toBe('2026-11-30');
  });
});

describe('dossier lifecycle', () => {
  it('allows the steps of the lifecycle only', () => {
    expect(canMove('received', 'forwarded')).toBe(true);
    expect(canMove('needs_documents', 'in_process')).toBe(true);
    expect(canMove('result_ready', 'returned')).toBe(true);
    expect(canMove('received', 'returned')).toBe(false);
    expect(canMove('returned', 'in_process')).toBe(false);
    expect(canMove('rejected', 'accepted')).toBe(false);
  });

  it("records forwarded first when the province's report comes before its acknowledgement", () => {
    expect(provinceSteps('received', 'accepted')).toEqual({ steps: ['forwarded', 'accepted'], irregular: false });
    expect(provinceSteps('forwarded', 'accepted')).toEqual({ steps: ['accepted'], irregular: false });
    expect(provinceSteps('accepted', 'accepted')).toEqual({ steps: [], irregular: false });
    // The province owns these statuses: an unexpected jump is applied and flagged.
    expect(provinceSteps('forwarded', 'result_ready')).toEqual({ steps: ['result_ready'], irregular: true });
  });
});

describe('retry timing', () => {
  it('doubles up to the ceiling, with jitter within the upper half', () => {
    const options = { baseMs: 100, maxMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, options, () => 1))).toEqual([100, 200, 400, 800, 1_000]);
    expect([1, 2, 3, 4, 5].map((n) => backoffMs(n, options, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect(backoffMs(1000, options, () => 0.5)).toBe(750);
  });

  it('opens the circuit after repeated failures and lets one trial through after the cooldown', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1_000, () => now);
    breaker.failure();
    breaker.failure();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    expect(breaker.waitMs()).toBe(1_000);
    now = 1_000;
    expect(breaker.state).toBe('half_open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // one trial at a time
    breaker.failure();
    expect(breaker.state).toBe('open');
    now = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.state).toBe('closed');
  });
});

describe('catalog files', () => {
  const header = 'code,name,areaCode,level,departmentId,processingDays,fee,documents,fields';

  it('reads quoted CSV cells with commas, quotes and line breaks', () => {
    expect(parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",2,3\n')).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['multi\nline', '2', '3'],
    ]);
  });

  it('turns rows into procedures, with optional fields marked by "?"', () => {
    const csv = `${header}\n1.001193,Đăng ký khai sinh,HT,commune,,0,0,Tờ khai|Giấy chứng sinh,childName:Họ tên trẻ|note?:Ghi chú\n`;
    const { rows, lineOf } = catalogFromCsv(csv);
    const [p] = validateCatalog(rows, DEMO_AUTHORITIES, lineOf);
    expect(p).toEqual({
      code: '1.001193',
      name: 'Đăng ký khai sinh',
      areaCode: 'HT',
      level: 'commune',
      departmentId: null,
      processingDays: 0,
      fee: 0,
      documents: ['Tờ khai', 'Giấy chứng sinh'],
      fields: [
        { key: 'childName', label: 'Họ tên trẻ', required: true },
        { key: 'note', label: 'Ghi chú', required: false },
      ],
    });
  });

  it('refuses a file with the row and the reason of every problem', () => {
    const csv = [
      header,
      '1.001193,Đăng ký khai sinh,HT,commune,,0,0,Tờ khai,',
      'x.1,Tên,HT,commune,,0,0,,',
      '2.000488,Lý lịch tư pháp,TP,province,so-khong-co,10,200000,,',
      '1.001193,Trùng mã,HT,commune,,-1,0,,',
    ].join('\n');
    const { rows, lineOf } = catalogFromCsv(csv);
    let message = '';
    try {
      validateCatalog(rows, DEMO_AUTHORITIES, lineOf);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('row 3 /code');
    expect(message).toContain('row 4: a province-level procedure needs the id of a province department');
    expect(message).toContain('row 5 /processingDays');
    expect(() => catalogFromCsv('code,name\n1,2')).toThrow(/missing columns: areaCode/);
  });

  it('accepts the seeded catalog as a JSON import', () => {
    expect(validateCatalog(DEMO_PROCEDURES, DEMO_AUTHORITIES)).toHaveLength(DEMO_PROCEDURES.length);
  });
});

describe('the wire contract', () => {
  it('writes dates as yyyyMMddHHmmss in Vietnam time and reads them back', () => {
    const at = vn('2026-11-23T08:05:09');
    expect(toProvinceDate(at)).toBe('20261123080509');
    expect(fromProvinceDate('20261123080509').toISOString()).toBe(at.toISOString());
    expect(() => fromProvinceDate('2026-11-23')).toThrow();
  });

  it('verifies HMAC signatures over the timestamp and the exact body', () => {
    const now = 1_800_000_000_000;
    const ts = String(now);
    const sig = signBody('k', ts, '{"a":1}');
    expect(verifySignature('k', ts, '{"a":1}', sig, now)).toBe(true);
    expect(verifySignature('k', ts, '{"a": 1}', sig, now)).toBe(false);
    expect(verifySignature('other', ts, '{"a":1}', sig, now)).toBe(false);
    expect(verifySignature('k', ts, '{"a":1}', sig, now + 10 * 60_000)).toBe(false);
    expect(verifySignature('k', undefined, '{"a":1}', sig, now)).toBe(false);
    expect(verifySignature('k', ts, '{"a":1}', 'zz', now)).toBe(false);
  });
});
