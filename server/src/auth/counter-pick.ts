// "Pick the counter": an officer opens a counter in their own name; one officer per counter, one counter per
// officer. A manager may open a counter for a named officer of the center, or unattended.
import type { Counter, StaffUser } from '@luot/contract';
import { DomainError } from '../engine/domain-error.ts';
import type { QueueService } from '../queue/service.ts';

export async function openCounterAs(
  queue: QueueService,
  user: StaffUser,
  at: { centerId: string; counterId: string },
  named: string | undefined,
  actor: string,
): Promise<Counter> {
  const { centerId, counterId } = at;
  if (user.role !== 'officer') {
    if (named) {
      const officer = await queue.store.transaction((tx) => tx.accounts.user(named));
      if (!officer || officer.role !== 'officer' || officer.centerId !== centerId || !officer.active)
        throw new DomainError('NOT_AN_OFFICER', named);
    }
    return queue.openCounter(centerId, counterId, named ?? null, actor);
  }
  if (named && named !== user.username)
    throw new DomainError('FORBIDDEN', 'an officer opens a counter only in their own name');
  return queue.takeCounter(centerId, counterId, user.username, actor);
}
