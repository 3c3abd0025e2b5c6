// Online numbers and appointments. A citizen proves a phone number with a one-time code sent through the notifier
// port; then takes a number in the kiosk's line (ordered by registration time) or books a slot. The check-in code
// of its QR, at the kiosk or the desk, confirms arrival (an online number) or issues the appointment's ticket.
// Online numbers not confirmed are void at closing (sweep, run every minute on the injected clock).
import { randomUUID } from 'node:crypto';
import {
  type AppointmentView,
  CHECKIN_PARAM,
  type CheckinReply,
  checkinCodeOf,
  type IssuedTicket,
  maskPhone,
  ONLINE_PHONE_CONSENT_TEXT,
  ONLINE_PHONE_CONSENT_VERSION,
  type NotifyLang,
  type OnlineCenter,
  type OnlineTicketReply,
  type OtpRequestReply,
  type SlotsReply,
  type Ticket,
  trackingUrlOf,
} from '@luot/contract';
import {
  appointmentTicketFields,
  checkinTiming,
  DEFAULT_DAILY_CAP,
  DEFAULT_DAYS_AHEAD,
  DEFAULT_SLOT_MINUTES,
  slotCapacity,
  slotStart,
  slotTimes,
} from '../engine/appointments.ts';
import { nextDay } from '../engine/calendar.ts';
import { DomainError } from '../engine/domain-error.ts';
import { DEFAULT_APPOINTMENT_WINDOW_MINUTES } from '../engine/policy.ts';
import { serviceDayOf } from '../engine/service-day.ts';
import type { Notifier } from '../notify/port.ts';
import type { Clock, QueueService } from '../queue/service.ts';
import { centerOpening, loadCalendar } from '../setup/calendar-data.ts';
import type { Appointment } from '../store/online.ts';
import type { Store, Tx } from '../store/store.ts';
import { type CitizenSecrets, newOtp, normalPhone, spacedCode } from './codes.ts';

/** How long a one-time code is valid, how many wrong tries it takes, how many a phone may ask for. */
export const OTP_TTL_MS = 5 * 60_000;
export const OTP_MAX_ATTEMPTS = 5;
export const OTP_PER_PHONE = 5;
export const OTP_PHONE_WINDOW_MS = 15 * 60_000;

/** A phone proved by the code sent to it. */
export interface PhoneProof {
  phone: string;
  requestId: string;
  code: string;
}

/** Why nothing was issued at closing-time sweeps: the center is closed for the rest of the day. */
const CLOSED_FOR_THE_DAY = new Set(['after_closing', 'holiday', 'closed_day', 'weekly_closed']);

const OTP_TEXT: Record<NotifyLang, (code: string) => { title: string; body: string }> = {
  vi: (code) => ({
    title: 'Mã xác thực luot',
    body: `${code} là mã xác thực lấy số / đặt lịch hẹn, hiệu lực 5 phút. Không chia sẻ mã này cho người khác.`,
  }),
  en: (code) => ({
    title: 'luot verification code',
    body: `${code} is your code to take a number / book an appointment, valid for 5 minutes. Do not share it.`,
  }),
};

export interface OnlineOptions {
  clock: Clock;
  publicBase: () => string;
  /** The message gateway (SMS, Zalo OA): absent, codes cannot be sent. */
  sms: Notifier | null;
}

export class OnlineService {
  constructor(
    private readonly store: Store,
    private readonly queue: QueueService,
    private readonly secrets: CitizenSecrets,
    private readonly options: OnlineOptions,
  ) {}

  private now() {
    return this.options.clock();
  }

  /** The centers and their areas, with whether online numbers are given now. */
  centers(): Promise<OnlineCenter[]> {
    return this.store.transaction(async (tx) => {
      const out: OnlineCenter[] = [];
      const now = this.now();
      for (const { id } of await this.store.centers()) {
        const center = await tx.center(id);
        if (!center) continue;
        const areas = await tx.areas(id);
        const opening = await centerOpening(
          tx,
          center,
          areas.map((a) => a.id),
          now,
        );
        out.push({
          id,
          name: center.name,
          commune: center.commune,
          address: center.address,
          open: opening.status.open,
          areas: await Promise.all(
            areas.map(async (a) => ({
              id: a.id,
              code: a.code,
              nameVi: a.nameVi,
              nameEn: a.nameEn,
              waiting: await tx.waitingCount(id, a.id),
            })),
          ),
        });
      }
      return out;
    });
  }

  /** Sends a one-time code to a phone; only digests are kept. */
  async requestCode(phone: string, lang: NotifyLang): Promise<OtpRequestReply> {
    const sms = this.options.sms;
    if (!sms) throw new DomainError('OTP_UNAVAILABLE');
    const now = this.now();
    const digest = this.secrets.phoneDigest(phone);
    const requestId = randomUUID();
    const code = newOtp();
    const expiresAt = new Date(now.getTime() + OTP_TTL_MS).toISOString();
    await this.store.transaction(async (tx) => {
      const since = new Date(now.getTime() - OTP_PHONE_WINDOW_MS).toISOString();
      if ((await tx.online.codesSince(digest, since)) >= OTP_PER_PHONE)
        throw new DomainError('RATE_LIMITED', 'codes for this phone');
      await tx.online.insertCode({
        id: requestId,
        phone_digest: digest,
        code_digest: this.secrets.codeDigest(requestId, code),
        created_at: now.toISOString(),
        expires_at: expiresAt,
      });
    });
    const words = OTP_TEXT[lang](code);
    const delivery = await sms.send(
      { channel: 'sms', address: normalPhone(phone), keys: null, lang },
      { kind: 'code', ...words, url: `${this.options.publicBase()}/track/`, tag: 'code' },
    );
    if (delivery !== 'sent') throw new DomainError('OTP_SEND_FAILED');
    return { requestId, expiresAt };
  }

  /**
   * Checks a proof before the command: a wrong code is counted (committed), a spent, expired or over-tried one
   * refused. The command then spends it in its own transaction (`spend`), so a refused command spends nothing.
   */
  private async check(proof: PhoneProof): Promise<string> {
    const digest = this.secrets.phoneDigest(proof.phone);
    const now = this.now().toISOString();
    const outcome = await this.store.transaction(async (tx) => {
      const row = await tx.online.code(proof.requestId);
      if (!row || row.phone_digest !== digest) return 'OTP_INVALID' as const;
      if (row.used_at !== null || row.expires_at <= now) return 'OTP_EXPIRED' as const;
      if (row.attempts >= OTP_MAX_ATTEMPTS) return 'OTP_TOO_MANY_ATTEMPTS' as const;
      if (this.secrets.codeMatches(proof.requestId, proof.code, row.code_digest)) return null;
      const attempts = await tx.online.countAttempt(row.id);
      return attempts >= OTP_MAX_ATTEMPTS ? ('OTP_TOO_MANY_ATTEMPTS' as const) : ('OTP_INVALID' as const);
    });
    if (outcome) throw new DomainError(outcome);
    return digest;
  }

  /** Spends a checked code inside the command: a second use (even at the same instant) is refused. */
  private async spend(tx: Tx, proof: PhoneProof): Promise<void> {
    if (!(await tx.online.useCode(proof.requestId, this.now().toISOString()))) throw new DomainError('OTP_EXPIRED');
  }

  private async checkCap(tx: Tx, centerId: string, digest: string, day: string): Promise<void> {
    const center = await tx.center(centerId, 'update');
    if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
    const cap = center.settings.onlineDailyCap ?? DEFAULT_DAILY_CAP;
    if ((await tx.online.holdingsOn(digest, day)) >= cap) throw new DomainError('DAILY_CAP_REACHED', String(cap));
  }

  /** An online number in the area's line, in order of registration with the kiosk's tickets. */
  async takeNumber(centerId: string, areaId: string, proof: PhoneProof): Promise<OnlineTicketReply> {
    const digest = await this.check(proof);
    return this.store.transaction(async (tx) => {
      const day = serviceDayOf(this.now());
      await this.checkCap(tx, centerId, digest, day);
      await this.spend(tx, proof);
      const issued = await this.queue.issueIn(tx, centerId, {
        areaId,
        priority: 'none',
        kioskId: null,
        channel: 'online',
        actor: 'online',
      });
      const { ref, code } = this.secrets.newCheckin('number');
      await tx.online.insertCitizenTicket({
        ticket_id: issued.ticket.id,
        center_id: centerId,
        service_day: day,
        phone_digest: digest,
        checkin_ref: ref,
      });
      await this.recordConsent(tx, centerId, 'online_number', issued.ticket.id, digest);
      return { ...issued, ...this.links(issued, code), checkinCode: spacedCode(code) };
    });
  }

  private trackingUrlOf(issued: IssuedTicket) {
    return trackingUrlOf(this.options.publicBase(), issued.ticket.dossierCode, issued.ticket.trackingSecret);
  }

  /** The tracking link of an online number carries its check-in code: the page shows the QR, the kiosk reads it. */
  private links(issued: IssuedTicket, code: string) {
    return { trackingUrl: `${this.trackingUrlOf(issued)}&${CHECKIN_PARAM}=${code}` };
  }

  /** The slots of an area's day, with their seats: capacity follows the counters planned for the area. */
  slots(centerId: string, areaId: string, day: string): Promise<SlotsReply> {
    return this.store.transaction(async (tx) => {
      const plan = await this.dayPlan(tx, centerId, areaId, day);
      const booked = await tx.online.bookedSeats(centerId, areaId, day);
      const blocked = await tx.online.blockedTimes(centerId, areaId, day);
      const now = this.now().getTime();
      return {
        day,
        areaId,
        slotMinutes: plan.slotMinutes,
        slots: plan.times.map((time) => {
          const n = booked.get(time) ?? 0;
          const isBlocked = blocked.has(time);
          return {
            time,
            capacity: plan.capacity,
            booked: n,
            blocked: isBlocked,
            free: plan.bookable && !isBlocked && n < plan.capacity && Date.parse(slotStart(day, time)) > now,
          };
        }),
      };
    });
  }

  private async dayPlan(tx: Tx, centerId: string, areaId: string, day: string) {
    const center = await tx.center(centerId, 'update');
    if (!center) throw new DomainError('CENTER_NOT_FOUND', centerId);
    if (!(await tx.areas(centerId)).some((a) => a.id === areaId)) throw new DomainError('AREA_NOT_FOUND', areaId);
    const now = this.now();
    const today = serviceDayOf(now);
    const daysAhead = center.settings.appointmentDaysAhead ?? DEFAULT_DAYS_AHEAD;
    let last = today;
    for (let i = 0; i < daysAhead; i++) last = nextDay(last);
    const slotMinutes = center.settings.appointmentSlotMinutes ?? DEFAULT_SLOT_MINUTES;
    const hours = (await tx.setup.centerHours(centerId))?.hours ?? null;
    const calendar = await loadCalendar(tx, center.provinceId, now);
    return {
      center,
      slotMinutes,
      times: slotTimes(hours, calendar, day, slotMinutes),
      capacity: slotCapacity(await tx.counters(centerId), areaId),
      bookable: day >= today && day <= last,
    };
  }

  /** Books a seat of a slot; two citizens for the last seat at once: one gets it, the other SLOT_TAKEN. */
  async book(
    centerId: string,
    slot: { areaId: string; day: string; time: string },
    proof: PhoneProof,
  ): Promise<AppointmentView> {
    const digest = await this.check(proof);
    return this.store.transaction(async (tx) => {
      const row = await this.bookIn(tx, centerId, slot, digest, proof.phone);
      await this.spend(tx, proof);
      return this.viewOf(row, null);
    });
  }

  private async bookIn(
    tx: Tx,
    centerId: string,
    { areaId, day, time }: { areaId: string; day: string; time: string },
    digest: string,
    phone: string,
  ): Promise<Appointment> {
    // The center's row lock (dayPlan) makes bookings of a center one at a time; the unique seat index backs it.
    const plan = await this.dayPlan(tx, centerId, areaId, day);
    if (!plan.bookable || !plan.times.includes(time) || Date.parse(slotStart(day, time)) <= this.now().getTime())
      throw new DomainError('SLOT_OUTSIDE_HOURS', `${day} ${time}`);
    if ((await tx.online.blockedTimes(centerId, areaId, day)).has(time)) throw new DomainError('SLOT_BLOCKED', time);
    const taken = (await tx.online.bookedSeats(centerId, areaId, day)).get(time) ?? 0;
    if (taken >= plan.capacity) throw new DomainError('SLOT_TAKEN', time);
    await this.checkCap(tx, centerId, digest, day);
    const at = this.now().toISOString();
    const row: Appointment = {
      id: randomUUID(),
      center_id: centerId,
      area_id: areaId,
      day,
      time,
      seat: taken + 1,
      state: 'booked',
      phone_digest: digest,
      phone_hint: maskPhone(normalPhone(phone)),
      checkin_ref: this.secrets.newCheckin('appointment').ref,
      ticket_id: null,
      created_at: at,
      updated_at: at,
    };
    if (!(await tx.online.insertAppointment(row))) throw new DomainError('SLOT_TAKEN', time);
    await this.recordConsent(tx, centerId, 'appointment', row.id, digest);
    return row;
  }

  /** Proof of the consent to keep the phone (its digest) for this number or appointment: the words, when, how. */
  private recordConsent(
    tx: Tx,
    centerId: string,
    purpose: 'online_number' | 'appointment',
    subjectRef: string,
    digest: string,
  ) {
    return tx.privacy.insertOnlineConsent({
      id: randomUUID(),
      centerId,
      purpose,
      subjectRef,
      phoneDigest: digest,
      channel: 'sms',
      textShown: ONLINE_PHONE_CONSENT_TEXT.vi,
      textVersion: ONLINE_PHONE_CONSENT_VERSION,
      givenAt: this.now().toISOString(),
    });
  }

  /** Moves an appointment to another slot (`to`), or cancels it (no `to`), by the phone that booked it. */
  async rebook(
    checkinCode: string,
    to: { day: string; time: string } | null,
    proof: PhoneProof,
  ): Promise<AppointmentView | null> {
    const digest = await this.check(proof);
    const read = this.secrets.readCheckin(checkinCodeOf(checkinCode));
    return this.store.transaction(async (tx) => {
      const old = read?.kind === 'appointment' ? await tx.online.appointmentByRef(read.ref) : null;
      if (!old || old.phone_digest !== digest) throw new DomainError('CHECKIN_INVALID');
      if (old.state !== 'booked') throw new DomainError('BOOKING_ENDED');
      await tx.online.setAppointmentState(old.id, 'cancelled', null, this.now().toISOString());
      const row = to ? await this.bookIn(tx, old.center_id, { areaId: old.area_id, ...to }, digest, proof.phone) : null;
      await this.spend(tx, proof);
      return row ? this.viewOf(row, null) : null;
    });
  }

  private viewOf(a: Appointment, ticketNumber: number | null): AppointmentView {
    return {
      centerId: a.center_id,
      areaId: a.area_id,
      day: a.day,
      time: a.time,
      state: a.state,
      checkinCode: spacedCode(this.secrets.checkinCodeOf(a.checkin_ref)),
      phoneMasked: a.phone_hint,
      createdAt: a.created_at,
      ticketNumber,
    };
  }

  /** A center's appointments of a day, for its managers. */
  appointments(centerId: string, day: string): Promise<AppointmentView[]> {
    return this.store.transaction(async (tx) =>
      (await tx.online.appointmentsOn(centerId, day)).map((a) => this.viewOf(a, a.ticket_number)),
    );
  }

  /** Closes (or reopens) a slot to bookings; seats already booked stay. */
  setBlocked(centerId: string, slot: { areaId: string; day: string; time: string }, blocked: boolean, actor: string) {
    return this.store.transaction(async (tx) => {
      const plan = await this.dayPlan(tx, centerId, slot.areaId, slot.day);
      if (!plan.times.includes(slot.time)) throw new DomainError('SLOT_OUTSIDE_HOURS', `${slot.day} ${slot.time}`);
      await tx.online.setBlocked(centerId, slot.areaId, slot.day, slot.time, blocked, actor, this.now().toISOString());
    });
  }

  /**
   * The QR (or its typed code) at the kiosk or the desk: an online number is confirmed; an appointment's ticket is
   * issued, ahead of walk-ins inside its window, waiting for it when early, in the walk-in line when late. Once.
   */
  checkin(centerId: string, input: string, kioskId: string | null, actor: string): Promise<CheckinReply> {
    const read = this.secrets.readCheckin(checkinCodeOf(input));
    if (!read) return Promise.reject(new DomainError('CHECKIN_INVALID'));
    return this.store.transaction(async (tx) => {
      if (read.kind === 'number') {
        const held = await tx.online.citizenTicketByRef(read.ref);
        if (!held) throw new DomainError('CHECKIN_INVALID');
        if (held.center_id !== centerId) throw new DomainError('CHECKIN_WRONG_CENTER');
        const ticket = await tx.ticket(held.ticket_id);
        if (!ticket) throw new DomainError('CHECKIN_INVALID');
        if (ticket.confirmedAt !== null) throw new DomainError('CHECKIN_DONE');
        if (ticket.state !== 'waiting' && ticket.state !== 'no_show') throw new DomainError('BOOKING_ENDED');
        const issued = await this.queue.confirmIn(tx, ticket);
        return { kind: 'online', timing: null, issued, trackingUrl: this.trackingUrlOf(issued) };
      }
      const booked = await tx.online.appointmentByRef(read.ref);
      if (!booked) throw new DomainError('CHECKIN_INVALID');
      if (booked.center_id !== centerId) throw new DomainError('CHECKIN_WRONG_CENTER');
      if (booked.state === 'checked_in') throw new DomainError('CHECKIN_DONE');
      if (booked.state === 'cancelled') throw new DomainError('BOOKING_ENDED');
      const now = this.now();
      if (booked.day !== serviceDayOf(now)) throw new DomainError('CHECKIN_NOT_TODAY', booked.day);
      const center = await tx.center(centerId, 'update');
      const windowMinutes = center?.settings.appointmentWindowMinutes ?? DEFAULT_APPOINTMENT_WINDOW_MINUTES;
      const dueAt = slotStart(booked.day, booked.time);
      const timing = checkinTiming(dueAt, now, windowMinutes);
      const issued = await this.queue.issueIn(tx, centerId, {
        areaId: booked.area_id,
        priority: 'none',
        kioskId,
        ...appointmentTicketFields(dueAt, timing, now),
        actor,
      });
      await tx.online.setAppointmentState(booked.id, 'checked_in', issued.ticket.id, now.toISOString());
      return { kind: 'appointment', timing, issued, trackingUrl: this.trackingUrlOf(issued) };
    });
  }

  /**
   * Voids online numbers not confirmed at the center: once a center is closed for the day, and any left from an
   * earlier day; and forgets one-time codes older than a day. Returns how many numbers were voided.
   */
  async sweep(): Promise<number> {
    let voided = 0;
    const now = this.now();
    const today = serviceDayOf(now);
    await this.store.transaction((tx) =>
      tx.online.deleteCodesBefore(new Date(now.getTime() - 86_400_000).toISOString()),
    );
    for (const { id } of await this.store.centers()) {
      voided += await this.store.transaction(async (tx) => {
        // Most minutes nothing is unconfirmed: no lock and no hours are read then.
        if ((await tx.online.unconfirmedOnline(id, today)).length === 0) return 0;
        const center = await tx.center(id, 'update');
        if (!center) return 0;
        const opening = await centerOpening(tx, center, [], now);
        const closed = !opening.status.open && CLOSED_FOR_THE_DAY.has(opening.status.reason);
        // Read again under the lock: a check-in may have confirmed one meanwhile.
        const unconfirmed = await tx.online.unconfirmedOnline(id, today);
        const stale = unconfirmed.filter((t) => closed || t.serviceDay < today);
        await this.queue.cancelIn(tx, id, stale, 'closing', 'online number not confirmed before closing');
        // Passed over ('skip') and not confirmed within the center's minutes after its turn.
        const keep = center.settings.onlineKeepMinutes;
        const passed: Ticket[] = [];
        if (keep !== undefined && (center.settings.onlineUnconfirmed ?? 'skip') === 'skip')
          for (const t of unconfirmed.filter((u) => !stale.includes(u))) {
            const at = await tx.online.turnPassedAt(t);
            if (at !== null && Date.parse(at) + keep * 60_000 <= now.getTime()) passed.push(t);
          }
        await this.queue.cancelIn(
          tx,
          id,
          passed,
          'online',
          `online number not confirmed ${keep} minutes after its turn`,
        );
        return stale.length + passed.length;
      });
    }
    return voided;
  }
}
