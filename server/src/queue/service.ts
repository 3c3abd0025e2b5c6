// The queue service: each command loads what it needs in one transaction, asks the pure engine what
// happens, writes the result and the center's event, and broadcasts only after the commit.
import { createHash, randomInt, randomUUID } from 'node:crypto';
import type {
  CallView,
  CenterEvent,
  DeskTicket,
  DeskView,
  CenterEventType,
  CenterSnapshot,
  Counter,
  IssuedTicket,
  PriorityClass,
  Ticket,
  TicketChannel,
} from '@luot/contract';
import { currentPassage, RECENT_CALLS, SHOWN_CALL_STATES } from '@luot/contract';
import { templateProblem } from './call-template.ts';
import { DomainError } from '../engine/domain-error.ts';
import { estimatedWaitMinutes } from '../engine/estimate.ts';
import { policyFor, slicesAhead } from '../engine/policy.ts';
import { dossierCodeOf, serviceDayOf } from '../engine/service-day.ts';
import * as rules from '../engine/ticket.ts';
import { newPrintJob } from '../print/jobs.ts';
import { checkIssuing } from '../setup/calendar-data.ts';
import type { Store, Tx } from '../store/store.ts';
import {
  areaViews,
  averageMinutesOf,
  callView,
  type CenterState,
  counterViews,
  openCountersFor,
  publicTicket,
} from './views.ts';

export type Clock = () => Date;

export interface IdSource {
  ticketId(): string;
  /** The 4-character tracking secret printed beside the dossier code. */
  trackingSecret(): string;
}

// No 0/O, 1/I/L: the secret is read off paper and typed on a phone.
const SECRET_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const randomIds: IdSource = {
  ticketId: () => randomUUID(),
  trackingSecret: () => Array.from({ length: 4 }, () => SECRET_ALPHABET[randomInt(SECRET_ALPHABET.length)]).join(''),
};

export interface IssueRequest {
  areaId: string;
  priority: PriorityClass;
  kioskId: string | null;
  /** Default 'kiosk'. */
  channel?: TicketChannel;
}

/** A ticket issued inside another command (an online number, an appointment's check-in). */
export interface IssueFields extends IssueRequest {
  dueAt?: string | null;
  confirmedAt?: string | null;
  actor: string;
}

interface Change {
  type: CenterEventType;
  actor: string;
  ticket?: Ticket;
  call?: CallView;
  counterIds?: string[];
  areaIds?: string[];
  note?: string | null;
  /** Only for 'center:announcement'. */
  announcement?: string | null;
  /** Only for 'center:call_template'. */
  callTemplate?: string;
}

type CounterChange = (counter: Counter) => { counter: Counter; type: CenterEventType; note?: string | null };

/** The heads of the lines a counter serves: all the call-next policy needs to see. */
async function lineHeads(tx: Tx, counter: Counter, skipUnconfirmed: boolean): Promise<Ticket[]> {
  const heads = [await tx.firstForCounter(counter.centerId, counter.id)];
  for (const areaId of counter.areaIds)
    heads.push(
      await tx.firstInLine(counter.centerId, areaId, true, skipUnconfirmed),
      await tx.firstInLine(counter.centerId, areaId, false, skipUnconfirmed),
      await tx.firstAppointment(counter.centerId, areaId),
    );
  return heads.filter((t): t is Ticket => t !== null);
}

/** How many people the policy would call before this waiting ticket. */
export async function peopleAheadOf(tx: Tx, ticket: Ticket): Promise<number> {
  const counts = await Promise.all(
    slicesAhead(ticket).map((slice) => tx.countInLine(ticket.centerId, ticket.areaId, slice)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** The calls a hall may show: those of tickets still at (or served at) the counter that called them. */
async function liveCalls(tx: Tx, calls: CallView[]): Promise<CallView[]> {
  const tickets = new Map((await tx.tickets([...new Set(calls.map((c) => c.ticketId))])).map((t) => [t.id, t]));
  return currentPassage(calls).filter((c) => {
    const t = tickets.get(c.ticketId);
    return t !== undefined && SHOWN_CALL_STATES.includes(t.state) && t.counterId === c.counterId;
  });
}

export type EventListener = (event: CenterEvent) => void;

export class QueueService {
  private readonly listeners = new Set<EventListener>();

  constructor(
    readonly store: Store,
    /** The one source of the time for every behaviour on the server (tests inject theirs). */
    readonly clock: Clock = () => new Date(),
    private readonly ids: IdSource = randomIds,
  ) {}

  /** Listen to committed events, in commit order. */
  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the center for a command, locking it until the commit (a snapshot only shares the lock). */
  private async load(tx: Tx, centerId: string, lock: 'update' | 'share' = 'update'): Promise<CenterState> {
    const center = await tx.center(centerId, lock);
    if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
    return { center, areas: await tx.areas(centerId), counters: await tx.counters(centerId) };
  }

  private counterOf(state: CenterState, counterId: string): Counter {
    const counter = state.counters.find((c) => c.id === counterId);
    if (!counter) throw new DomainError('COUNTER_NOT_FOUND', counterId);
    return counter;
  }

  private areaOf(state: CenterState, areaId: string) {
    const area = state.areas.find((a) => a.id === areaId);
    if (!area) throw new DomainError('AREA_NOT_FOUND', areaId);
    return area;
  }

  /** Records a change in the center's log and schedules its broadcast for after the commit. */
  private async record(tx: Tx, state: CenterState, now: Date, change: Change): Promise<CenterEvent> {
    const counters = await counterViews(tx, state, change.counterIds ?? []);
    const areas = await areaViews(tx, state, now, change.areaIds ?? []);
    const event = await tx.appendEvent(state.center.id, (seq) => ({
      event: {
        type: change.type,
        seq,
        centerId: state.center.id,
        at: now.toISOString(),
        ticket: change.ticket ? publicTicket(change.ticket) : null,
        call: change.call ?? null,
        counters,
        areas,
        ...(change.announcement === undefined ? {} : { announcement: change.announcement }),
        ...(change.callTemplate === undefined ? {} : { callTemplate: change.callTemplate }),
      },
      actor: change.actor,
      ticketId: change.ticket?.id ?? null,
      counterId: change.counterIds?.[0] ?? null,
      note: change.note ?? null,
    }));
    tx.afterCommit(() => this.listeners.forEach((l) => l(event)));
    return event;
  }

  /** Sets a counter's fields both in the loaded state (for views) and in the store. */
  private async saveCounter(tx: Tx, state: CenterState, counter: Counter): Promise<void> {
    state.counters = state.counters.map((c) => (c.id === counter.id ? counter : c));
    await tx.updateCounter(counter);
  }

  async issueTicket(
    centerId: string,
    req: IssueRequest,
    idempotencyKey: string,
  ): Promise<{ issued: IssuedTicket; replayed: boolean }> {
    const channel = req.channel ?? 'kiosk';
    const requestHash = createHash('sha256')
      .update(JSON.stringify([req.areaId, req.priority, req.kioskId, ...(channel === 'kiosk' ? [] : [channel])]))
      .digest('hex');
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      this.areaOf(state, req.areaId);
      const previous = await tx.ticketByIdempotencyKey(centerId, idempotencyKey);
      if (previous) {
        if (previous.requestHash !== requestHash) throw new DomainError('IDEMPOTENCY_CONFLICT');
        return { issued: await this.describeIssued(tx, state, previous.ticket), replayed: true };
      }
      const actor = req.kioskId ? `kiosk:${req.kioskId}` : channel;
      const issued = await this.issueWith(
        tx,
        state,
        this.clock(),
        { ...req, channel, actor },
        { key: idempotencyKey, requestHash },
      );
      return { issued, replayed: false };
    });
  }

  /** Issues a ticket inside a command of another service (same rules, numbering and events as the kiosk's). */
  async issueIn(tx: Tx, centerId: string, fields: IssueFields): Promise<IssuedTicket> {
    return this.issueWith(tx, await this.load(tx, centerId), this.clock(), fields, null);
  }

  private async issueWith(
    tx: Tx,
    state: CenterState,
    now: Date,
    req: IssueFields,
    idempotency: { key: string; requestHash: string } | null,
  ): Promise<IssuedTicket> {
    const centerId = state.center.id;
    const area = this.areaOf(state, req.areaId);
    // Outside the center's hours (or past the area's last ticket, or on a holiday) nothing is issued.
    await checkIssuing(tx, state.center, area.id, now);
    const day = serviceDayOf(now);
    if (area.closedOn === day) throw new DomainError('AREA_CLOSED', area.nameVi);
    if (openCountersFor(state, area.id) === 0) throw new DomainError('AREA_NOT_SERVED', area.nameVi);
    const n = await tx.nextSequence(centerId, `area:${area.id}`, day);
    const number = area.blockStart + n - 1;
    if (number > area.blockEnd) throw new DomainError('AREA_FULL', area.nameVi);
    const dossierSeq = await tx.nextSequence(centerId, 'dossier', day);
    const ticket = rules.issue(
      {
        id: this.ids.ticketId(),
        centerId,
        areaId: area.id,
        number,
        serviceDay: day,
        priority: req.priority,
        dossierCode: dossierCodeOf(state.center.agencyCode, day, dossierSeq),
        trackingSecret: this.ids.trackingSecret(),
        kioskId: req.kioskId,
        channel: req.channel,
        dueAt: req.dueAt,
        confirmedAt: req.confirmedAt,
      },
      now,
    );
    await tx.insertTicket(ticket, idempotency);
    await this.record(tx, state, now, { type: 'ticket:issued', actor: req.actor, ticket, areaIds: [area.id] });
    // An idle counter of the area with auto-call on calls at once (by its policy: maybe another waiting ticket).
    const called = await this.autoCallIdle(tx, state, now, (c) => c.areaIds.includes(area.id));
    const issued = await this.describeIssued(
      tx,
      state,
      called.includes(ticket.id) ? ((await tx.ticket(ticket.id)) ?? ticket) : ticket,
    );
    // The kiosk's printer prints what the kiosk screen shows: same numbers, same transaction.
    if (req.kioskId) await tx.insertPrintJob(newPrintJob(issued, req.kioskId, now));
    return issued;
  }

  /** An online number's citizen is at the center (kiosk scan or desk): the ticket may now be called. */
  async confirmIn(tx: Tx, ticket: Ticket): Promise<IssuedTicket> {
    const state = await this.load(tx, ticket.centerId);
    const now = this.clock();
    const confirmed = rules.confirmArrival(ticket, now);
    await tx.updateTicket(confirmed);
    // An idle auto-calling counter may call it now that it is no longer passed over.
    const called = await this.autoCallIdle(tx, state, now, (c) => c.areaIds.includes(ticket.areaId));
    return this.describeIssued(
      tx,
      state,
      called.includes(ticket.id) ? ((await tx.ticket(ticket.id)) ?? confirmed) : confirmed,
    );
  }

  /** Cancels waiting tickets of a center in one command (online numbers void at closing), each logged. */
  async cancelIn(tx: Tx, centerId: string, tickets: Ticket[], actor: string, note: string): Promise<void> {
    if (tickets.length === 0) return;
    const state = await this.load(tx, centerId);
    const now = this.clock();
    for (const t of tickets) {
      const cancelled = rules.cancel(t, now);
      await tx.updateTicket(cancelled);
      await this.record(tx, state, now, {
        type: 'ticket:cancelled',
        actor,
        ticket: cancelled,
        areaIds: [t.areaId],
        note,
      });
    }
  }

  private async describeIssued(tx: Tx, state: CenterState, ticket: Ticket): Promise<IssuedTicket> {
    const area = this.areaOf(state, ticket.areaId);
    const ahead = ticket.state === 'waiting' ? await peopleAheadOf(tx, ticket) : 0;
    return {
      ticket,
      area: { id: area.id, code: area.code, nameVi: area.nameVi, nameEn: area.nameEn },
      center: { id: state.center.id, name: state.center.name, commune: state.center.commune },
      peopleAhead: ahead,
      estimatedWaitMinutes: estimatedWaitMinutes(ahead, await averageMinutesOf(tx, area), state.counters, area.id),
    };
  }

  /** Calls the next ticket for a counter, by the center's policy. Two counters never get the same ticket. */
  callNext(centerId: string, counterId: string, actor: string): Promise<Ticket> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.counterOf(state, counterId);
      if (counter.state !== 'open') throw new DomainError('COUNTER_CLOSED', `quầy ${counter.number}`);
      if (counter.currentTicketId) throw new DomainError('COUNTER_BUSY', `quầy ${counter.number}`);
      const ticket = await this.callNextIn(tx, state, counter, this.clock(), actor);
      if (!ticket) throw new DomainError('NOTHING_WAITING', `quầy ${counter.number}`);
      return ticket;
    });
  }

  /** The policy's call for a free, open counter inside a command; null when nobody waits. */
  private async callNextIn(
    tx: Tx,
    state: CenterState,
    counter: Counter,
    now: Date,
    actor: string,
  ): Promise<Ticket | null> {
    const settings = state.center.settings;
    const heads = await lineHeads(tx, counter, (settings.onlineUnconfirmed ?? 'skip') === 'skip');
    const choice = policyFor(settings)(counter, state.areas, heads, now);
    if (!choice) return null;
    const ticket = rules.call(choice.ticket, counter, now);
    const area = this.areaOf(state, ticket.areaId);
    if (area.priorityStreak !== choice.priorityStreak) {
      const updated = { ...area, priorityStreak: choice.priorityStreak };
      await tx.updateArea(updated);
      state.areas = state.areas.map((a) => (a.id === area.id ? updated : a));
    }
    return this.callTicket(tx, state, counter, ticket, now, { type: 'ticket:called', actor });
  }

  /** Puts a ticket just called at the counter and announces it. */
  private async callTicket(
    tx: Tx,
    state: CenterState,
    counter: Counter,
    ticket: Ticket,
    now: Date,
    change: { type: CenterEventType; actor: string; note?: string | null },
  ) {
    await tx.updateTicket(ticket);
    await this.saveCounter(tx, state, { ...counter, currentTicketId: ticket.id });
    await this.record(tx, state, now, {
      ...change,
      ticket,
      call: callView(state, ticket, counter, now),
      counterIds: [counter.id],
      areaIds: [ticket.areaId],
    });
    return ticket;
  }

  /**
   * Open, idle counters with the officer's auto-call on (of those `which` picks) call the next ticket by the
   * policy, in this command; the ids of the tickets called.
   */
  private async autoCallIdle(tx: Tx, state: CenterState, now: Date, which: (c: Counter) => boolean): Promise<string[]> {
    const called: string[] = [];
    for (const counter of state.counters.filter((c) => c.state === 'open' && !c.currentTicketId && which(c))) {
      if (!(await tx.desk.autoCall(counter.centerId, counter.id))) continue;
      const ticket = await this.callNextIn(
        tx,
        state,
        counter,
        now,
        counter.officer ? `officer:${counter.officer}` : 'auto-call',
      );
      if (ticket) called.push(ticket.id);
    }
    return called;
  }

  /** A free, open counter of the state, or the refusal. */
  private freeCounter(state: CenterState, counterId: string): Counter {
    const counter = this.counterOf(state, counterId);
    if (counter.state !== 'open') throw new DomainError('COUNTER_CLOSED', `quầy ${counter.number}`);
    if (counter.currentTicketId) throw new DomainError('COUNTER_BUSY', `quầy ${counter.number}`);
    return counter;
  }

  /** Calls a chosen waiting ticket out of line order; the reason is kept in the event log. */
  callChosen(centerId: string, counterId: string, ticketId: string, reason: string, actor: string): Promise<Ticket> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.freeCounter(state, counterId);
      const chosen = await tx.ticket(ticketId);
      if (!chosen || chosen.centerId !== centerId) throw new DomainError('TICKET_NOT_FOUND', ticketId);
      const now = this.clock();
      return this.callTicket(tx, state, counter, rules.callChosen(chosen, counter, now), now, {
        type: 'ticket:called_chosen',
        actor,
        note: reason.trim(),
      });
    });
  }

  /** Calls a parked citizen back to the counter that parked them. */
  unhold(centerId: string, counterId: string, ticketId: string, actor: string): Promise<Ticket> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.freeCounter(state, counterId);
      const held = await tx.ticket(ticketId);
      if (!held || held.centerId !== centerId) throw new DomainError('TICKET_NOT_FOUND', ticketId);
      const now = this.clock();
      return this.callTicket(tx, state, counter, rules.recallFromHold(held, counter, now), now, {
        type: 'ticket:unheld',
        actor,
      });
    });
  }

  /** Parks the counter's citizen (sent to fetch a document): the counter is free for the next one. */
  hold(centerId: string, counterId: string, note: string | null, actor: string): Promise<Ticket> {
    return this.atCounter(centerId, counterId, (ctx) =>
      this.release(ctx, rules.hold(ctx.ticket), 'ticket:held', actor, note),
    );
  }

  /** Completes the counter's ticket and calls the next one in the same command (null when nobody waits). */
  completeAndNext(
    centerId: string,
    counterId: string,
    actor: string,
    note: string | null = null,
  ): Promise<{ completed: Ticket; called: Ticket | null }> {
    return this.atCounter(centerId, counterId, async (ctx) => {
      const completed = await this.release(ctx, rules.complete(ctx.ticket, ctx.now), 'ticket:completed', actor, note);
      const counter = this.counterOf(ctx.state, counterId);
      if (counter.currentTicketId) return { completed, called: await ctx.tx.ticket(counter.currentTicketId) }; // auto-call did it
      return {
        completed,
        called: counter.state === 'open' ? await this.callNextIn(ctx.tx, ctx.state, counter, ctx.now, actor) : null,
      };
    });
  }

  /** The officer's setting: call the next citizen as soon as the counter is free. */
  setAutoCall(centerId: string, counterId: string, on: boolean, actor: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.counterOf(state, counterId);
      await tx.desk.setAutoCall(centerId, counter.id, on);
      await this.record(tx, state, this.clock(), {
        type: 'counter:auto_call',
        actor,
        counterIds: [counter.id],
        note: on ? 'on' : 'off',
      });
      return on;
    });
  }

  /** What a desk lists: its lines, its parked citizens, the absent ones it may put back, the officer's day. */
  desk(centerId: string, counterId: string, actor: string): Promise<DeskView> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId, 'share');
      const counter = this.counterOf(state, counterId);
      const now = this.clock();
      const day = serviceDayOf(now);
      const graceMs = state.center.settings.noShowGraceMinutes * 60_000;
      const own = (t: Ticket) =>
        t.assignedCounterId === counter.id || (t.assignedCounterId === null && counter.areaIds.includes(t.areaId));
      const view = (t: Ticket, since: string | null): DeskTicket => ({
        id: t.id,
        number: t.number,
        areaId: t.areaId,
        priority: t.priority,
        channel: t.channel,
        dueAt: t.dueAt,
        unconfirmed: t.channel === 'online' && t.confirmedAt === null,
        state: t.state,
        issuedAt: t.issuedAt,
        queuedAt: t.queuedAt,
        forThisCounter: t.assignedCounterId === counter.id,
        transferCount: t.transferCount,
        since,
        graceEndsAt:
          t.state === 'no_show' && t.finishedAt ? new Date(Date.parse(t.finishedAt) + graceMs).toISOString() : null,
      });
      const waiting = (await tx.waitingTickets(centerId)).filter(own).map((t) => view(t, null));
      const parked = await tx.desk.parked(centerId, day);
      const held = parked
        .filter((p) => p.ticket.state === 'held' && p.ticket.counterId === counter.id)
        .map((p) => view(p.ticket, p.since));
      const noShows = parked
        .filter(
          (p) =>
            p.ticket.state === 'no_show' &&
            (p.ticket.counterId === counter.id || counter.areaIds.includes(p.ticket.areaId)),
        )
        .map((p) => view(p.ticket, p.since))
        .filter((t) => t.graceEndsAt !== null && Date.parse(t.graceEndsAt) >= now.getTime());
      return {
        counterId: counter.id,
        waiting,
        held,
        noShows,
        autoCall: await tx.desk.autoCall(centerId, counter.id),
        today: { day, ...(await tx.desk.officerDay(centerId, day, actor)) },
      };
    });
  }

  /** The center's call wording, shown on the hall and spoken: {number} and {counter} required, {area} optional. */
  setCallTemplate(centerId: string, template: string, actor: string): Promise<string> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const clean = template.replace(/\s+/g, ' ').trim();
      const problem = templateProblem(clean);
      if (problem !== null) throw new DomainError('BAD_TEMPLATE', problem || undefined);
      await tx.desk.setCallTemplate(centerId, clean);
      // In the log, so that every display words the following calls with it (the deltas carry no call text).
      await this.record(tx, state, this.clock(), {
        type: 'center:call_template',
        actor,
        note: clean,
        callTemplate: clean,
      });
      return clean;
    });
  }

  /** Records, in the transaction of the change, that a center's configuration changed: its clients read it anew. */
  async configChanged(tx: Tx, centerId: string, actor: string, note: string): Promise<void> {
    const state = await this.load(tx, centerId);
    await this.record(tx, state, this.clock(), { type: 'center:config', actor, note });
  }

  /** Sets (or clears, with an empty text) the text line of the center's hall displays. */
  setAnnouncement(centerId: string, text: string, actor: string): Promise<string | null> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const now = this.clock();
      const line = text.replace(/\s+/g, ' ').trim() || null;
      await tx.desk.setAnnouncement(centerId, line, now.toISOString(), actor);
      const event = await this.record(tx, state, now, {
        type: 'center:announcement',
        actor,
        note: line,
        announcement: line,
      });
      return event.announcement ?? null;
    });
  }

  /** Runs a rule on the ticket now at a counter. */
  private atCounter<T = Ticket>(
    centerId: string,
    counterId: string,
    step: (ctx: { tx: Tx; state: CenterState; counter: Counter; ticket: Ticket; now: Date }) => Promise<T>,
  ): Promise<T> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.counterOf(state, counterId);
      const ticket = counter.currentTicketId ? await tx.ticket(counter.currentTicketId) : null;
      if (!ticket) throw new DomainError('COUNTER_IDLE', `quầy ${counter.number}`);
      return step({ tx, state, counter, ticket, now: this.clock() });
    });
  }

  /** Finishes the counter's ticket with an outcome that frees the counter. */
  private async release(
    ctx: { tx: Tx; state: CenterState; counter: Counter; now: Date },
    ticket: Ticket,
    type: CenterEventType,
    actor: string,
    note: string | null = null,
  ): Promise<Ticket> {
    await ctx.tx.updateTicket(ticket);
    const free = { ...ctx.counter, currentTicketId: null };
    await this.saveCounter(ctx.tx, ctx.state, free);
    const areaIds = [...new Set([ticket.areaId, ...ctx.counter.areaIds])];
    await this.record(ctx.tx, ctx.state, ctx.now, { type, actor, ticket, counterIds: [ctx.counter.id], areaIds, note });
    // The officer's auto-call: the next citizen is called in the same command, announced right after.
    if (free.state === 'open' && (await ctx.tx.desk.autoCall(free.centerId, free.id)))
      await this.callNextIn(ctx.tx, ctx.state, free, ctx.now, actor);
    return ticket;
  }

  recall(centerId: string, counterId: string, actor: string): Promise<Ticket> {
    return this.atCounter(centerId, counterId, async (ctx) => {
      const outcome = rules.recall(ctx.ticket, ctx.state.center, ctx.now);
      if (outcome.kind === 'no_show')
        return this.release(ctx, outcome.ticket, 'ticket:no_show', actor, 'recall limit reached');
      await ctx.tx.updateTicket(outcome.ticket);
      await this.record(ctx.tx, ctx.state, ctx.now, {
        type: 'ticket:recalled',
        actor,
        ticket: outcome.ticket,
        call: callView(ctx.state, outcome.ticket, ctx.counter, ctx.now),
        counterIds: [ctx.counter.id],
      });
      return outcome.ticket;
    });
  }

  startServing(centerId: string, counterId: string, actor: string): Promise<Ticket> {
    return this.atCounter(centerId, counterId, async (ctx) => {
      const ticket = rules.startServing(ctx.ticket, ctx.now);
      await ctx.tx.updateTicket(ticket);
      await this.record(ctx.tx, ctx.state, ctx.now, {
        type: 'ticket:serving',
        actor,
        ticket,
        counterIds: [ctx.counter.id],
      });
      return ticket;
    });
  }

  complete(centerId: string, counterId: string, actor: string, note: string | null = null): Promise<Ticket> {
    return this.atCounter(centerId, counterId, (ctx) =>
      this.release(ctx, rules.complete(ctx.ticket, ctx.now), 'ticket:completed', actor, note),
    );
  }

  markNoShow(centerId: string, counterId: string, actor: string): Promise<Ticket> {
    return this.atCounter(centerId, counterId, (ctx) =>
      this.release(ctx, rules.markNoShow(ctx.ticket, ctx.now), 'ticket:no_show', actor),
    );
  }

  transfer(
    centerId: string,
    counterId: string,
    to: { areaId: string; counterId: string | null; note: string | null },
    actor: string,
  ): Promise<Ticket> {
    return this.atCounter(centerId, counterId, async (ctx) => {
      this.areaOf(ctx.state, to.areaId);
      if (to.counterId) {
        const target = this.counterOf(ctx.state, to.counterId);
        if (!target.areaIds.includes(to.areaId)) throw new DomainError('AREA_NOT_AT_COUNTER', `quầy ${target.number}`);
      }
      return this.release(
        ctx,
        rules.transfer(ctx.ticket, to.areaId, to.counterId),
        'ticket:transferred',
        actor,
        to.note,
      );
    });
  }

  /** Puts a ticket that was closed as absent back in line, within the grace period. */
  requeue(ticketId: string, actor: string, note: string | null = null): Promise<Ticket> {
    return this.onTicket(ticketId, async (tx, state, ticket, now) => {
      const back = rules.requeue(ticket, state.center, now);
      await tx.updateTicket(back);
      await this.record(tx, state, now, { type: 'ticket:requeued', actor, ticket: back, areaIds: [back.areaId], note });
      return back;
    });
  }

  /** Cancels a waiting ticket, or a parked one that will not come back. */
  cancel(ticketId: string, actor: string, note: string | null = null): Promise<Ticket> {
    return this.onTicket(ticketId, async (tx, state, ticket, now) => {
      const cancelled = rules.cancel(ticket, now);
      await tx.updateTicket(cancelled);
      // A called ticket frees its counter.
      const at = state.counters.find((c) => c.currentTicketId === ticket.id);
      if (at) await this.saveCounter(tx, state, { ...at, currentTicketId: null });
      await this.record(tx, state, now, {
        type: 'ticket:cancelled',
        actor,
        ticket: cancelled,
        areaIds: [cancelled.areaId],
        counterIds: at ? [at.id] : [],
        note,
      });
      return cancelled;
    });
  }

  private onTicket(
    ticketId: string,
    step: (tx: Tx, state: CenterState, ticket: Ticket, now: Date) => Promise<Ticket>,
  ): Promise<Ticket> {
    return this.store.transaction(async (tx) => {
      const ticket = await tx.ticket(ticketId);
      if (!ticket) throw new DomainError('TICKET_NOT_FOUND', ticketId);
      return step(tx, await this.load(tx, ticket.centerId), ticket, this.clock());
    });
  }

  /** Changes a counter (open, close, pause, areas) and tells everyone. */
  private onCounter(centerId: string, counterId: string, actor: string, change: CounterChange): Promise<Counter> {
    return this.store.transaction(async (tx) =>
      this.changeCounter(tx, await this.load(tx, centerId), counterId, actor, change),
    );
  }

  private async changeCounter(
    tx: Tx,
    state: CenterState,
    counterId: string,
    actor: string,
    change: CounterChange,
  ): Promise<Counter> {
    const before = this.counterOf(state, counterId);
    const { counter, type, note } = change(before);
    await this.saveCounter(tx, state, counter);
    const areaIds = [...new Set([...before.areaIds, ...counter.areaIds])];
    await this.record(tx, state, this.clock(), { type, actor, counterIds: [counter.id], areaIds, note });
    return counter;
  }

  openCounter(centerId: string, counterId: string, officer: string | null, actor: string): Promise<Counter> {
    return this.onCounter(centerId, counterId, actor, (c) => {
      if (c.state !== 'closed') throw new DomainError('COUNTER_ALREADY_OPEN', `quầy ${c.number}`);
      return { counter: { ...c, state: 'open', pauseReason: null, officer }, type: 'counter:opened' };
    });
  }

  /**
   * An officer takes a counter in their own name: one officer per counter and one counter per officer, decided in
   * one transaction so that two presses at once cannot both win. An open but unattended counter (opened by a
   * manager, or at seed) is taken over, unless a ticket is still at it.
   */
  takeCounter(centerId: string, counterId: string, officer: string, actor: string): Promise<Counter> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const counter = this.counterOf(state, counterId);
      const elsewhere = state.counters.find((c) => c.id !== counterId && c.state !== 'closed' && c.officer === officer);
      if (elsewhere) throw new DomainError('OFFICER_AT_OTHER_COUNTER', `quầy ${elsewhere.number}`);
      if (counter.state !== 'closed') {
        if (counter.officer === officer) return counter;
        if (counter.officer) throw new DomainError('NOT_YOUR_COUNTER', `quầy ${counter.number}`);
        if (counter.currentTicketId) throw new DomainError('COUNTER_BUSY', `quầy ${counter.number}`);
      }
      return this.changeCounter(tx, state, counterId, actor, (c) => ({
        counter: { ...c, state: 'open', pauseReason: null, officer },
        type: 'counter:opened',
      }));
    });
  }

  /** Back from a pause; with auto-call on, the next citizen is called at once. */
  resumeCounter(centerId: string, counterId: string, actor: string): Promise<Counter> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      await this.changeCounter(tx, state, counterId, actor, (c) => {
        if (c.state !== 'paused') throw new DomainError('COUNTER_NOT_PAUSED', `quầy ${c.number}`);
        // The log pairs each pause with its resume, both with the reason: reports count away time by reason.
        return { counter: { ...c, state: 'open', pauseReason: null }, type: 'counter:resumed', note: c.pauseReason };
      });
      await this.autoCallIdle(tx, state, this.clock(), (c) => c.id === counterId);
      return this.counterOf(state, counterId);
    });
  }

  closeCounter(centerId: string, counterId: string, actor: string): Promise<Counter> {
    return this.onCounter(centerId, counterId, actor, (c) => {
      if (c.currentTicketId) throw new DomainError('COUNTER_BUSY', `quầy ${c.number}`);
      return { counter: { ...c, state: 'closed', pauseReason: null, officer: null }, type: 'counter:closed' };
    });
  }

  pauseCounter(centerId: string, counterId: string, reason: string, actor: string): Promise<Counter> {
    return this.onCounter(centerId, counterId, actor, (c) => {
      if (c.state !== 'open') throw new DomainError('COUNTER_CLOSED', `quầy ${c.number}`);
      if (c.currentTicketId) throw new DomainError('COUNTER_BUSY', `quầy ${c.number}`);
      return { counter: { ...c, state: 'paused', pauseReason: reason }, type: 'counter:paused', note: reason };
    });
  }

  assignAreas(centerId: string, counterId: string, areaIds: string[], actor: string): Promise<Counter> {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      for (const id of areaIds) this.areaOf(state, id);
      return this.changeCounter(tx, state, counterId, actor, (c) => ({
        counter: { ...c, areaIds: [...new Set(areaIds)] },
        type: 'counter:reassigned',
      }));
    });
  }

  /** Closes (or reopens) a service area for the rest of the service day: the kiosk stops issuing its tickets. */
  setAreaClosedToday(centerId: string, areaId: string, closed: boolean, actor: string) {
    return this.store.transaction(async (tx) => {
      const state = await this.load(tx, centerId);
      const area = this.areaOf(state, areaId);
      const now = this.clock();
      const updated = { ...area, closedOn: closed ? serviceDayOf(now) : null };
      await tx.updateArea(updated);
      state.areas = state.areas.map((a) => (a.id === areaId ? updated : a));
      await this.record(tx, state, now, { type: closed ? 'area:closed' : 'area:reopened', actor, areaIds: [areaId] });
      return updated;
    });
  }

  /**
   * The center as a client must show it, with the sequence number of the last event it includes. Given the last
   * snapshot built (`known`), it is served again, with the time of now, while no event followed it that day.
   */
  snapshot(centerId: string, known: CenterSnapshot | null = null): Promise<CenterSnapshot> {
    return this.store.transaction(async (tx) => {
      const now = this.clock();
      if (
        known &&
        known.center.id === centerId &&
        known.serviceDay === serviceDayOf(now) &&
        (await tx.lastSeq(centerId)) === known.seq
      ) {
        return { ...known, at: now.toISOString() };
      }
      const state = await this.load(tx, centerId, 'share');
      return {
        seq: await tx.lastSeq(centerId),
        at: now.toISOString(),
        center: {
          id: state.center.id,
          name: state.center.name,
          commune: state.center.commune,
          callTemplate: state.center.settings.callTemplate,
        },
        serviceDay: serviceDayOf(now),
        areas: await areaViews(tx, state, now),
        counters: await counterViews(tx, state),
        recentCalls: await liveCalls(tx, await tx.recentCalls(centerId, RECENT_CALLS)),
        announcement: await tx.desk.announcement(centerId),
      };
    });
  }

  ticket(ticketId: string): Promise<Ticket> {
    return this.store.transaction(async (tx) => {
      const ticket = await tx.ticket(ticketId);
      if (!ticket) throw new DomainError('TICKET_NOT_FOUND', ticketId);
      return ticket;
    });
  }
}
