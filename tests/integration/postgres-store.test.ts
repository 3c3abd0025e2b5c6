// The PostgreSQL store seen from its tables: what a command leaves in the database, migrations run once when
// instances start together, and two stores (two instances) issuing at once for one center.
import { afterEach, describe, expect, it } from 'vitest';
import { QueueService } from '../../server/src/queue/service.ts';
import { MIGRATIONS } from '../../server/src/store/migrations.ts';
import { PgStore } from '../../server/src/store/postgres/pg-store.ts';
import { addCenter, area, counter } from '../helpers/fixtures.ts';
import { type FreshSchema, freshSchema, postgresForTests, queryIn } from '../helpers/services.ts';

const postgres = await postgresForTests();

describe.skipIf(!postgres)('PostgreSQL store', () => {
  let schema: FreshSchema;
  const stores: PgStore[] = [];
  const open = async () => {
    const store = await PgStore.open(schema.url);
    stores.push(store);
    return store;
  };
  const at = () => new Date('2026-11-23T01:00:00Z');

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await schema?.drop();
  });

  it('migrates once when several instances start together', async () => {
    schema = await freshSchema(postgres!);
    await Promise.all([open(), open(), open()]);
    const once = MIGRATIONS.map((_, i) => ({ version: i + 1 }));
    expect(await queryIn(schema, 'SELECT version FROM luot_migrations ORDER BY version')).toEqual(once);
    await open(); // and again later: nothing to do
    expect(await queryIn(schema, 'SELECT version FROM luot_migrations ORDER BY version')).toEqual(once);
  });

  it('refuses a database of the schema history before the one migration list, and leaves it as it is', async () => {
    schema = await freshSchema(postgres!);
    await queryIn(schema, 'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at text NOT NULL)');
    await queryIn(schema, 'CREATE TABLE tickets (id text PRIMARY KEY)');
    await expect(PgStore.open(schema.url)).rejects.toThrow(/earlier version of luot.*recreate it/);
    expect(
      await queryIn(
        schema,
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'luot_migrations' AND table_schema = '${schema.name}'`,
      ),
    ).toEqual([{ n: 0 }]);
  });

  it('leaves tickets, events, numbers and the sequence in the tables after issue and call', async () => {
    schema = await freshSchema(postgres!);
    const queue = new QueueService(await open(), at);
    await addCenter(queue.store, [area('ht')], [counter('1', ['ht'])]);
    const first = (await queue.issueTicket('test-center', { areaId: 'ht', priority: 'none', kioskId: null }, 'k-1'))
      .issued.ticket;
    await queue.issueTicket('test-center', { areaId: 'ht', priority: 'elderly', kioskId: null }, 'k-2');
    const called = await queue.callNext('test-center', '1', 'officer:canbo1');

    expect(called.priority).toBe('elderly');
    expect(
      await queryIn(schema, 'SELECT number, priority, state, counter_id, idempotency_key FROM tickets ORDER BY number'),
    ).toEqual([
      { number: 1001, priority: 'none', state: 'waiting', counter_id: null, idempotency_key: 'k-1' },
      { number: 1002, priority: 'elderly', state: 'called', counter_id: '1', idempotency_key: 'k-2' },
    ]);
    expect(await queryIn(schema, 'SELECT seq, type, actor, ticket_id, counter_id FROM events ORDER BY seq')).toEqual([
      { seq: 1, type: 'ticket:issued', actor: 'kiosk', ticket_id: first.id, counter_id: null },
      { seq: 2, type: 'ticket:issued', actor: 'kiosk', ticket_id: called.id, counter_id: null },
      { seq: 3, type: 'ticket:called', actor: 'officer:canbo1', ticket_id: called.id, counter_id: '1' },
    ]);
    expect(await queryIn(schema, 'SELECT scope, day, value FROM day_sequences ORDER BY scope')).toEqual([
      { scope: 'area:ht', day: '2026-11-23', value: 2 },
      { scope: 'dossier', day: '2026-11-23', value: 2 },
    ]);
    expect(await queryIn(schema, `SELECT last_seq FROM centers WHERE id = 'test-center'`)).toEqual([{ last_seq: 3 }]);
    expect(await queryIn(schema, `SELECT current_ticket_id FROM counters WHERE id = '1'`)).toEqual([
      { current_ticket_id: called.id },
    ]);
    // The log refuses edits at the database level.
    await expect(queryIn(schema, `UPDATE events SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(queryIn(schema, `DELETE FROM events`)).rejects.toThrow(/append-only/);
  });

  it('numbers without gaps or repeats when two instances issue for one center at once', async () => {
    schema = await freshSchema(postgres!);
    const one = new QueueService(await open(), at);
    const two = new QueueService(await open(), at);
    await addCenter(one.store, [area('ht')], [counter('1', ['ht'])]);
    const issued = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        (i % 2 ? one : two).issueTicket('test-center', { areaId: 'ht', priority: 'none', kioskId: null }, `k-${i}`),
      ),
    );
    expect(issued.map((r) => r.issued.ticket.number).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 60 }, (_, i) => 1001 + i),
    );
    expect(await queryIn(schema, 'SELECT array_agg(seq ORDER BY seq) AS seqs FROM events')).toEqual([
      { seqs: Array.from({ length: 60 }, (_, i) => i + 1) },
    ]);
    expect(await queryIn(schema, `SELECT value FROM day_sequences WHERE scope = 'dossier'`)).toEqual([{ value: 60 }]);
    // The same idempotency key sent to both instances at once: one ticket.
    const [x, y] = await Promise.all(
      [one, two].map((q) =>
        q.issueTicket('test-center', { areaId: 'ht', priority: 'none', kioskId: null }, 'same-key'),
      ),
    );
    expect(x.issued.ticket.id).toBe(y.issued.ticket.id);
    expect([x.replayed, y.replayed].sort()).toEqual([false, true]);
  });

  it('lets only one instance claim a due hand-off message', async () => {
    schema = await freshSchema(postgres!);
    const [one, two] = [await open(), await open()];
    const queue = new QueueService(one, at);
    await addCenter(one, [area('ht')], [counter('1', ['ht'])]);
    const ticket = (await queue.issueTicket('test-center', { areaId: 'ht', priority: 'none', kioskId: null }, 'k-1'))
      .issued.ticket;
    // The smallest dossier row the outbox can point at.
    await queryIn(
      schema,
      `INSERT INTO dossiers (code, ticket_id, center_id, receiving_center, procedure_code, procedure_name, area_code, authority, applicant,
        documents, fields, fee, received_at, processing_days, due_at, due_date, status)
       VALUES ($1, $2, 'test-center', '{}', 'p', 'p', 'HT', '{}', '{}', '[]', '{}', 0, $3, 1, $3, '2026-11-24', 'received')`,
      [ticket.dossierCode, ticket.id, at().toISOString()],
    );
    const id = await one.transaction((tx) =>
      tx.dossiers.enqueue({
        dossierCode: ticket.dossierCode,
        kind: 'dossier',
        idempotencyKey: 'd-1',
        payload: { a: 1 },
        at: at().toISOString(),
      }),
    );
    const now = at().toISOString();
    const lease = new Date(at().getTime() + 60_000).toISOString();
    const claims = await Promise.all(
      [one, two, one, two].map((s) => s.transaction((tx) => tx.dossiers.claimMessage(id, now, lease))),
    );
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    expect(claims.find((c) => c)).toMatchObject({ id, payload: { a: 1 }, nextAttemptAt: lease });
    expect(await two.transaction((tx) => tx.dossiers.dueMessages(now, 10))).toEqual([]);
  });
});
