/**
 * The office database's tables in PostgreSQL, one migration per schema version (table
 * schema_version). Migrations only add; a released one is never edited. Version 1 is the SQLite
 * store's schema 9 as one step, plus what only PostgreSQL needs: the gapless counters and the blobs.
 *
 * Types mirror the SQLite store's so both read the same: instants and days are ISO text (compared
 * as text), JSON is text (a record's exact bytes are its hash; jsonb would reorder keys), flags
 * are 0/1 integers.
 */
import { SCHEMA_LOCK } from './locks';
import type { PostgresPool } from './pool';

const migrations: string[] = [
  `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  -- Gapless numbers handed out in commit order (pool.ts nextNumber).
  CREATE TABLE counters (name TEXT PRIMARY KEY, value BIGINT NOT NULL);
  INSERT INTO counters (name, value) VALUES ('audit', 0), ('reference', 0);

  CREATE TABLE engineers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    deactivated_at TEXT,
    version INTEGER NOT NULL DEFAULT 1
  );
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
    used_at TEXT,
    created_by TEXT
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
  CREATE INDEX devices_by_key ON devices (public_key_pem) WHERE revoked_at IS NULL;

  CREATE TABLE reference_items (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    hospital_id TEXT,
    seq BIGINT NOT NULL UNIQUE,
    hash TEXT,
    data TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (kind, key)
  );
  CREATE INDEX reference_by_hospital ON reference_items (hospital_id, seq);
  CREATE TABLE reference_versions (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    seq BIGINT NOT NULL,
    hash TEXT,
    data TEXT,
    deleted INTEGER NOT NULL,
    actor TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (kind, key, version)
  );
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
    pdf_size BIGINT NOT NULL,
    signer TEXT NOT NULL,
    receipt TEXT NOT NULL,
    signatures TEXT NOT NULL DEFAULT '[]'
  );
  CREATE INDEX reports_by_hospital ON reports (hospital_id, completed_at);
  CREATE INDEX reports_by_number ON reports (report_number);
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
    size BIGINT NOT NULL,
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
  CREATE INDEX fault_versions_by_engineer ON fault_versions (engineer_id, id);
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

  CREATE TABLE admins (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'admin',
    hospital_ids TEXT NOT NULL DEFAULT '[]',
    disabled_at TEXT
  );
  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES admins(username),
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL
  );
  CREATE TABLE code_forms (
    token_hash TEXT PRIMARY KEY,
    engineer_id TEXT NOT NULL,
    username TEXT NOT NULL,
    created_at TEXT NOT NULL,
    claimed INTEGER NOT NULL DEFAULT 0,
    code_id TEXT,
    issued_at TEXT
  );
  -- Rate-limit counters every instance shares: one row per limit and client address.
  CREATE TABLE rate_limits (key TEXT PRIMARY KEY, window_start BIGINT NOT NULL, count INTEGER NOT NULL);

  CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL,
    target TEXT NOT NULL,
    details TEXT NOT NULL,
    ip TEXT
  );
  CREATE INDEX audit_by_target ON audit_log (target);

  -- Content-addressed blobs (postgres/blobs.ts): a blob's row is written in the transaction that
  -- wrote its last chunk, after its hash was checked, so a listed blob is always whole.
  CREATE TABLE blobs (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, chunks INTEGER NOT NULL, created_at TEXT NOT NULL);
  CREATE TABLE blob_chunks (
    sha256 TEXT NOT NULL,
    idx INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (sha256, idx)
  );
  `,
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = migrations.length;

/**
 * Brings the database to this code's schema. Instances starting at once take a transaction-level
 * advisory lock, so exactly one applies each migration and the others then find it applied.
 */
export async function migratePostgres(db: PostgresPool): Promise<{ from: number; to: number }> {
  await checkDatabaseLocale(db);
  return db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    await sql.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const found = (await sql.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    const current = found?.version ?? 0;
    if (!found) await sql.query('INSERT INTO schema_version (version) VALUES (0)');
    if (current > migrations.length) {
      throw new Error(`the office database is schema ${current}, newer than this service (${migrations.length}); update the service`);
    }
    for (let v = current; v < migrations.length; v++) await sql.query(migrations[v]!);
    await sql.query('UPDATE schema_version SET version = $1', [migrations.length]);
    return { from: current, to: migrations.length };
  });
}

export class DatabaseLocaleError extends Error {}

/**
 * Instants, days and sequence keys are compared and sorted as text, byte by byte, as SQLite does.
 * A database made with a language collation (en_US.UTF-8 skips punctuation on a first pass) would
 * order them differently, so the office refuses it rather than answer period queries wrongly.
 */
async function checkDatabaseLocale(db: PostgresPool): Promise<void> {
  // datlocprovider (15+): 'i' is ICU, whose collation governs whatever datcollate says (an ICU
  // en-US database reports datcollate C.UTF-8 and still sorts "B" after "a"). Read through jsonb so
  // an older server, without the column, is judged by datcollate alone.
  const [info] = await db.query<{ encoding: string; collate: string; provider: string | null; icu: string | null }>(
    `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate,
            to_jsonb(d) ->> 'datlocprovider' AS provider, to_jsonb(d) ->> 'daticulocale' AS icu
       FROM pg_database d WHERE datname = current_database()`,
  );
  if (!info) throw new DatabaseLocaleError('the current database is not listed in pg_database');
  const byteOrder = ['C', 'POSIX', 'C.UTF-8', 'C.utf8'].includes(info.collate) && info.provider !== 'i';
  if (info.encoding !== 'UTF8' || !byteOrder) {
    const collation = info.provider === 'i' ? `ICU collation ${info.icu ?? '?'}` : `collation ${info.collate}`;
    throw new DatabaseLocaleError(
      `the database has encoding ${info.encoding} and ${collation}; the office needs UTF8 with collation C. ` +
        'Create it with: createdb --encoding=UTF8 --locale=C --template=template0 <name>',
    );
  }
}

/** The schema version the database is at (0: never migrated), without changing it. */
export async function postgresSchemaVersion(db: PostgresPool): Promise<number> {
  const exists = await db.query<{ t: string | null }>("SELECT to_regclass('schema_version')::text AS t");
  if (!exists[0]?.t) return 0;
  return (await db.query<{ version: number }>('SELECT version FROM schema_version'))[0]?.version ?? 0;
}
