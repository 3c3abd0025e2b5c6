// Operations: the alert evaluator and the province dashboard. The evaluator runs on a timer (the server's injected
// clock decides what "now" is): it reads every center's situation in a few set-based statements, raises the alerts
// the rules want and clears those no longer wanted; each change goes to the center's staff room and, for a raised
// alert, to the phones the center's rules name (through the message gateway, when there is one).
import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type AlertListQuery,
  type AlertRules,
  type AlertRulesView,
  type CenterGlance,
  DEFAULT_ALERT_RULES,
  type ProvinceDashboard,
} from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { CircuitState } from '../handoff/circuit-breaker.ts';
import type { Notifier } from '../notify/port.ts';
import type { Clock } from '../queue/service.ts';
import { type Actor, recordAudit } from '../setup/service.ts';
import type { CenterScope, GlanceCenter } from '../store/operations.ts';
import type { Store, Tx } from '../store/store.ts';
import { alertKey, statusNow, wantedAlerts, type Situation } from './rules.ts';

export type AlertEventType = 'alert:raised' | 'alert:cleared' | 'alert:acked';
export type AlertListener = (type: AlertEventType, alert: Alert) => void;

export interface AlertServiceOptions {
  clock: Clock;
  /** A device silent this long is offline (DEVICE_OFFLINE_SECONDS). */
  offlineMs: number;
  /** The link to the provincial system as this instance's hand-off worker sees it. */
  link: () => CircuitState;
  /** The message gateway, when one is configured. */
  sms: Notifier | null;
  publicBase: () => string;
  log: { warn(obj: object, msg: string): void };
}

export class AlertService {
  private readonly listeners = new Set<AlertListener>();
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    readonly store: Store,
    private readonly o: AlertServiceOptions,
  ) {}

  onAlert(listener: AlertListener): void {
    this.listeners.add(listener);
  }

  private emit(type: AlertEventType, alert: Alert) {
    this.listeners.forEach((l) => l(type, alert));
  }

  /** Reads the scope's situation: one statement per kind of fact, over all its centers at once. */
  private async situation(tx: Tx, scope: CenterScope, now: Date): Promise<Situation & { centers: GlanceCenter[] }> {
    const ops = tx.operations;
    const centers = await ops.glanceCenters(scope);
    const rules = new Map((await ops.rulesOf(scope)).map((r) => [r.centerId, r.rules]));
    return {
      centers,
      centerIds: centers.map((c) => c.id),
      rules,
      lines: await ops.areaLines(scope),
      counters: await ops.counterGlances(scope),
      devices: await ops.deviceGlances(scope),
      backlog: await ops.outboxBacklog(scope),
      link: this.o.link(),
      now,
      offlineMs: this.o.offlineMs,
    };
  }

  /** One evaluation of every center's rules; runs after the one in progress, never two at once on an instance. */
  evaluate(): Promise<{ raised: Alert[]; cleared: Alert[] }> {
    const run = this.running.then(() => this.evaluateNow());
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Resolves once the evaluation in progress (if any) is done. */
  async idle(): Promise<void> {
    await this.running;
  }

  private async evaluateNow(): Promise<{ raised: Alert[]; cleared: Alert[] }> {
    const now = this.o.clock();
    const at = now.toISOString();
    const { raised, cleared, rules } = await this.store.transaction(async (tx) => {
      const s = await this.situation(tx, { provinceId: null }, now);
      const wanted = new Map(wantedAlerts(s).map((w) => [alertKey(w), w]));
      const open = await tx.operations.openAlerts({ provinceId: null });
      const openKeys = new Set(open.map(alertKey));
      const cleared: Alert[] = [];
      for (const a of open)
        if (!wanted.has(alertKey(a)) && (await tx.operations.clearAlert(a.id, at)))
          cleared.push({ ...a, clearedAt: at });
      const raised: Alert[] = [];
      for (const [key, w] of wanted) {
        if (openKeys.has(key)) continue;
        const alert: Alert = { id: randomUUID(), ...w, raisedAt: at, clearedAt: null, ackedAt: null, ackedBy: null };
        // Another instance may have raised it meanwhile: the unique open index keeps one.
        if (await tx.operations.raiseAlert(alert)) raised.push(alert);
      }
      return { raised, cleared, rules: s.rules };
    });
    cleared.forEach((a) => this.emit('alert:cleared', a));
    raised.forEach((a) => this.emit('alert:raised', a));
    for (const a of raised) this.send(a, rules.get(a.centerId) ?? DEFAULT_ALERT_RULES);
    return { raised, cleared };
  }

  /** Sends a raised alert to the phones the center's rules name; a failure is logged, never retried. */
  private send(alert: Alert, rules: AlertRules) {
    const sms = this.o.sms;
    if (!sms) return;
    for (const phone of rules.notifyPhones)
      sms
        .send(
          { channel: sms.channel, address: phone, keys: null, lang: 'vi' },
          {
            kind: 'alert',
            title: 'Cảnh báo lượt',
            body: alert.messageVi,
            url: `${this.o.publicBase()}/console/?center=${encodeURIComponent(alert.centerId)}#board`,
            tag: `alert-${alert.id}`,
          },
        )
        .then(
          (delivery) => delivery !== 'sent' && this.o.log.warn({ alertId: alert.id, delivery }, 'alert not sent'),
          (err: unknown) => this.o.log.warn({ err, alertId: alert.id }, 'alert not sent'),
        );
  }

  async list(centerId: string, q: AlertListQuery): Promise<Alert[]> {
    return this.store.transaction(async (tx) => {
      if (!(await tx.center(centerId))) throw new DomainError('CENTER_NOT_FOUND', centerId);
      return tx.operations.alertsOf(centerId, q.state !== 'all', q.limit);
    });
  }

  /** A manager acknowledges an alert: who and when are kept on it and in the audit log. */
  async acknowledge(centerId: string, alertId: string, user: Actor): Promise<Alert> {
    const now = this.o.clock();
    const alert = await this.store.transaction(async (tx) => {
      const found = await tx.operations.alert(alertId);
      if (!found || found.centerId !== centerId) throw new DomainError('ALERT_NOT_FOUND', alertId);
      if (found.ackedAt !== null) return null;
      const at = now.toISOString();
      if (!(await tx.operations.ackAlert(alertId, at, user.username))) return null;
      await recordAudit(tx, user, now, {
        centerId,
        action: 'acknowledge',
        entityKind: 'alert',
        entityId: alertId,
        before: { ackedAt: null },
        after: { ackedAt: at, ackedBy: user.username },
      });
      return { ...found, ackedAt: at, ackedBy: user.username };
    });
    // Acknowledged already: the first acknowledgement stands, answered as it is.
    if (!alert) return (await this.store.transaction((tx) => tx.operations.alert(alertId)))!;
    this.emit('alert:acked', alert);
    return alert;
  }

  async rules(centerId: string): Promise<AlertRulesView> {
    return this.store.transaction(async (tx) => {
      const center = await tx.center(centerId);
      if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
      const stored = (await tx.operations.rulesOf({ provinceId: center.provinceId })).find(
        (r) => r.centerId === centerId,
      );
      return stored
        ? { centerId, rules: stored.rules, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy }
        : { centerId, rules: DEFAULT_ALERT_RULES, updatedAt: null, updatedBy: null };
    });
  }

  async putRules(centerId: string, rules: AlertRules, user: Actor): Promise<AlertRulesView> {
    const before = await this.rules(centerId);
    const now = this.o.clock();
    const at = now.toISOString();
    await this.store.transaction(async (tx) => {
      await tx.operations.putRules({ centerId, rules, updatedAt: at, updatedBy: user.username });
      await recordAudit(tx, user, now, {
        centerId,
        action: before.updatedAt ? 'update' : 'create',
        entityKind: 'alert_rules',
        entityId: centerId,
        before: before.rules,
        after: rules,
      });
    });
    return { centerId, rules, updatedAt: at, updatedBy: user.username };
  }

  /** Every center of a province at a glance, from a few statements over all of them. */
  async dashboard(provinceId: string): Promise<ProvinceDashboard> {
    const now = this.o.clock();
    const day = serviceDayOf(now);
    const scope = { provinceId };
    return this.store.transaction(async (tx) => {
      const s = await this.situation(tx, scope, now);
      const outcomes = await tx.operations.dayOutcomes(scope, day);
      const alerts = await tx.operations.openAlerts(scope);
      const glances = new Map<string, CenterGlance>(
        s.centers.map((c) => [
          c.id,
          {
            centerId: c.id,
            name: c.name,
            commune: c.commune,
            counters: 0,
            openCounters: 0,
            pausedCounters: 0,
            waiting: 0,
            longestWaitSeconds: null,
            longestWaitTargetMinutes: null,
            overTarget: false,
            servedToday: 0,
            noShowsToday: 0,
            outboxPending: 0,
            outboxDead: 0,
            devices: 0,
            devicesOffline: 0,
            openAlerts: 0,
            unackedAlerts: 0,
          },
        ]),
      );
      const of = (centerId: string) => glances.get(centerId);
      for (const c of s.counters) {
        const g = of(c.centerId);
        if (!g) continue;
        g.counters++;
        if (c.state === 'open') g.openCounters++;
        if (c.state === 'paused') g.pausedCounters++;
      }
      for (const l of s.lines) {
        const g = of(l.centerId);
        if (!g || l.oldestQueuedAt === null) continue;
        g.waiting += l.waiting;
        const waited = Math.max(0, Math.round((now.getTime() - Date.parse(l.oldestQueuedAt)) / 1000));
        if (waited > l.targetMinutes * 60) g.overTarget = true;
        if (g.longestWaitSeconds === null || waited > g.longestWaitSeconds) {
          g.longestWaitSeconds = waited;
          g.longestWaitTargetMinutes = l.targetMinutes;
        }
      }
      for (const o of outcomes) {
        const g = of(o.centerId);
        if (g) g[o.key === 'done' ? 'servedToday' : 'noShowsToday'] = o.n;
      }
      for (const b of s.backlog) {
        const g = of(b.centerId);
        if (g) g[b.key === 'pending' ? 'outboxPending' : 'outboxDead'] = b.n;
      }
      for (const d of s.devices) {
        const g = of(d.centerId);
        if (!g || d.revokedAt !== null || !d.enrolled) continue;
        g.devices++;
        if (statusNow(d, now, this.o.offlineMs) === 'offline') g.devicesOffline++;
      }
      for (const a of alerts) {
        const g = of(a.centerId);
        if (!g) continue;
        g.openAlerts++;
        if (a.ackedAt === null) g.unackedAlerts++;
      }
      return { provinceId, serviceDay: day, at: now.toISOString(), link: s.link, centers: [...glances.values()] };
    });
  }
}
