// Who may do what, where. Routes declare what they need (`config: { access }`); the auth plugin enforces it
// before the body is even read. Everything without `access` is public by design: kiosk ticket issuance,
// the center snapshot and event log (displays are unattended and show nothing personal), health, docs.
//
// An officer acts only at the counter they hold: at another officer's counter they can do nothing, not even
// pause or leave it (a manager can). A manager acts on their own center; an administrator on every center
// of their province.
import type { StaffUser } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import type { Store } from '../store/store.ts';

export type Access =
  /** Any signed-in user (their own account). */
  | { need: 'signed-in' }
  /** Staff (officer, manager, admin) of the center in the route's :centerId. */
  | { need: 'staff'; center: 'param' }
  /** Staff of the ticket's center (route :ticketId). */
  | { need: 'staff'; center: 'ticket' }
  /** Manager of the center in :centerId, or administrator of its province. */
  | { need: 'manager'; center: 'param' }
  /** The officer holding counter :counterId, or a manager/administrator of the center. `pick`: an officer may take a free counter. */
  | { need: 'counter'; pick?: boolean };

export const isManager = (user: StaffUser) => user.role === 'manager' || user.role === 'admin';

/** Refuses a user who does not belong to the center. An unknown center passes: the handler answers 404. */
export async function checkCenter(store: Store, user: StaffUser, centerId: string): Promise<void> {
  if (user.role !== 'admin') {
    if (user.centerId !== centerId) throw new DomainError('WRONG_CENTER', centerId);
    return;
  }
  const center = await store.transaction((tx) => tx.center(centerId));
  if (center && center.provinceId !== user.provinceId) throw new DomainError('WRONG_CENTER', centerId);
}

export async function checkAccess(
  store: Store,
  user: StaffUser,
  access: Access,
  params: Record<string, string>,
): Promise<void> {
  if (access.need === 'signed-in') return;
  if (access.need === 'manager' && !isManager(user)) throw new DomainError('FORBIDDEN', 'manager');
  if (access.need === 'staff' && access.center === 'ticket') {
    const ticket = await store.transaction((tx) => tx.ticket(params.ticketId));
    if (ticket) await checkCenter(store, user, ticket.centerId);
    return;
  }
  await checkCenter(store, user, params.centerId);
  if (access.need !== 'counter' || isManager(user)) return;
  const counter = (await store.transaction((tx) => tx.counters(params.centerId))).find(
    (c) => c.id === params.counterId,
  );
  if (!counter || counter.officer === user.username || access.pick) return;
  throw new DomainError('NOT_YOUR_COUNTER', `quầy ${counter.number}`);
}
