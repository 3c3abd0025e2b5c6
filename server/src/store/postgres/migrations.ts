// Versioned PostgreSQL schema, the same tables and columns as the SQLite one (times as ISO text, JSON as text),
// so both stores read and behave alike; text collates "C" (by code point, as SQLite compares) whatever the
// database's locale, so ordering by a time or an id is the same and uses the indexes.
// Append a new entry for every change; never edit one that has shipped.
export const PG_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE provinces (
    id text COLLATE "C" PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL
  );
  CREATE TABLE centers (
    id text COLLATE "C" PRIMARY KEY,
    province_id text COLLATE "C" NOT NULL REFERENCES provinces(id),
    agency_code text COLLATE "C" NOT NULL UNIQUE,
    stats_code text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    commune text COLLATE "C" NOT NULL,
    address text COLLATE "C" NOT NULL,
    settings text COLLATE "C" NOT NULL,
    -- The center's event sequence: its row lock also serialises the center's commands across server instances.
    last_seq integer NOT NULL DEFAULT 0
  );
  CREATE TABLE service_areas (
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    id text COLLATE "C" NOT NULL,
    code text COLLATE "C" NOT NULL,
    name_vi text COLLATE "C" NOT NULL,
    name_en text COLLATE "C" NOT NULL,
    block_start integer NOT NULL,
    block_end integer NOT NULL,
    target_service_minutes double precision NOT NULL,
    closed_on text COLLATE "C",
    sort integer NOT NULL,
    priority_streak integer NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, id),
    CHECK (block_start <= block_end)
  );
  CREATE TABLE counters (
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    id text COLLATE "C" NOT NULL,
    number integer NOT NULL,
    name text COLLATE "C" NOT NULL,
    area_ids text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
    pause_reason text COLLATE "C",
    officer text COLLATE "C",
    current_ticket_id text COLLATE "C",
    PRIMARY KEY (center_id, id),
    UNIQUE (center_id, number)
  );
  CREATE TABLE devices (
    id text COLLATE "C" PRIMARY KEY,
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    kind text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    counter_id text COLLATE "C"
  );
  CREATE INDEX devices_center ON devices (center_id);
  CREATE TABLE tickets (
    id text COLLATE "C" PRIMARY KEY,
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    area_id text COLLATE "C" NOT NULL,
    number integer NOT NULL,
    service_day text COLLATE "C" NOT NULL,
    priority text COLLATE "C" NOT NULL,
    dossier_code text COLLATE "C" NOT NULL UNIQUE,
    tracking_secret text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    issued_at text COLLATE "C" NOT NULL,
    queued_at text COLLATE "C" NOT NULL,
    called_at text COLLATE "C",
    serving_at text COLLATE "C",
    finished_at text COLLATE "C",
    counter_id text COLLATE "C",
    assigned_counter_id text COLLATE "C",
    recall_count integer NOT NULL DEFAULT 0,
    transfer_count integer NOT NULL DEFAULT 0,
    kiosk_id text COLLATE "C",
    idempotency_key text COLLATE "C",
    request_hash text COLLATE "C",
    UNIQUE (center_id, idempotency_key)
  );
  CREATE INDEX tickets_waiting ON tickets (center_id, area_id, queued_at) WHERE state = 'waiting';
  CREATE INDEX tickets_finished ON tickets (center_id, area_id, finished_at) WHERE state = 'done';
  CREATE INDEX tickets_line ON tickets (center_id, area_id, (priority <> 'none'), queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NULL;
  CREATE INDEX tickets_day ON tickets (center_id, service_day);
  CREATE TABLE day_sequences (
    center_id text COLLATE "C" NOT NULL,
    scope text COLLATE "C" NOT NULL,
    day text COLLATE "C" NOT NULL,
    value integer NOT NULL,
    PRIMARY KEY (center_id, scope, day)
  );
  CREATE TABLE events (
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    seq integer NOT NULL,
    type text COLLATE "C" NOT NULL,
    at text COLLATE "C" NOT NULL,
    actor text COLLATE "C" NOT NULL,
    ticket_id text COLLATE "C",
    counter_id text COLLATE "C",
    note text COLLATE "C",
    payload text COLLATE "C" NOT NULL,
    PRIMARY KEY (center_id, seq)
  );
  CREATE INDEX events_ticket ON events (ticket_id) WHERE ticket_id IS NOT NULL;
  CREATE INDEX events_calls ON events (center_id, seq) WHERE type IN ('ticket:called', 'ticket:recalled');
  -- The log is append-only: refuse edits and deletions at the database level.
  CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'events are append-only'; END $$;
  CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events FOR EACH ROW EXECUTE FUNCTION events_append_only();

  CREATE TABLE authorities (
    id text COLLATE "C" PRIMARY KEY,
    code text COLLATE "C" NOT NULL,
    name text COLLATE "C" NOT NULL,
    level text COLLATE "C" NOT NULL CHECK (level IN ('province', 'commune')),
    stats_code text COLLATE "C"
  );
  CREATE TABLE procedures (
    code text COLLATE "C" PRIMARY KEY,
    name text COLLATE "C" NOT NULL,
    area_code text COLLATE "C" NOT NULL,
    level text COLLATE "C" NOT NULL CHECK (level IN ('province', 'commune')),
    department_id text COLLATE "C" REFERENCES authorities(id),
    processing_days integer NOT NULL CHECK (processing_days >= 0),
    fee integer NOT NULL CHECK (fee >= 0),
    documents text COLLATE "C" NOT NULL,
    fields text COLLATE "C" NOT NULL
  );
  CREATE TABLE dossiers (
    code text COLLATE "C" PRIMARY KEY,
    ticket_id text COLLATE "C" NOT NULL UNIQUE REFERENCES tickets(id),
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    receiving_center text COLLATE "C" NOT NULL,
    procedure_code text COLLATE "C" NOT NULL,
    procedure_name text COLLATE "C" NOT NULL,
    area_code text COLLATE "C" NOT NULL,
    authority text COLLATE "C" NOT NULL,
    applicant text COLLATE "C" NOT NULL,
    documents text COLLATE "C" NOT NULL,
    fields text COLLATE "C" NOT NULL,
    notes text COLLATE "C",
    fee integer NOT NULL,
    received_at text COLLATE "C" NOT NULL,
    processing_days integer NOT NULL,
    due_at text COLLATE "C" NOT NULL,
    due_date text COLLATE "C" NOT NULL,
    status text COLLATE "C" NOT NULL CHECK (status IN ('received', 'forwarded', 'accepted', 'in_process', 'needs_documents', 'result_ready', 'returned', 'rejected')),
    province_version integer NOT NULL DEFAULT 0,
    province_ref text COLLATE "C"
  );
  CREATE INDEX dossiers_center ON dossiers (center_id, received_at);
  CREATE INDEX dossiers_open ON dossiers (received_at) WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents');
  CREATE TABLE dossier_steps (
    dossier_code text COLLATE "C" NOT NULL REFERENCES dossiers(code),
    n integer NOT NULL,
    status text COLLATE "C" NOT NULL,
    at text COLLATE "C" NOT NULL,
    source text COLLATE "C" NOT NULL,
    note text COLLATE "C",
    PRIMARY KEY (dossier_code, n)
  );
  -- Transactional outbox: written with the change it carries, delivered by the hand-off worker.
  CREATE TABLE outbox (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dossier_code text COLLATE "C" NOT NULL REFERENCES dossiers(code),
    kind text COLLATE "C" NOT NULL CHECK (kind IN ('dossier', 'progress')),
    idempotency_key text COLLATE "C" NOT NULL UNIQUE,
    payload text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at text COLLATE "C" NOT NULL,
    last_error text COLLATE "C",
    created_at text COLLATE "C" NOT NULL,
    delivered_at text COLLATE "C"
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
  CREATE INDEX outbox_dossier ON outbox (dossier_code, id);
  -- Progress reports from the province, once per version, applied in version order.
  CREATE TABLE province_updates (
    dossier_code text COLLATE "C" NOT NULL REFERENCES dossiers(code),
    version integer NOT NULL CHECK (version >= 1),
    status text COLLATE "C" NOT NULL,
    at text COLLATE "C" NOT NULL,
    note text COLLATE "C",
    received_at text COLLATE "C" NOT NULL,
    applied_at text COLLATE "C",
    PRIMARY KEY (dossier_code, version)
  );

  -- Print jobs: one per ticket issued at a kiosk, kept until its print agent says printed or failed.
  CREATE TABLE print_jobs (
    id text COLLATE "C" PRIMARY KEY,
    ticket_id text COLLATE "C" NOT NULL UNIQUE REFERENCES tickets(id),
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    kiosk_id text COLLATE "C" NOT NULL,
    state text COLLATE "C" NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    message text COLLATE "C",
    issued text COLLATE "C" NOT NULL,
    created_at text COLLATE "C" NOT NULL,
    updated_at text COLLATE "C" NOT NULL
  );
  CREATE INDEX print_jobs_pending ON print_jobs (kiosk_id, created_at) WHERE state IN ('queued', 'printing');

  -- Staff accounts, sessions and citizens' ratings.
  CREATE TABLE users (
    username text COLLATE "C" PRIMARY KEY,
    display_name text COLLATE "C" NOT NULL,
    role text COLLATE "C" NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
    province_id text COLLATE "C" NOT NULL REFERENCES provinces(id),
    center_id text COLLATE "C" REFERENCES centers(id),
    password_hash text COLLATE "C" NOT NULL,
    active integer NOT NULL DEFAULT 1,
    created_at text COLLATE "C" NOT NULL,
    CHECK ((role = 'admin') = (center_id IS NULL))
  );
  CREATE INDEX users_center ON users (center_id);
  -- Only a digest of the session token is kept: a copy of the database opens no session.
  CREATE TABLE sessions (
    token_hash text COLLATE "C" PRIMARY KEY,
    username text COLLATE "C" NOT NULL REFERENCES users(username),
    created_at text COLLATE "C" NOT NULL,
    expires_at text COLLATE "C" NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (username);
  CREATE TABLE ratings (
    ticket_id text COLLATE "C" PRIMARY KEY REFERENCES tickets(id),
    center_id text COLLATE "C" NOT NULL REFERENCES centers(id),
    area_id text COLLATE "C" NOT NULL,
    counter_id text COLLATE "C" NOT NULL,
    officer text COLLATE "C",
    score text COLLATE "C" NOT NULL CHECK (score IN ('very_satisfied', 'satisfied', 'not_satisfied')),
    comment text COLLATE "C",
    at text COLLATE "C" NOT NULL,
    service_day text COLLATE "C" NOT NULL
  );
  CREATE INDEX ratings_day ON ratings (center_id, service_day);
  `,
  // Hot reads that stay flat however long the history: the board's waiting list and a counter's transferred tickets
  // read only waiting rows (partial indexes), never the center's whole history through tickets_day.
  `
  CREATE INDEX tickets_waiting_center ON tickets (center_id, queued_at, number) WHERE state = 'waiting';
  CREATE INDEX tickets_assigned ON tickets (center_id, assigned_counter_id, queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NOT NULL;
  `,
];
