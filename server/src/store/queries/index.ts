// One transaction's view of a SQL store, built from the repositories: the same statements on both stores.
//
// To add storage for a feature:
// - a table or column: its columns in `Database` (../schema.ts), and a migration APPENDED to MIGRATIONS
//   (../migrations.ts; dialect words from `Ddl`); the schema-parity test then checks both stores agree;
// - statements: a repository file here, `export function thingQueries({ db, x, d }: Sql): ThingTx`, building each
//   statement with `db` (Kysely, typed by `Database`), running it with `x.rows(query)` / `first(x, query)` /
//   `x.run(query)`, and `d` only for what differs by dialect (row locks, date arithmetic, JSON paths: add a
//   member to DialectSql and to both dialect.ts files when a new one is needed);
// - the port: the `ThingTx` interface next to the service that uses it (as AccountTx, ReportTx, DossierTx), a
//   member of Tx (../store.ts), wired below in txOf.
import type { Sql } from '../db.ts';
import type { ReadTx, Store, Tx } from '../store.ts';
import { accountQueries } from './accounts.ts';
import { adminQueries } from './admin.ts';
import { centerQueries, centerReads } from './centers.ts';
import { deskQueries } from './desk.ts';
import { deviceQueries } from './devices.ts';
import { dossierQueries } from './dossiers.ts';
import { feedbackQueries } from './feedback.ts';
import { fileQueries } from './files.ts';
import { notifyQueries } from './notify.ts';
import { onlineQueries } from './online.ts';
import { operationsQueries } from './operations.ts';
import { paymentQueries } from './payments.ts';
import { printJobQueries } from './print-jobs.ts';
import { receiptPrintQueries } from './receipt-prints.ts';
import { privacyQueries } from './privacy.ts';
import { reportQueries } from './reports.ts';
import { setupQueries } from './setup.ts';
import { logReads, ticketQueries } from './tickets.ts';

/** The Tx of a transaction whose statements run on `sql.x`; `afterCommit` collects its callbacks. */
export function txOf(sql: Sql, afterCommit: (fn: () => void) => void): Tx {
  return {
    ...centerQueries(sql),
    ...ticketQueries(sql),
    ...printJobQueries(sql),
    afterCommit,
    dossiers: dossierQueries(sql),
    desk: deskQueries(sql),
    accounts: accountQueries(sql),
    reports: reportQueries(sql),
    setup: setupQueries(sql),
    notify: notifyQueries(sql),
    admin: adminQueries(sql),
    devices: deviceQueries(sql),
    online: onlineQueries(sql),
    operations: operationsQueries(sql),
    receiptPrints: receiptPrintQueries(sql),
    privacy: privacyQueries(sql),
    payments: paymentQueries(sql),
    files: fileQueries(sql),
    feedback: feedbackQueries(sql),
  };
}

/** The view of Store.read: the report statements and what names their rows, on a read-only connection. */
export function readTxOf(sql: Sql): ReadTx {
  const { center, areas, counters } = centerQueries(sql);
  const { tickets, transitions, dossiers, ratings } = reportQueries(sql);
  return {
    center: (id) => center(id),
    areas,
    counters,
    reports: { tickets, transitions, dossiers, ratings },
    accounts: { usersOfCenter: accountQueries(sql).usersOfCenter },
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
