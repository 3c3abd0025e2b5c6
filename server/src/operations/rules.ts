// The alert rules, pure: from what the store holds now (lines, counters, devices, backlog) and each center's rules,
// the alerts that should be open. The evaluator raises those not open yet and clears the open ones no longer wanted.
import type { AlertKind, AlertRules, AlertSeverity, DeviceStatus } from '@luot/contract';
import { DEFAULT_ALERT_RULES, vietnamParts } from '@luot/contract';
import type { AreaLine, CenterCount, CounterGlance, DeviceGlance } from '../store/operations.ts';

export interface WantedAlert {
  centerId: string;
  kind: AlertKind;
  subject: string;
  severity: AlertSeverity;
  messageVi: string;
  messageEn: string;
}

export interface Situation {
  centerIds: string[];
  rules: Map<string, AlertRules>;
  lines: AreaLine[];
  counters: CounterGlance[];
  devices: DeviceGlance[];
  backlog: CenterCount<'pending' | 'dead'>[];
  /** The province link as this server sees it. */
  link: 'closed' | 'open' | 'half_open';
  now: Date;
  /** A device silent longer than this is offline (even before the sweep records it). */
  offlineMs: number;
}

/** The key of an open alert: one per center, kind and subject. */
export const alertKey = (a: Pick<WantedAlert, 'centerId' | 'kind' | 'subject'>) =>
  `${a.centerId}\u0000${a.kind}\u0000${a.subject}`;

const minutes = (ms: number) => Math.floor(ms / 60_000);

const PRINTER_WORDS: Partial<Record<DeviceStatus, { vi: string; en: string; severity: AlertSeverity }>> = {
  paper_out: { vi: 'hết giấy', en: 'is out of paper', severity: 'critical' },
  cover_open: { vi: 'mở nắp', en: 'has its cover open', severity: 'critical' },
  printer_error: { vi: 'báo lỗi', en: 'reports an error', severity: 'critical' },
  printer_offline: { vi: 'không kết nối được', en: 'is unreachable', severity: 'critical' },
  offline: {
    vi: 'mất kết nối (chương trình in không hoạt động)',
    en: 'is offline (print agent silent)',
    severity: 'critical',
  },
  paper_near_end: { vi: 'sắp hết giấy', en: 'is near the end of its paper', severity: 'warning' },
};

/** The device's status as of now: one whose heartbeat is overdue is offline before the sweep says so. */
export function statusNow(d: DeviceGlance, now: Date, offlineMs: number): DeviceStatus | null {
  if (d.status !== null && d.lastSeenAt !== null && now.getTime() - Date.parse(d.lastSeenAt) > offlineMs)
    return 'offline';
  return d.status;
}

export function wantedAlerts(s: Situation): WantedAlert[] {
  const out: WantedAlert[] = [];
  const rulesOf = (centerId: string) => s.rules.get(centerId) ?? DEFAULT_ALERT_RULES;
  const now = s.now.getTime();

  for (const line of s.lines) {
    const r = rulesOf(line.centerId);
    if (line.waiting === 0 || line.oldestQueuedAt === null) continue;
    const waitedMs = now - Date.parse(line.oldestQueuedAt);
    const limitMs = line.targetMinutes * r.waitFactor * 60_000;
    if (r.waitOverTarget && waitedMs > limitMs)
      out.push({
        centerId: line.centerId,
        kind: 'wait_over_target',
        subject: line.areaId,
        severity: waitedMs > 2 * limitMs ? 'critical' : 'warning',
        messageVi: `${line.nameVi}: ${line.waiting} người chờ, lâu nhất ${minutes(waitedMs)} phút (chỉ tiêu ${Math.round(line.targetMinutes * r.waitFactor)} phút)`,
        messageEn: `${line.nameEn}: ${line.waiting} waiting, longest ${minutes(waitedMs)} min (target ${Math.round(line.targetMinutes * r.waitFactor)} min)`,
      });
    if (r.idleWithLine && waitedMs > r.idleMinutes * 60_000) {
      const mine = s.counters.filter((c) => c.centerId === line.centerId && c.areaIds.includes(line.areaId));
      // Counters that could take the line but do not: open with nobody called, or paused; none of them busy.
      const idle = mine.filter((c) => (c.state === 'open' && !c.busy) || c.state === 'paused');
      if (idle.length > 0 && !mine.some((c) => c.busy))
        out.push({
          centerId: line.centerId,
          kind: 'line_idle_counters',
          subject: line.areaId,
          severity: 'warning',
          messageVi: `${line.nameVi}: ${line.waiting} người chờ hơn ${r.idleMinutes} phút, quầy ${idle.map((c) => c.number).join(', ')} không gọi số (đang trống hoặc tạm dừng)`,
          messageEn: `${line.nameEn}: ${line.waiting} waiting over ${r.idleMinutes} min while counter ${idle.map((c) => c.number).join(', ')} calls nobody (idle or paused)`,
        });
    }
  }

  const names = new Map(s.devices.map((d) => [d.id, d.name]));
  for (const d of s.devices) {
    const r = rulesOf(d.centerId);
    if (d.revokedAt !== null) {
      if (r.deviceRevoked)
        out.push({
          centerId: d.centerId,
          kind: 'device_revoked',
          subject: d.id,
          severity: 'warning',
          messageVi: `${d.name}: đã thu hồi quyền kết nối, cần ghép nối lại`,
          messageEn: `${d.name}: credential revoked, pair it again`,
        });
      continue;
    }
    if (!d.enrolled) continue;
    const status = statusNow(d, s.now, s.offlineMs);
    if (d.kind === 'print_agent') {
      const words = status ? PRINTER_WORDS[status] : undefined;
      if (!r.printer || !words || (status === 'paper_near_end' && !r.printerNearEnd)) continue;
      const kiosk = d.kioskId ? (names.get(d.kioskId) ?? d.kioskId) : d.name;
      out.push({
        centerId: d.centerId,
        kind: 'printer_problem',
        subject: d.id,
        severity: words.severity,
        messageVi: `Máy in của ${kiosk} ${words.vi}`,
        messageEn: `The printer of ${kiosk} ${words.en}`,
      });
    } else if (status === 'offline' && r.displayOffline) {
      out.push({
        centerId: d.centerId,
        kind: 'display_offline',
        subject: d.id,
        severity: d.kind === 'kiosk' ? 'critical' : 'warning',
        messageVi: `${d.name}: mất kết nối${d.lastSeenAt ? ` từ ${hhmm(d.lastSeenAt)}` : ''}`,
        messageEn: `${d.name}: offline${d.lastSeenAt ? ` since ${hhmm(d.lastSeenAt)}` : ''}`,
      });
    }
  }

  const backlog = new Map<string, { pending: number; dead: number }>();
  for (const b of s.backlog) {
    const v = backlog.get(b.centerId) ?? { pending: 0, dead: 0 };
    v[b.key] = b.n;
    backlog.set(b.centerId, v);
  }
  for (const centerId of s.centerIds) {
    const r = rulesOf(centerId);
    if (!r.provinceLink) continue;
    const { pending, dead } = backlog.get(centerId) ?? { pending: 0, dead: 0 };
    const down = s.link === 'open' && pending > 0;
    if (!down && pending <= r.backlogThreshold && dead === 0) continue;
    const parts: [string, string][] = [];
    if (down) parts.push(['mất kết nối với hệ thống tỉnh', 'the provincial system is unreachable']);
    if (pending > 0) parts.push([`${pending} hồ sơ chờ chuyển`, `${pending} dossiers waiting to be sent`]);
    if (dead > 0) parts.push([`${dead} hồ sơ chuyển không được`, `${dead} dossiers could not be sent`]);
    out.push({
      centerId,
      kind: 'province_link',
      subject: 'province',
      severity: down || dead > 0 ? 'critical' : 'warning',
      messageVi: `Liên thông tỉnh: ${parts.map((p) => p[0]).join(', ')}`,
      messageEn: `Province link: ${parts.map((p) => p[1]).join(', ')}`,
    });
  }
  return out;
}

/** HH:mm in Vietnam time. */
function hhmm(iso: string): string {
  const p = vietnamParts(iso);
  return `${p.hour}:${p.minute}`;
}
