// Satisfaction: after completion, the citizen rates the service on the counter's tablet, once per ticket.
import type { Rating, RatingBody } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import type { Store } from '../store/store.ts';

/** A rating is taken only shortly after the service ended, at the counter that served it. */
export const RATING_WINDOW_MINUTES = 30;

export function rateService(
  store: Store,
  at: { centerId: string; counterId: string },
  body: RatingBody,
  now: Date,
): Promise<Rating> {
  return store.transaction(async (tx) => {
    const ticket = await tx.ticket(body.ticketId);
    if (!ticket || ticket.centerId !== at.centerId) throw new DomainError('TICKET_NOT_FOUND', body.ticketId);
    const late = !ticket.finishedAt || now.getTime() - Date.parse(ticket.finishedAt) > RATING_WINDOW_MINUTES * 60_000;
    if (ticket.state !== 'done' || ticket.counterId !== at.counterId || late)
      throw new DomainError('RATING_CLOSED', `số ${ticket.number}`);
    if (await tx.reports.rating(ticket.id)) throw new DomainError('ALREADY_RATED', `số ${ticket.number}`);
    const counter = (await tx.counters(at.centerId)).find((c) => c.id === at.counterId);
    const rating: Rating = {
      ticketId: ticket.id,
      centerId: ticket.centerId,
      areaId: ticket.areaId,
      counterId: at.counterId,
      officer: counter?.officer ?? null,
      score: body.score,
      comment: body.comment?.trim() || null,
      at: now.toISOString(),
      serviceDay: ticket.serviceDay,
    };
    await tx.reports.insertRating(rating);
    return rating;
  });
}
