// The schema of both SQL stores, as ONE ordered list of migrations: each is SQL written once, with the few
// words that differ by dialect taken from `Ddl` (text collation, floating point, identity keys, rowid-less
// tables, the append-only trigger). Append a new entry for every change; never edit one that has shipped.
// The history was restarted when both stores got one list: a database of the earlier history is refused
// (see checkHistory) and must be recreated. tests/integration/schema-parity.test.ts compares the catalogs.

/** Dialect words of the DDL. */
export interface Ddl {
  /** A text column; PostgreSQL collates "C" (by code point, as SQLite compares), so ordering matches. */
  text: string;
  integer: string;
  real: string;
  /** An integer key the database numbers itself. */
  autoId: string;
  /** After a table whose rows are looked up by their primary key only (SQLite's WITHOUT ROWID). */
  keyed: string;
  /** Statements that make a table refuse UPDATE and DELETE. */
  appendOnly: (table: string) => string;
  /**
   * Replaces the CHECK of one column by `check`. PostgreSQL alters the constraint; SQLite cannot, so it rebuilds
   * the table from `create` (its whole definition after the change, the same columns in the same order), keeping
   * its rows and the references to them (its indexes go: recreate them after).
   */
  replaceCheck: (table: string, column: string, check: string, create: string) => string;
}

export interface Migration {
  name: string;
  sql(d: Ddl): string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    name: 'queue',
    sql: ({ text: t, integer: int, real, keyed, appendOnly }) => `
  CREATE TABLE provinces (
    id ${t} PRIMARY KEY,
    code ${t} NOT NULL,
    name ${t} NOT NULL
  );
  CREATE TABLE centers (
    id ${t} PRIMARY KEY,
    province_id ${t} NOT NULL REFERENCES provinces(id),
    agency_code ${t} NOT NULL UNIQUE,
    stats_code ${t} NOT NULL,
    name ${t} NOT NULL,
    commune ${t} NOT NULL,
    address ${t} NOT NULL,
    settings ${t} NOT NULL,
    -- The center's event sequence: its row lock also serialises the center's commands across server instances.
    last_seq ${int} NOT NULL DEFAULT 0
  );
  CREATE TABLE service_areas (
    center_id ${t} NOT NULL REFERENCES centers(id),
    id ${t} NOT NULL,
    code ${t} NOT NULL,
    name_vi ${t} NOT NULL,
    name_en ${t} NOT NULL,
    block_start ${int} NOT NULL,
    block_end ${int} NOT NULL,
    target_service_minutes ${real} NOT NULL,
    closed_on ${t},
    sort ${int} NOT NULL,
    priority_streak ${int} NOT NULL DEFAULT 0,
    PRIMARY KEY (center_id, id),
    CHECK (block_start <= block_end)
  );
  CREATE TABLE counters (
    center_id ${t} NOT NULL REFERENCES centers(id),
    id ${t} NOT NULL,
    number ${int} NOT NULL,
    name ${t} NOT NULL,
    area_ids ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('open', 'paused', 'closed')),
    pause_reason ${t},
    officer ${t},
    current_ticket_id ${t},
    PRIMARY KEY (center_id, id),
    UNIQUE (center_id, number)
  );
  CREATE TABLE devices (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    kind ${t} NOT NULL,
    name ${t} NOT NULL,
    counter_id ${t}
  );
  CREATE INDEX devices_center ON devices (center_id);
  CREATE TABLE tickets (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    area_id ${t} NOT NULL,
    number ${int} NOT NULL,
    service_day ${t} NOT NULL,
    priority ${t} NOT NULL,
    dossier_code ${t} NOT NULL UNIQUE,
    tracking_secret ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('waiting', 'held', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    issued_at ${t} NOT NULL,
    queued_at ${t} NOT NULL,
    called_at ${t},
    serving_at ${t},
    finished_at ${t},
    counter_id ${t},
    assigned_counter_id ${t},
    recall_count ${int} NOT NULL DEFAULT 0,
    transfer_count ${int} NOT NULL DEFAULT 0,
    kiosk_id ${t},
    idempotency_key ${t},
    request_hash ${t},
    channel ${t} DEFAULT 'kiosk' CHECK (channel IN ('kiosk', 'online', 'appointment', 'counter')),
    UNIQUE (center_id, idempotency_key)
  );
  CREATE INDEX tickets_waiting ON tickets (center_id, area_id, queued_at) WHERE state = 'waiting';
  CREATE INDEX tickets_finished ON tickets (center_id, area_id, finished_at) WHERE state = 'done';
  -- Lines counted by kind (priority or not) without reading the tickets: people ahead stays cheap in a long line.
  CREATE INDEX tickets_line ON tickets (center_id, area_id, (priority <> 'none'), queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NULL;
  CREATE INDEX tickets_day ON tickets (center_id, service_day);
  CREATE TABLE day_sequences (
    center_id ${t} NOT NULL,
    scope ${t} NOT NULL,
    day ${t} NOT NULL,
    value ${int} NOT NULL,
    PRIMARY KEY (center_id, scope, day)
  );
  CREATE TABLE events (
    center_id ${t} NOT NULL REFERENCES centers(id),
    seq ${int} NOT NULL,
    type ${t} NOT NULL,
    at ${t} NOT NULL,
    actor ${t} NOT NULL,
    ticket_id ${t},
    counter_id ${t},
    note ${t},
    payload ${t} NOT NULL,
    PRIMARY KEY (center_id, seq)
  )${keyed};
  CREATE INDEX events_ticket ON events (ticket_id) WHERE ticket_id IS NOT NULL;
  CREATE INDEX events_calls ON events (center_id, seq) WHERE type IN ('ticket:called', 'ticket:recalled');
  -- The log is append-only: refuse edits and deletions at the database level.
  ${appendOnly('events')}
  `,
  },
  {
    name: 'dossiers and hand-off',
    sql: ({ text: t, integer: int, autoId, keyed }) => `
  CREATE TABLE authorities (
    id ${t} PRIMARY KEY,
    code ${t} NOT NULL,
    name ${t} NOT NULL,
    level ${t} NOT NULL CHECK (level IN ('province', 'commune')),
    stats_code ${t}
  );
  CREATE TABLE procedures (
    code ${t} PRIMARY KEY,
    name ${t} NOT NULL,
    area_code ${t} NOT NULL,
    level ${t} NOT NULL CHECK (level IN ('province', 'commune')),
    department_id ${t} REFERENCES authorities(id),
    processing_days ${int} NOT NULL CHECK (processing_days >= 0),
    fee ${int} NOT NULL CHECK (fee >= 0),
    documents ${t} NOT NULL,
    fields ${t} NOT NULL
  );
  CREATE TABLE dossiers (
    code ${t} PRIMARY KEY,
    ticket_id ${t} NOT NULL UNIQUE REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    receiving_center ${t} NOT NULL,
    procedure_code ${t} NOT NULL,
    procedure_name ${t} NOT NULL,
    area_code ${t} NOT NULL,
    authority ${t} NOT NULL,
    applicant ${t} NOT NULL,
    documents ${t} NOT NULL,
    fields ${t} NOT NULL,
    notes ${t},
    fee ${int} NOT NULL,
    received_at ${t} NOT NULL,
    processing_days ${int} NOT NULL,
    due_at ${t} NOT NULL,
    due_date ${t} NOT NULL,
    status ${t} NOT NULL CHECK (status IN ('received', 'forwarded', 'accepted', 'in_process', 'needs_documents', 'result_ready', 'returned', 'rejected')),
    province_version ${int} NOT NULL DEFAULT 0,
    province_ref ${t}
  );
  CREATE INDEX dossiers_center ON dossiers (center_id, received_at);
  CREATE INDEX dossiers_open ON dossiers (received_at) WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents');
  CREATE TABLE dossier_steps (
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    n ${int} NOT NULL,
    status ${t} NOT NULL,
    at ${t} NOT NULL,
    source ${t} NOT NULL,
    note ${t},
    PRIMARY KEY (dossier_code, n)
  )${keyed};
  -- Transactional outbox: written with the change it carries, delivered by the hand-off worker.
  CREATE TABLE outbox (
    id ${autoId},
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    kind ${t} NOT NULL CHECK (kind IN ('dossier', 'progress')),
    idempotency_key ${t} NOT NULL UNIQUE,
    payload ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts ${int} NOT NULL DEFAULT 0,
    next_attempt_at ${t} NOT NULL,
    last_error ${t},
    created_at ${t} NOT NULL,
    delivered_at ${t}
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
  CREATE INDEX outbox_dossier ON outbox (dossier_code, id);
  -- Progress reports from the province, once per version, applied in version order.
  CREATE TABLE province_updates (
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    version ${int} NOT NULL CHECK (version >= 1),
    status ${t} NOT NULL,
    at ${t} NOT NULL,
    note ${t},
    received_at ${t} NOT NULL,
    applied_at ${t},
    PRIMARY KEY (dossier_code, version)
  )${keyed};
  `,
  },
  {
    name: 'print jobs',
    // One per ticket issued at a kiosk, kept until its print agent says printed or failed, or it expires unprinted.
    sql: ({ text: t, integer: int }) => `
  CREATE TABLE print_jobs (
    id ${t} PRIMARY KEY,
    ticket_id ${t} NOT NULL UNIQUE REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    kiosk_id ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed', 'expired')),
    attempts ${int} NOT NULL DEFAULT 0,
    message ${t},
    issued ${t} NOT NULL,
    created_at ${t} NOT NULL,
    updated_at ${t} NOT NULL
  );
  CREATE INDEX print_jobs_pending ON print_jobs (kiosk_id, created_at) WHERE state IN ('queued', 'printing');
  `,
  },
  {
    name: 'staff accounts and ratings',
    sql: ({ text: t, integer: int, keyed }) => `
  CREATE TABLE users (
    username ${t} PRIMARY KEY,
    display_name ${t} NOT NULL,
    role ${t} NOT NULL CHECK (role IN ('officer', 'manager', 'admin')),
    province_id ${t} NOT NULL REFERENCES provinces(id),
    center_id ${t} REFERENCES centers(id),
    password_hash ${t} NOT NULL,
    active ${int} NOT NULL DEFAULT 1,
    created_at ${t} NOT NULL,
    CHECK ((role = 'admin') = (center_id IS NULL))
  );
  CREATE INDEX users_center ON users (center_id);
  -- Only a digest of the session token is kept: a copy of the database opens no session.
  CREATE TABLE sessions (
    token_hash ${t} PRIMARY KEY,
    username ${t} NOT NULL REFERENCES users(username),
    created_at ${t} NOT NULL,
    expires_at ${t} NOT NULL
  )${keyed};
  CREATE INDEX sessions_user ON sessions (username);
  CREATE TABLE ratings (
    ticket_id ${t} PRIMARY KEY REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    area_id ${t} NOT NULL,
    counter_id ${t} NOT NULL,
    officer ${t},
    score ${t} NOT NULL CHECK (score IN ('very_satisfied', 'satisfied', 'not_satisfied')),
    comment ${t},
    at ${t} NOT NULL,
    service_day ${t} NOT NULL
  )${keyed};
  CREATE INDEX ratings_day ON ratings (center_id, service_day);
  `,
  },
  {
    // How the applicant asked for the result (desk or post), and how it went back once returned (JSON).
    name: 'result by desk or post, and its delivery',
    sql: ({ text: t }) => `
  ALTER TABLE dossiers ADD COLUMN result_by ${t} NOT NULL DEFAULT 'in_person' CHECK (result_by IN ('in_person', 'post'));
  ALTER TABLE dossiers ADD COLUMN delivery ${t};
  `,
  },
  {
    name: 'officer desk and hall notice',
    // Tickets parked ('held') at their counter, an officer's auto-call setting per counter, the hall's text line;
    // the calls the hall shows now include a chosen ticket called and a parked one called back.
    sql: ({ text: t, integer: int, keyed }) => `
  CREATE INDEX tickets_held ON tickets (center_id, counter_id) WHERE state = 'held';
  CREATE TABLE counter_settings (
    center_id ${t} NOT NULL REFERENCES centers(id),
    counter_id ${t} NOT NULL,
    auto_call ${int} NOT NULL DEFAULT 0 CHECK (auto_call IN (0, 1)),
    PRIMARY KEY (center_id, counter_id)
  )${keyed};
  CREATE TABLE center_notices (
    center_id ${t} PRIMARY KEY REFERENCES centers(id),
    text ${t} NOT NULL,
    set_at ${t} NOT NULL,
    set_by ${t} NOT NULL
  )${keyed};
  DROP INDEX events_calls;
  CREATE INDEX events_calls ON events (center_id, seq)
    WHERE type IN ('ticket:called', 'ticket:recalled', 'ticket:called_chosen', 'ticket:unheld');
  `,
  },
  {
    // Province setup: the audit log of configuration changes, opening hours per center, the province calendar
    // (public holidays and make-up working days, per year), and a procedure's after-hours cut-off.
    name: 'province setup',
    sql: ({ text: t, integer: int, autoId, keyed }) => `
  CREATE TABLE audit_log (
    id ${autoId},
    at ${t} NOT NULL,
    actor ${t} NOT NULL,
    role ${t} NOT NULL,
    province_id ${t} NOT NULL,
    center_id ${t},
    action ${t} NOT NULL,
    entity_kind ${t} NOT NULL,
    entity_id ${t} NOT NULL,
    before_json ${t},
    after_json ${t}
  );
  CREATE INDEX audit_province ON audit_log (province_id, id);
  CREATE INDEX audit_center ON audit_log (center_id, id);
  CREATE TABLE center_hours (
    center_id ${t} PRIMARY KEY REFERENCES centers(id),
    hours ${t} NOT NULL,
    updated_at ${t} NOT NULL,
    updated_by ${t} NOT NULL
  )${keyed};
  CREATE TABLE calendar_years (
    province_id ${t} NOT NULL REFERENCES provinces(id),
    year ${int} NOT NULL,
    status ${t} NOT NULL CHECK (status IN ('verified', 'to_verify')),
    note ${t},
    updated_at ${t},
    updated_by ${t},
    PRIMARY KEY (province_id, year)
  )${keyed};
  CREATE TABLE calendar_days (
    province_id ${t} NOT NULL REFERENCES provinces(id),
    day ${t} NOT NULL,
    kind ${t} NOT NULL CHECK (kind IN ('off', 'working')),
    note ${t},
    PRIMARY KEY (province_id, day)
  )${keyed};
  ALTER TABLE procedures ADD COLUMN after_hours_cutoff ${t};
  `,
  },
  {
    // Notifications (issue 12): subscriptions of a ticket (push endpoint or a phone number given with consent), the
    // proof of consent (kept without the number), and server keys such as the generated VAPID key pair.
    name: 'notifications',
    sql: ({ text: t, integer: int, keyed }) => `
  CREATE TABLE notify_subscriptions (
    id ${t} PRIMARY KEY,
    ticket_id ${t} NOT NULL REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    channel ${t} NOT NULL CHECK (channel IN ('webpush', 'sms')),
    address ${t} NOT NULL,
    p256dh ${t},
    auth ${t},
    lang ${t} NOT NULL CHECK (lang IN ('vi', 'en')),
    created_at ${t} NOT NULL,
    near_sent_at ${t},
    UNIQUE (ticket_id, channel, address)
  );
  CREATE INDEX notify_subscriptions_center ON notify_subscriptions (center_id) WHERE near_sent_at IS NULL;
  CREATE TABLE notify_consents (
    id ${t} PRIMARY KEY,
    ticket_id ${t} NOT NULL REFERENCES tickets(id),
    channel ${t} NOT NULL CHECK (channel IN ('webpush', 'sms')),
    purpose ${t} NOT NULL,
    text_shown ${t} NOT NULL,
    text_version ${int} NOT NULL,
    given_by ${t} NOT NULL,
    given_at ${t} NOT NULL,
    ended_at ${t},
    ended_reason ${t}
  );
  CREATE INDEX notify_consents_ticket ON notify_consents (ticket_id);
  CREATE TABLE server_keys (
    name ${t} PRIMARY KEY,
    value ${t} NOT NULL,
    created_at ${t} NOT NULL
  )${keyed};
  `,
  },
  {
    // Hot reads that stay flat however long the history: the board's waiting list and a counter's transferred
    // tickets read only waiting rows (partial indexes), never the center's whole history through tickets_day.
    name: 'waiting-only indexes',
    sql: () => `
  CREATE INDEX tickets_waiting_center ON tickets (center_id, queued_at, number) WHERE state = 'waiting';
  CREATE INDEX tickets_assigned ON tickets (center_id, assigned_counter_id, queued_at, number)
    WHERE state = 'waiting' AND assigned_counter_id IS NOT NULL;
  `,
  },
  {
    // Administration: what history points to is deactivated, never deleted; a center's time zone; an area's
    // icon; an account whose password an administrator set must change it at its first sign-in.
    name: 'admin: active flags, time zone, icons, forced password change',
    sql: ({ text: t, integer: int }) => `
  ALTER TABLE centers ADD COLUMN active ${int} NOT NULL DEFAULT 1;
  ALTER TABLE centers ADD COLUMN time_zone ${t} NOT NULL DEFAULT 'Asia/Ho_Chi_Minh';
  ALTER TABLE service_areas ADD COLUMN active ${int} NOT NULL DEFAULT 1;
  ALTER TABLE service_areas ADD COLUMN icon ${t};
  ALTER TABLE counters ADD COLUMN active ${int} NOT NULL DEFAULT 1;
  ALTER TABLE users ADD COLUMN must_change_password ${int} NOT NULL DEFAULT 0;
  `,
  },
  {
    // Enrolled devices (issue 11 item 3, issue 16 item 3): a print agent's kiosk, the pairing code and credential
    // (digests only), revocation, the last heartbeat, and every change of status.
    name: 'devices: enrollment and health',
    sql: ({ text: t }) => `
  ALTER TABLE devices ADD COLUMN kiosk_id ${t};
  ALTER TABLE devices ADD COLUMN created_at ${t} NOT NULL DEFAULT '';
  ALTER TABLE devices ADD COLUMN secret_digest ${t};
  ALTER TABLE devices ADD COLUMN pairing_digest ${t};
  ALTER TABLE devices ADD COLUMN pairing_expires_at ${t};
  ALTER TABLE devices ADD COLUMN enrolled_at ${t};
  ALTER TABLE devices ADD COLUMN revoked_at ${t};
  ALTER TABLE devices ADD COLUMN last_seen_at ${t};
  ALTER TABLE devices ADD COLUMN version ${t};
  ALTER TABLE devices ADD COLUMN status ${t};
  ALTER TABLE devices ADD COLUMN status_message ${t};
  CREATE UNIQUE INDEX devices_secret ON devices (secret_digest);
  CREATE UNIQUE INDEX devices_pairing ON devices (pairing_digest);
  CREATE INDEX devices_seen ON devices (last_seen_at) WHERE status IS NOT NULL AND status <> 'offline';
  CREATE TABLE device_status_history (
    id ${t} PRIMARY KEY,
    device_id ${t} NOT NULL REFERENCES devices(id),
    at ${t} NOT NULL,
    status ${t} NOT NULL,
    message ${t}
  );
  CREATE INDEX device_status_history_device ON device_status_history (device_id, at);
  `,
  },
  {
    // Online numbers and appointments (issue 12): one-time codes (only digests kept), the citizen side of online and
    // appointment tickets (a keyed digest of the verified phone, the signed check-in reference), appointment
    // bookings (one row per seat: the partial unique index lets exactly one of two concurrent bookings of the
    // last seat in) and the slots a manager blocked. A ticket's appointment time and arrival confirmation.
    name: 'online: numbers, appointments and check-in',
    sql: ({ text: t, integer: int, keyed }) => `
  ALTER TABLE tickets ADD COLUMN due_at ${t};
  ALTER TABLE tickets ADD COLUMN confirmed_at ${t};
  CREATE TABLE citizen_codes (
    id ${t} PRIMARY KEY,
    phone_digest ${t} NOT NULL,
    code_digest ${t} NOT NULL,
    created_at ${t} NOT NULL,
    expires_at ${t} NOT NULL,
    attempts ${int} NOT NULL DEFAULT 0,
    used_at ${t}
  );
  CREATE INDEX citizen_codes_phone ON citizen_codes (phone_digest, created_at);
  CREATE TABLE citizen_tickets (
    ticket_id ${t} PRIMARY KEY REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    service_day ${t} NOT NULL,
    phone_digest ${t} NOT NULL,
    checkin_ref ${t} NOT NULL UNIQUE
  );
  CREATE INDEX citizen_tickets_phone ON citizen_tickets (phone_digest, service_day);
  CREATE TABLE appointments (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    area_id ${t} NOT NULL,
    day ${t} NOT NULL,
    time ${t} NOT NULL,
    seat ${int} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('booked', 'checked_in', 'cancelled')),
    phone_digest ${t} NOT NULL,
    phone_hint ${t} NOT NULL,
    checkin_ref ${t} NOT NULL UNIQUE,
    ticket_id ${t} REFERENCES tickets(id),
    created_at ${t} NOT NULL,
    updated_at ${t} NOT NULL
  );
  CREATE UNIQUE INDEX appointments_seat ON appointments (center_id, area_id, day, time, seat)
    WHERE state <> 'cancelled';
  CREATE INDEX appointments_day ON appointments (center_id, day, time);
  CREATE INDEX appointments_phone ON appointments (phone_digest, day);
  CREATE TABLE appointment_blocks (
    center_id ${t} NOT NULL REFERENCES centers(id),
    area_id ${t} NOT NULL,
    day ${t} NOT NULL,
    time ${t} NOT NULL,
    blocked_by ${t} NOT NULL,
    blocked_at ${t} NOT NULL,
    PRIMARY KEY (center_id, area_id, day, time)
  )${keyed};
  `,
  },
  {
    // Hand-off 2.0: the national statuses (fees due, withdrawn, stopped, not accepted), the filing channel, the
    // open-dossier index for keyset reconciliation, and the sync log (one row per attempt at the province).
    name: 'handoff: national statuses, filing channel, sync log',
    sql: ({ text: t, integer: int, autoId, replaceCheck }) => {
      const statuses = `status IN ('received', 'forwarded', 'accepted', 'in_process', 'needs_documents', 'result_ready', 'returned', 'rejected', 'fees_due', 'withdrawn', 'stopped', 'not_accepted')`;
      return `
  ALTER TABLE dossiers ADD COLUMN filed_via ${t} NOT NULL DEFAULT 'center' CHECK (filed_via IN ('center', 'post', 'online'));
  ${replaceCheck(
    'dossiers',
    'status',
    statuses,
    `CREATE TABLE dossiers (
    code ${t} PRIMARY KEY,
    ticket_id ${t} NOT NULL UNIQUE REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    receiving_center ${t} NOT NULL,
    procedure_code ${t} NOT NULL,
    procedure_name ${t} NOT NULL,
    area_code ${t} NOT NULL,
    authority ${t} NOT NULL,
    applicant ${t} NOT NULL,
    documents ${t} NOT NULL,
    fields ${t} NOT NULL,
    notes ${t},
    fee ${int} NOT NULL,
    received_at ${t} NOT NULL,
    processing_days ${int} NOT NULL,
    due_at ${t} NOT NULL,
    due_date ${t} NOT NULL,
    status ${t} NOT NULL CHECK (${statuses}),
    province_version ${int} NOT NULL DEFAULT 0,
    province_ref ${t},
    result_by ${t} NOT NULL DEFAULT 'in_person' CHECK (result_by IN ('in_person', 'post')),
    delivery ${t},
    filed_via ${t} NOT NULL DEFAULT 'center' CHECK (filed_via IN ('center', 'post', 'online'))
  )`,
  )}
  DROP INDEX IF EXISTS dossiers_center;
  DROP INDEX IF EXISTS dossiers_open;
  CREATE INDEX dossiers_center ON dossiers (center_id, received_at);
  CREATE INDEX dossiers_open ON dossiers (received_at, code) WHERE status IN ('forwarded', 'accepted', 'in_process', 'needs_documents', 'fees_due');
  CREATE TABLE handoff_attempts (
    id ${autoId},
    outbox_id ${int} NOT NULL REFERENCES outbox(id),
    dossier_code ${t} NOT NULL,
    at ${t} NOT NULL,
    request_id ${t} NOT NULL,
    outcome ${t} NOT NULL CHECK (outcome IN ('delivered', 'retry', 'dead')),
    detail ${t}
  );
  CREATE INDEX handoff_attempts_outbox ON handoff_attempts (outbox_id, id);
  `;
    },
  },
  {
    // Ratings on the national five-level scale (the three earlier levels keep their meaning): the table is rebuilt
    // because SQLite cannot change a CHECK. Counters' own events (pauses with their reason, openings) of a date
    // range are read by time through a small partial index, never the center's whole log.
    name: 'reports: five-level ratings and counter events by time',
    sql: ({ text: t, keyed }) => `
  CREATE TABLE ratings_five (
    ticket_id ${t} PRIMARY KEY REFERENCES tickets(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    area_id ${t} NOT NULL,
    counter_id ${t} NOT NULL,
    officer ${t},
    score ${t} NOT NULL CHECK (score IN ('very_satisfied', 'satisfied', 'neutral', 'not_satisfied', 'very_dissatisfied')),
    comment ${t},
    at ${t} NOT NULL,
    service_day ${t} NOT NULL
  )${keyed};
  INSERT INTO ratings_five (ticket_id, center_id, area_id, counter_id, officer, score, comment, at, service_day)
    SELECT ticket_id, center_id, area_id, counter_id, officer, score, comment, at, service_day FROM ratings;
  DROP TABLE ratings;
  ALTER TABLE ratings_five RENAME TO ratings;
  CREATE INDEX ratings_day ON ratings (center_id, service_day);
  CREATE INDEX events_counter_at ON events (center_id, at) WHERE ticket_id IS NULL;
  `,
  },
  {
    // Alerts: each center's rules (JSON, the defaults until changed), and the alerts raised, cleared and acknowledged.
    // One open alert per center, kind and subject: instances evaluating at once raise it once.
    name: 'operations: alert rules and alerts',
    sql: ({ text: t, keyed }) => `
  CREATE TABLE alert_rules (
    center_id ${t} PRIMARY KEY REFERENCES centers(id),
    rules ${t} NOT NULL,
    updated_at ${t} NOT NULL,
    updated_by ${t} NOT NULL
  )${keyed};
  CREATE TABLE alerts (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    kind ${t} NOT NULL,
    subject ${t} NOT NULL,
    severity ${t} NOT NULL CHECK (severity IN ('warning', 'critical')),
    message_vi ${t} NOT NULL,
    message_en ${t} NOT NULL,
    raised_at ${t} NOT NULL,
    cleared_at ${t},
    acked_at ${t},
    acked_by ${t}
  );
  CREATE UNIQUE INDEX alerts_open ON alerts (center_id, kind, subject) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_center ON alerts (center_id, raised_at);
  `,
  },
  {
    // A dossier's receipt printed on its counter's thermal printer: kept until the counter's print agent answers
    // or it expires unprinted (PRINT_JOB_TTL_SECONDS, as a kiosk's tickets). The receipt itself is read from the
    // dossier when sent, so no personal data is copied here.
    name: 'receipt print jobs',
    sql: ({ text: t, integer: int, keyed }) => `
  CREATE TABLE receipt_print_jobs (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    counter_id ${t} NOT NULL,
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    state ${t} NOT NULL CHECK (state IN ('queued', 'printing', 'printed', 'failed', 'expired')),
    attempts ${int} NOT NULL DEFAULT 0,
    message ${t},
    requested_by ${t} NOT NULL,
    created_at ${t} NOT NULL,
    updated_at ${t} NOT NULL
  )${keyed};
  CREATE INDEX receipt_print_jobs_pending ON receipt_print_jobs (center_id, counter_id, created_at)
    WHERE state IN ('queued', 'printing');
  `,
  },
  {
    // Personal data (issue 16 item 5, Law 91/2025/QH15): when a dossier's applicant data was anonymised, consents
    // to keep a phone for an online number or appointment, data-subject requests with their legal deadlines,
    // every view of personal data by staff, and what each retention run anonymised (counts only).
    name: 'privacy: consents, requests, staff views, retention runs',
    sql: ({ text: t, integer: int, autoId }) => `
  ALTER TABLE dossiers ADD COLUMN anonymised_at ${t};
  CREATE TABLE privacy_consents (
    id ${t} PRIMARY KEY,
    center_id ${t} NOT NULL REFERENCES centers(id),
    purpose ${t} NOT NULL CHECK (purpose IN ('online_number', 'appointment')),
    subject_ref ${t} NOT NULL,
    phone_digest ${t},
    channel ${t} NOT NULL,
    text_shown ${t} NOT NULL,
    text_version ${int} NOT NULL,
    given_at ${t} NOT NULL,
    withdrawn_at ${t},
    withdrawn_reason ${t}
  );
  CREATE INDEX privacy_consents_phone ON privacy_consents (phone_digest) WHERE phone_digest IS NOT NULL;
  CREATE INDEX privacy_consents_center ON privacy_consents (center_id, given_at);
  CREATE TABLE privacy_requests (
    id ${t} PRIMARY KEY,
    province_id ${t} NOT NULL REFERENCES provinces(id),
    center_id ${t} NOT NULL REFERENCES centers(id),
    kind ${t} NOT NULL CHECK (kind IN ('access', 'correct', 'delete', 'withdraw', 'restrict', 'object')),
    id_number ${t},
    phone ${t},
    detail ${t},
    received_at ${t} NOT NULL,
    received_by ${t} NOT NULL,
    reply_due ${t} NOT NULL,
    complete_due ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('open', 'replied', 'completed', 'refused')),
    replied_at ${t},
    completed_at ${t},
    handled_by ${t},
    outcome ${t}
  );
  CREATE INDEX privacy_requests_center ON privacy_requests (center_id, received_at);
  CREATE TABLE personal_data_views (
    id ${autoId},
    at ${t} NOT NULL,
    actor ${t} NOT NULL,
    role ${t} NOT NULL,
    province_id ${t} NOT NULL,
    center_id ${t} NOT NULL,
    what ${t} NOT NULL CHECK (what IN ('dossier', 'receipt_pdf', 'dossier_list', 'privacy_request')),
    ref ${t} NOT NULL
  );
  CREATE INDEX personal_data_views_center ON personal_data_views (center_id, id);
  CREATE INDEX personal_data_views_ref ON personal_data_views (ref);
  CREATE TABLE retention_runs (
    id ${autoId},
    at ${t} NOT NULL,
    counts ${t} NOT NULL
  );
  `,
  },
  {
    // Fees as lines (a procedure's, and a dossier's as received), online payments of a dossier's fees, and the log
    // of every answer of the gateway (returns and IPNs, refused ones included). One settled transaction of the
    // gateway is recorded once: (adapter, gateway_txn) is unique.
    name: 'payments: fee lines, online payments and their log',
    sql: ({ text: t, integer: int, autoId }) => `
  ALTER TABLE procedures ADD COLUMN fee_lines ${t};
  ALTER TABLE dossiers ADD COLUMN fee_lines ${t};
  CREATE TABLE payments (
    txn_ref ${t} PRIMARY KEY,
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    adapter ${t} NOT NULL,
    amount ${int} NOT NULL CHECK (amount > 0),
    state ${t} NOT NULL CHECK (state IN ('pending', 'paid', 'failed')),
    created_at ${t} NOT NULL,
    settled_at ${t},
    gateway_txn ${t},
    bank_code ${t},
    response_code ${t}
  );
  CREATE INDEX payments_dossier ON payments (dossier_code, created_at);
  CREATE UNIQUE INDEX payments_gateway_txn ON payments (adapter, gateway_txn) WHERE gateway_txn IS NOT NULL;
  CREATE TABLE payment_log (
    id ${autoId},
    at ${t} NOT NULL,
    via ${t} NOT NULL CHECK (via IN ('return', 'ipn')),
    txn_ref ${t},
    dossier_code ${t},
    outcome ${t} NOT NULL,
    detail ${t},
    address ${t} NOT NULL
  );
  CREATE INDEX payment_log_dossier ON payment_log (dossier_code, id);
  `,
  },
  {
    // Files of dossiers (scans at the desk) with their bytes by SHA-256, and citizens' feedback; the outbox
    // carries both to the province (SQLite rebuilds the outbox to change its CHECK, keeping ids and references).
    name: 'dossier files, feedback, outbox kinds',
    sql: ({ text: t, integer: int, autoId, replaceCheck }) => {
      const kinds = `kind IN ('dossier', 'progress', 'document', 'feedback')`;
      return `
  CREATE TABLE file_blobs (
    sha256 ${t} PRIMARY KEY,
    size ${int} NOT NULL,
    content ${t} NOT NULL,
    created_at ${t} NOT NULL
  );
  CREATE TABLE dossier_files (
    id ${autoId},
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    name ${t} NOT NULL,
    content_type ${t} NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
    size ${int} NOT NULL,
    sha256 ${t} NOT NULL,
    uploaded_at ${t} NOT NULL,
    uploaded_by ${t} NOT NULL
  );
  CREATE INDEX dossier_files_dossier ON dossier_files (dossier_code, id);
  CREATE TABLE feedback (
    id ${autoId},
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    center_id ${t} NOT NULL REFERENCES centers(id),
    kind ${t} NOT NULL CHECK (kind IN ('complaint', 'recommendation')),
    source ${t} NOT NULL CHECK (source IN ('citizen', 'center')),
    content ${t} NOT NULL,
    created_at ${t} NOT NULL,
    created_by ${t},
    answer ${t},
    answered_at ${t},
    answered_by ${t},
    answer_source ${t} CHECK (answer_source IN ('center', 'province'))
  );
  CREATE INDEX feedback_center ON feedback (center_id, created_at);
  CREATE INDEX feedback_dossier ON feedback (dossier_code, id);
  ${replaceCheck(
    'outbox',
    'kind',
    kinds,
    `CREATE TABLE outbox (
    id ${autoId},
    dossier_code ${t} NOT NULL REFERENCES dossiers(code),
    kind ${t} NOT NULL CHECK (${kinds}),
    idempotency_key ${t} NOT NULL UNIQUE,
    payload ${t} NOT NULL,
    state ${t} NOT NULL CHECK (state IN ('pending', 'delivered', 'dead')),
    attempts ${int} NOT NULL DEFAULT 0,
    next_attempt_at ${t} NOT NULL,
    last_error ${t},
    created_at ${t} NOT NULL,
    delivered_at ${t}
  )`,
  )}
  DROP INDEX IF EXISTS outbox_due;
  DROP INDEX IF EXISTS outbox_dossier;
  CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE state = 'pending';
  CREATE INDEX outbox_dossier ON outbox (dossier_code, id);
  `;
    },
  },
];

/** The table that records the migrations run, created before the first. */
export const historyTable = ({ text: t, integer: int }: Ddl) =>
  `CREATE TABLE IF NOT EXISTS luot_migrations (version ${int} PRIMARY KEY, name ${t} NOT NULL, applied_at ${t} NOT NULL)`;

/**
 * Refuses a database of the schema history before the one list (it has tables but no luot_migrations), or of a
 * newer luot (more migrations than this one knows): migrating either would corrupt it.
 */
export function checkHistory(tables: readonly string[], version: number): void {
  if (!tables.includes('luot_migrations') && tables.includes('tickets')) {
    throw new Error(
      'This database was created by an earlier version of luot, whose schema history has been restarted. ' +
        'It cannot be migrated: back it up if needed, then recreate it (an empty database or schema) and start again (see README, Store).',
    );
  }
  if (version > MIGRATIONS.length) {
    throw new Error(
      `This database is at schema version ${version}, newer than this luot (${MIGRATIONS.length}): run the newer version.`,
    );
  }
}
