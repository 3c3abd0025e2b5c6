// The alert rules, pure: what each kind needs to be raised, its words, and that a rule turned off raises nothing.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_RULES } from '@luot/contract';
import { type Situation, wantedAlerts } from '../../server/src/operations/rules.ts';
import type { DeviceGlance } from '../../server/src/store/operations.ts';

const NOW = new Date('2026-12-03T02:00:00Z');
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

const device = (over: Partial<DeviceGlance>): DeviceGlance => ({
  id: 'd',
  centerId: 'c',
  kind: 'hall_display',
  name: 'Màn hình sảnh',
  kioskId: null,
  enrolled: true,
  revokedAt: null,
  lastSeenAt: ago(0),
  status: 'ok',
  statusMessage: null,
  ...over,
});

const situation = (over: Partial<Situation>): Situation => ({
  centerIds: ['c'],
  rules: new Map(),
  lines: [],
  counters: [],
  devices: [],
  backlog: [],
  link: 'closed',
  now: NOW,
  offlineMs: 90_000,
  ...over,
});

const line = (waitedMinutes: number) => ({
  centerId: 'c',
  areaId: 'ht',
  nameVi: 'Hộ tịch',
  nameEn: 'Civil status',
  targetMinutes: 10,
  waiting: 3,
  oldestQueuedAt: ago(waitedMinutes),
});

describe('alert rules', () => {
  it('a wait above target × factor; critical past twice; off when the rule is', () => {
    expect(wantedAlerts(situation({ lines: [line(9)] }))).toEqual([]);
    expect(wantedAlerts(situation({ lines: [line(11)] }))).toMatchObject([
      { kind: 'wait_over_target', subject: 'ht', severity: 'warning' },
    ]);
    expect(wantedAlerts(situation({ lines: [line(21)] }))[0].severity).toBe('critical');
    const rules = new Map([['c', { ...DEFAULT_ALERT_RULES, waitFactor: 1.5 }]]);
    expect(wantedAlerts(situation({ rules, lines: [line(14)] }))).toEqual([]);
    const off = new Map([['c', { ...DEFAULT_ALERT_RULES, waitOverTarget: false }]]);
    expect(wantedAlerts(situation({ rules: off, lines: [line(30)] }))).toEqual([]);
  });

  it('a line while counters are idle or paused, not while one of them is busy', () => {
    const counter = { centerId: 'c', id: '1', number: 1, officer: null, areaIds: ['ht'] };
    const idle = [{ ...counter, state: 'open' as const, busy: false }];
    expect(wantedAlerts(situation({ lines: [line(6)], counters: idle }))).toMatchObject([
      {
        kind: 'line_idle_counters',
        messageVi: 'Hộ tịch: 3 người chờ hơn 5 phút, quầy 1 không gọi số (đang trống hoặc tạm dừng)',
      },
    ]);
    const paused = [{ ...counter, state: 'paused' as const, busy: false }];
    expect(wantedAlerts(situation({ lines: [line(6)], counters: paused }))).toHaveLength(1);
    const busy = [...idle, { ...counter, id: '2', number: 2, state: 'open' as const, busy: true }];
    expect(wantedAlerts(situation({ lines: [line(6)], counters: busy }))).toEqual([]);
    expect(wantedAlerts(situation({ lines: [line(4)], counters: idle }))).toEqual([]);
  });

  it('printers by condition, displays by heartbeat, revoked devices', () => {
    const agent = device({ id: 'p', kind: 'print_agent', name: 'Máy in', kioskId: 'k' });
    const kiosk = device({ id: 'k', kind: 'kiosk', name: 'Kiosk sảnh' });
    const of = (devices: DeviceGlance[], rules = DEFAULT_ALERT_RULES) =>
      wantedAlerts(situation({ devices, rules: new Map([['c', rules]]) }));
    expect(of([kiosk, { ...agent, status: 'cover_open' }])).toMatchObject([
      { kind: 'printer_problem', severity: 'critical', messageVi: 'Máy in của Kiosk sảnh mở nắp' },
    ]);
    expect(of([kiosk, { ...agent, status: 'paper_near_end' }])[0].severity).toBe('warning');
    expect(
      of([kiosk, { ...agent, status: 'paper_near_end' }], { ...DEFAULT_ALERT_RULES, printerNearEnd: false }),
    ).toEqual([]);
    // Silent past the offline delay: offline before the sweep says so.
    expect(of([kiosk, { ...agent, lastSeenAt: ago(2) }])[0].messageVi).toMatch(/mất kết nối/);
    expect(of([{ ...kiosk, lastSeenAt: ago(2) }])).toMatchObject([{ kind: 'display_offline', severity: 'critical' }]);
    expect(of([device({ lastSeenAt: ago(1) })])).toEqual([]);
    expect(of([device({ revokedAt: ago(5) })])).toMatchObject([{ kind: 'device_revoked' }]);
    // Never connected: nothing to say yet.
    expect(of([device({ status: null, lastSeenAt: null })])).toEqual([]);
  });

  it('the province link: down with a backlog, above the threshold, or dead letters', () => {
    const backlog = (pending: number, dead = 0) => [
      { centerId: 'c', key: 'pending' as const, n: pending },
      { centerId: 'c', key: 'dead' as const, n: dead },
    ];
    expect(wantedAlerts(situation({ backlog: backlog(3) }))).toEqual([]);
    expect(wantedAlerts(situation({ backlog: backlog(3), link: 'open' }))).toMatchObject([
      {
        kind: 'province_link',
        severity: 'critical',
        messageVi: 'Liên thông tỉnh: mất kết nối với hệ thống tỉnh, 3 hồ sơ chờ chuyển',
      },
    ]);
    expect(wantedAlerts(situation({ backlog: backlog(21) }))[0].severity).toBe('warning');
    expect(wantedAlerts(situation({ backlog: backlog(0, 1) }))[0].messageVi).toBe(
      'Liên thông tỉnh: 1 hồ sơ chuyển không được',
    );
    expect(wantedAlerts(situation({ link: 'open' }))).toEqual([]);
  });
});
