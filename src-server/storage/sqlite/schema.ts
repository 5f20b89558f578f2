/**
 * The office database's tables, one migration per schema version (PRAGMA user_version).
 * Migrations only add; a released one is never edited.
 */
import type { Database } from 'better-sqlite3';

const migrations: string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE engineers (id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE engineer_hospitals (
    engineer_id TEXT NOT NULL REFERENCES engineers(id),
    hospital_id TEXT NOT NULL,
    PRIMARY KEY (engineer_id, hospital_id)
  );

  CREATE TABLE enrollment_codes (
    code_hash TEXT PRIMARY KEY,
    engineer_id TEXT NOT NULL REFERENCES engineers(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  );

  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    engineer_id TEXT NOT NULL REFERENCES engineers(id),
    name TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    certificate_pem TEXT NOT NULL,
    certificate_serial TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    enrolled_at TEXT NOT NULL,
    last_seen_at TEXT,
    revoked_at TEXT
  );

  -- Reference data as a change log: every write takes the next seq, so "changes after cursor"
  -- is one indexed range scan. Deletions stay as tombstones so devices learn about them.
  CREATE TABLE reference_items (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    hospital_id TEXT,
    seq INTEGER NOT NULL UNIQUE,
    hash TEXT,
    data TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
  );
  CREATE INDEX reference_by_hospital ON reference_items (hospital_id, seq);

  CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    report_number TEXT NOT NULL,
    hospital_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    engineer_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    completed_at TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    record TEXT NOT NULL,
    pdf_sha256 TEXT NOT NULL,
    pdf_size INTEGER NOT NULL,
    signer TEXT NOT NULL,
    receipt TEXT NOT NULL
  );
  CREATE INDEX reports_by_hospital ON reports (hospital_id, completed_at);
  CREATE TABLE report_subjects (
    report_id TEXT NOT NULL REFERENCES reports(id),
    subject TEXT NOT NULL,
    template_id TEXT NOT NULL,
    template_version INTEGER NOT NULL,
    PRIMARY KEY (report_id, subject)
  );
  CREATE INDEX report_subjects_by_subject ON report_subjects (subject);
  CREATE TABLE report_blobs (
    report_id TEXT NOT NULL REFERENCES reports(id),
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    mime TEXT NOT NULL,
    role TEXT NOT NULL,
    PRIMARY KEY (report_id, sha256, role)
  );

  CREATE TABLE fault_versions (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    hospital_id TEXT NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL,
    engineer_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    receipt TEXT NOT NULL,
    PRIMARY KEY (id, version)
  );

  CREATE TABLE admins (username TEXT PRIMARY KEY, password_hash TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES admins(username),
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );

  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL,
    ip TEXT
  );
  CREATE INDEX audit_by_target ON audit_log (target);
  `,
  // 2: the handwritten signatures' bindings that come with a report.
  `ALTER TABLE reports ADD COLUMN signatures TEXT NOT NULL DEFAULT '[]';`,
  // 3: the public check of a paper copy finds a report by the number printed on it.
  `CREATE INDEX reports_by_number ON reports (report_number);`,
  // 4: service records (issue 11). The current version's listing beside fault_versions, and each
  // clock's due time, so "open and breached now" is a query; breach itself depends on now and is not stored.
  `
  CREATE TABLE service_records (
    id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    hospital_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    level_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reported_at TEXT NOT NULL,
    reported_day TEXT NOT NULL,
    paused_since TEXT,
    title TEXT NOT NULL,
    subject TEXT NOT NULL,
    schedule TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX service_records_by_hospital ON service_records (hospital_id, reported_day);
  CREATE INDEX service_records_by_status ON service_records (status, reported_day);
  CREATE TABLE service_clocks (
    record_id TEXT NOT NULL REFERENCES service_records(id),
    step TEXT NOT NULL,
    due TEXT NOT NULL,
    done_at TEXT,
    PRIMARY KEY (record_id, step)
  );
  CREATE INDEX service_clocks_running ON service_clocks (due) WHERE done_at IS NULL;
  CREATE INDEX fault_versions_by_engineer ON fault_versions (engineer_id, id);
  `,
  // 5: the deliverables register (issue 12): per contract, deliverable and window, the newest
  // revision pushed (the entry keeps its earlier revisions inside it) with its receipt.
  `
  CREATE TABLE deliverables (
    id TEXT PRIMARY KEY,
    hospital_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    deliverable_id TEXT NOT NULL,
    window_start TEXT NOT NULL,
    window_end TEXT NOT NULL,
    revision INTEGER NOT NULL,
    state TEXT NOT NULL,
    hash TEXT NOT NULL,
    entry TEXT NOT NULL,
    engineer_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    received_at TEXT NOT NULL,
    receipt TEXT NOT NULL
  );
  CREATE INDEX deliverables_by_contract ON deliverables (hospital_id, contract_id, window_start);
  `,
  // 6: the console's dashboard (issue 12), so it never reads every record's blob on a request.
  // Per report, what the period computations read of its signed record (PeriodInspection, derived
  // when it is accepted); per service record, the window day and engineer of its current version.
  // Rows are filled for existing reports and records at start (dashboard/facts.ts) and re-derived
  // when `derived_with` is older than the code's.
  `
  CREATE TABLE period_inspections (
    report_id TEXT PRIMARY KEY REFERENCES reports(id),
    record_hash TEXT NOT NULL,
    hospital_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    engineer TEXT NOT NULL,
    day TEXT NOT NULL,
    derived_with INTEGER NOT NULL,
    data TEXT NOT NULL
  );
  CREATE INDEX period_inspections_by_contract ON period_inspections (contract_id, day);
  CREATE TABLE period_services (
    record_id TEXT PRIMARY KEY REFERENCES service_records(id),
    version INTEGER NOT NULL,
    hospital_id TEXT NOT NULL,
    contract_id TEXT NOT NULL,
    engineer TEXT NOT NULL,
    day TEXT NOT NULL,
    derived_with INTEGER NOT NULL
  );
  CREATE INDEX period_services_by_contract ON period_services (contract_id, day);
  `,
  // 7: the office runs its own data from the console (issue 14). Engineers can be deactivated and
  // carry a version (two administrators editing one engineer); console users have a role and, for
  // readers, hospitals; every write of a reference row is kept in reference_versions (the rows that
  // exist now become version 1); checklist drafts wait at the office until published; an Excel
  // import's checked preview waits for its confirmation.
  `
  ALTER TABLE engineers ADD COLUMN deactivated_at TEXT;
  ALTER TABLE engineers ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE admins ADD COLUMN role TEXT NOT NULL DEFAULT 'admin';
  ALTER TABLE admins ADD COLUMN hospital_ids TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE admins ADD COLUMN disabled_at TEXT;
  ALTER TABLE reference_items ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE reference_versions (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    hash TEXT,
    data TEXT,
    deleted INTEGER NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (kind, key, version)
  );
  INSERT INTO reference_versions (kind, key, version, seq, hash, data, deleted, actor, at)
    SELECT kind, key, 1, seq, hash, data, deleted, 'migration', updated_at FROM reference_items;
  CREATE TABLE template_drafts (
    template_id TEXT PRIMARY KEY,
    base_version INTEGER,
    data TEXT NOT NULL,
    hash TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE TABLE import_previews (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    hospital_id TEXT NOT NULL,
    created_at TEXT NOT NULL,
    data TEXT NOT NULL
  );
  `,
  // 8: who issued each enrollment code, so the engineer's page can list the codes still usable
  // (issued when, by whom, until when) and revoke one. Codes issued before have none.
  `
  ALTER TABLE enrollment_codes ADD COLUMN created_by TEXT;
  `,
  // 9: several instances (issue 15). The console's code-form tokens move from memory into the
  // store, so a form opened on one instance can be submitted to another (only the token's hash is
  // kept); rate-limit counters get a table, which a PostgreSQL office shares between instances.
  `
  CREATE TABLE code_forms (
    token_hash TEXT PRIMARY KEY,
    engineer_id TEXT NOT NULL,
    username TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed INTEGER NOT NULL DEFAULT 0,
    code_id TEXT,
    issued_at TEXT
  );
  CREATE TABLE rate_limits (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
  `,
];

/** The schema version this code writes. */
export const SQLITE_SCHEMA_VERSION = migrations.length;

export function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`the office database is schema ${current}, newer than this service (${migrations.length}); update the service`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
