// One transaction's view of a SQL store, built from the repositories: the same statements on both stores.
import type { Sql } from '../db.ts';
import type { Store, Tx } from '../store.ts';
import { accountQueries } from './accounts.ts';
import { centerQueries, centerReads } from './centers.ts';
import { dossierQueries } from './dossiers.ts';
import { printJobQueries } from './print-jobs.ts';
import { reportQueries } from './reports.ts';
import { logReads, ticketQueries } from './tickets.ts';

/** The Tx of a transaction whose statements run on `sql.x`; `afterCommit` collects its callbacks. */
export function txOf(sql: Sql, afterCommit: (fn: () => void) => void): Tx {
  return {
    ...centerQueries(sql),
    ...ticketQueries(sql),
    ...printJobQueries(sql),
    afterCommit,
    dossiers: dossierQueries(sql),
    accounts: accountQueries(sql),
    reports: reportQueries(sql),
  };
}

/** The Store's reads outside a transaction. */
export function readsOf(sql: Sql): Pick<Store, 'centers' | 'devices' | 'eventsAfter' | 'ticketHistory'> {
  return { ...centerReads(sql), ...logReads(sql) };
}

/** The Store's reads outside a transaction, for a store class to extend: it sets `reads` on its connection. */
export abstract class StoreReads implements Pick<Store, 'centers' | 'devices' | 'eventsAfter' | 'ticketHistory'> {
  protected abstract readonly reads: ReturnType<typeof readsOf>;

  centers() {
    return this.reads.centers();
  }

  devices(centerId: string) {
    return this.reads.devices(centerId);
  }

  eventsAfter(centerId: string, seq: number, limit: number) {
    return this.reads.eventsAfter(centerId, seq, limit);
  }

  ticketHistory(ticketId: string) {
    return this.reads.ticketHistory(ticketId);
  }
}
