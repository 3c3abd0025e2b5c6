// What the holder of a ticket (dossier code + its secret) may see: the line while waiting, then the dossier.
// One function for the HTTP lookup, the live feed and the notifications, so they never disagree.
import { timingSafeEqual } from 'node:crypto';
import { feesOf, type Ticket, type TrackView } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import { estimatedWaitMinutes } from '../engine/estimate.ts';
import { graceEndsOf } from '../engine/ticket.ts';
import { peopleAheadOf } from '../queue/service.ts';
import { averageMinutesOf } from '../queue/views.ts';
import type { Tx } from '../store/store.ts';

const sameSecret = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The ticket of a dossier code, if the secret is its own. One answer for an unknown code and a wrong secret. */
export async function holderTicket(tx: Tx, code: string, secret: string): Promise<Ticket> {
  const ticketId = await tx.dossiers.ticketIdOfDossier(code);
  const ticket = ticketId ? await tx.ticket(ticketId) : null;
  if (!ticket || !sameSecret(ticket.trackingSecret, secret.toUpperCase())) throw new DomainError('DOSSIER_NOT_FOUND');
  return ticket;
}

/** The ticket's view now: its dossier once received, else its place in line; `payOnline`: a gateway is configured. */
export async function trackViewOf(tx: Tx, ticket: Ticket, payOnline = false): Promise<TrackView> {
  const code = ticket.dossierCode;
  const dossier = await tx.dossiers.dossier(code);
  if (dossier) {
    return {
      phase: 'dossier',
      code,
      procedureName: dossier.procedureName,
      receivingCenter: dossier.receivingCenter.name,
      authority: dossier.authority.name,
      status: dossier.status,
      receivedAt: dossier.receivedAt,
      dueDate: dossier.dueDate,
      history: dossier.history.map((h) => ({ status: h.status, at: h.at })),
      fees: feesOf(dossier, payOnline),
    };
  }
  const center = (await tx.center(ticket.centerId))!;
  const areas = await tx.areas(center.id);
  const counters = await tx.counters(center.id);
  const area = areas.find((a) => a.id === ticket.areaId)!;
  const ahead = ticket.state === 'waiting' ? await peopleAheadOf(tx, ticket) : 0;
  return {
    phase: 'queue',
    code,
    center: center.name,
    area: area.nameVi,
    areaEn: area.nameEn,
    number: ticket.number,
    state: ticket.state,
    peopleAhead: ahead,
    estimatedWaitMinutes:
      ticket.state === 'waiting'
        ? estimatedWaitMinutes(ahead, await averageMinutesOf(tx, area), counters, area.id)
        : null,
    counterNumber: counters.find((c) => c.id === ticket.counterId)?.number ?? null,
    graceUntil: ticket.state === 'no_show' ? graceEndsOf(ticket, center).toISOString() : null,
  };
}
