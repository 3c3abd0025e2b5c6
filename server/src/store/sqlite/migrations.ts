// Versioned schema. Append a new entry for every change; never edit one that has shipped.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE provinces (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL
  );
  CREATE TABLE centers (
    id TEXT PRIMARY KEY,
    province_id TEXT NOT NULL REFERENCES provinces(id),
    agency_code TEXT NOT NULL UNIQUE,
    stats_code TEXT NOT NULL,
    name TEXT NOT NULL,
    commune TEXT NOT NULL,
    address TEXT NOT NULL,
    settings TEXT NOT NULL,
    last_seq INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE service_areas (
    center_id TEXT NOT NULL REFERENCES centers(id),
    id TEXT NOT NULL,
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    block_start INTEGER NOT NULL,
    block_end INTEGER NOT NULL,
    target_service_minutes REAL NOT NULL,
    closed_on TEXT,
    sort INTEGER NOT NULL,
    priority_streak INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, id),
    CHECK (block_start <= block_end)
  );
  CREATE TABLE counters (
    center_id TEXT NOT NULL REFERENCES centers(id),
    id TEXT NOT NULL,
    number INTEGER NOT NULL,
    name TEXT NOT NULL,
    area_ids TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
    pause_reason TEXT,
    officer TEXT,
    current_ticket_id TEXT,
    PRIMARY KEY (center_id, id),
    UNIQUE (center_id, number)
  );
  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    counter_id TEXT
  );
  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    center_id TEXT NOT NULL REFERENCES centers(id),
    area_id TEXT NOT NULL,
    number INTEGER NOT NULL,
    service_day TEXT NOT NULL,
    priority TEXT NOT NULL,
    dossier_code TEXT NOT NULL UNIQUE,
    tracking_secret TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    issued_at TEXT NOT NULL,
    queued_at TEXT NOT NULL,
    called_at TEXT,
    serving_at TEXT,
    finished_at TEXT,
    counter_id TEXT,
    assigned_counter_id TEXT,
    recall_count INTEGER NOT NULL DEFAULT 0,
    transfer_count INTEGER NOT NULL DEFAULT 0,
    kiosk_id TEXT,
    idempotency_key TEXT,
    request_hash TEXT,
    UNIQUE (center_id, idempotency_key)
  );
  CREATE INDEX tickets_waiting ON tickets (center_id, area_id, queued_at) WHERE state = 'waiting';
  CREATE INDEX tickets_finished ON tickets (center_id, area_id, finished_at) WHERE state = 'done';
  CREATE TABLE day_sequences (
    center_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    day TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (center_id, scope, day)
  );
  CREATE TABLE events (
    center_id TEXT NOT NULL REFERENCES centers(id),
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    ticket_id TEXT,
    counter_id TEXT,
    note TEXT,
    payload TEXT NOT NULL,
    PRIMARY KEY (center_id, seq)
  ) WITHOUT ROWID;
  CREATE INDEX events_ticket ON events (ticket_id) WHERE ticket_id IS NOT NULL;
  CREATE INDEX events_calls ON events (center_id, seq) WHERE type IN ('ticket:called', 'ticket:recalled');
  -- The log is append-only: refuse edits and deletions at the database level.
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
  `,
  // Dossiers, the procedure catalog and the hand-off to the provincial system.
  `
  CREATE TABLE authorities (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'commune')),
    stats_code TEXT
  );
  CREATE TABLE procedures (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    area_code TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('province', 'commune')),
    department_id TEXT REFERENCES authorities(id),
    processing_days INTEGER NOT NULL CHECK (processing_days >= 0),
    fee INTEGER NOT NULL CHECK (fee >= 0),
    documents TEXT NOT NULL,
    fields TEXT NOT NULL
  );
  CREATE TABLE dossiers (
    code TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    receiving_center TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    procedure_name TEXT NOT NULL,
    area_code TEXT NOT NULL,
    authority TEXT NOT NULL,
    applicant TEXT NOT NULL,
    documents TEXT NOT NULL,
    fields TEXT NOT NULL,
    notes TEXT,
    fee INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    processing_days INTEGER NOT NULL,
    due_at TEXT NOT NULL,
    due_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('received', 'forwarded', 'accepted', 'in_process', 'needs_documents', 'result_ready', 'returned', 'rejected')),
    province_version INTEGER NOT NULL DEFAULT 0,
    province_ref TEXT
  );
  CREATE INDEX dossiers_center ON dossiers (center_id, received_at);
  CREATE INDEX dossiers_open ON dossiers (received_at) WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents');
  CREATE TABLE dossier_steps (
    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
    n INTEGER NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    source TEXT NOT NULL,
    note TEXT,
    PRIMARY KEY (dossier_code, n)
  ) WITHOUT ROWID;
  -- Transactional outbox: written with the change it carries, delivered by the hand-off worker.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
    kind TEXT NOT NULL CHECK (kind IN ('dossier', 'progress')),
    idempotency_key TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    delivered_at TEXT
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
  -- Progress reports from the province, once per version, applied in version order.
  CREATE TABLE province_updates (
    dossier_code TEXT NOT NULL REFERENCES dossiers(code),
    version INTEGER NOT NULL CHECK (version >= 1),
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT,
    received_at TEXT NOT NULL,
    applied_at TEXT,
    PRIMARY KEY (dossier_code, version)
  ) WITHOUT ROWID;
  `,
  // Print jobs: one per ticket issued at a kiosk, kept until its print agent says printed or failed.
  `
  CREATE TABLE IF NOT EXISTS print_jobs (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    kiosk_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    message TEXT,
    issued TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS print_jobs_pending ON print_jobs (kiosk_id, created_at) WHERE state IN ('queued', 'printing');
  `,
  // Staff accounts, sessions and citizens' ratings (sign-in, roles, reports).
  `
  CREATE TABLE users (
    username TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
    province_id TEXT NOT NULL REFERENCES provinces(id),
    center_id TEXT REFERENCES centers(id),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    CHECK ((role = 'admin') = (center_id IS NULL))
  );
  CREATE INDEX users_center ON users (center_id);
  -- Only a digest of the session token is kept: a copy of the database opens no session.
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_user ON sessions (username);
  CREATE TABLE ratings (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets(id),
    center_id TEXT NOT NULL REFERENCES centers(id),
    area_id TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    officer TEXT,
    score TEXT NOT NULL CHECK (score IN ('very_satisfied', 'satisfied', 'not_satisfied')),
    comment TEXT,
    at TEXT NOT NULL,
    service_day TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX ratings_day ON ratings (center_id, service_day);
  CREATE INDEX tickets_day ON tickets (center_id, service_day);
  `,
  // Lines counted by kind (priority or not) without reading the tickets: people ahead stays cheap in a long line.
  `
  CREATE INDEX tickets_line ON tickets (center_id, area_id, (priority <> 'none'), queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NULL;
  `,
  // Hot reads that stay flat however long the history: the board's waiting list and a counter's transferred tickets
  // read only waiting rows (partial indexes), never the center's whole history through tickets_day.
  `
  CREATE INDEX tickets_waiting_center ON tickets (center_id, queued_at, number) WHERE state = 'waiting';
  CREATE INDEX tickets_assigned ON tickets (center_id, assigned_counter_id, queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NOT NULL;
  `,
];
