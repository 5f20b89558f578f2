/**
 * Accepted reports (immutable records, with their subjects, blobs and receipt) and fault record
 * versions (with their listing row: service-records.ts). A report's row is written once; later only
 * scans join its blobs, with a new receipt. Several instances may receive the same report or
 * version at once: the row's key decides which one writes, the others re-read what it stored.
 */
import type { OfficeStore, StoredFault, StoredReport } from '../port';
import { faultValues, reportValues, toFault, toReport, type FaultDbRow, type ReportDbRow } from '../rows/records';
import { writeAudit } from './audit';
import { SERVICE_RECORD_LOCK_SEED } from './locks';
import { rows, type PostgresPool, type Sql } from './pool';
import { writeServiceListing } from './service-records';

/** The report's row with its subjects and blobs, aggregated by SELECT_REPORT (json columns: pg parses them). */
interface ReportWithChildrenDbRow extends ReportDbRow {
  subjects: StoredReport['subjects'];
  blobs: StoredReport['blobs'];
}

/**
 * Every column but the record, which only getReportRecord reads (it can be megabytes), with the
 * subjects and blobs: one statement, so one snapshot. Read in three statements, a receipt could
 * come from before a concurrent scan amendment and the blobs from after it.
 */
const SELECT_REPORT = `SELECT r.id, r.hash, r.report_number, r.hospital_id, r.contract_id, r.engineer_id, r.device_id, r.completed_at, r.signed_at,
  r.received_at, r.signatures, r.pdf_sha256, r.pdf_size, r.signer, r.receipt,
  (SELECT COALESCE(json_agg(json_build_object('subject', s.subject, 'templateId', s.template_id, 'templateVersion', s.template_version) ORDER BY s.subject), '[]')
     FROM report_subjects s WHERE s.report_id = r.id) AS subjects,
  (SELECT COALESCE(json_agg(json_build_object('sha256', b.sha256, 'size', b.size, 'mime', b.mime, 'role', b.role) ORDER BY b.role, b.sha256), '[]')
     FROM report_blobs b WHERE b.report_id = r.id) AS blobs
  FROM reports r`;

type RecordMethods = 'getReport' | 'getReportRecord' | 'findReportByNumber' | 'insertReport' | 'addReportScans' | 'listReports' | 'getFaultVersion' | 'getCurrentFault' | 'insertFaultVersion' | 'listFaultVersions';

const reportOf = (r: ReportWithChildrenDbRow): StoredReport => toReport(r, r.subjects, r.blobs);

/** One report by id, read on `sql` (a transaction's client, where it must see that transaction's writes). */
async function readReport(sql: Sql, id: string): Promise<StoredReport | undefined> {
  const [row] = await rows<ReportWithChildrenDbRow>(sql, `${SELECT_REPORT} WHERE r.id = $1`, [id]);
  return row && reportOf(row);
}

async function currentFault(sql: Sql, id: string): Promise<StoredFault | undefined> {
  const [row] = await rows<FaultDbRow>(sql, 'SELECT * FROM fault_versions WHERE id = $1 ORDER BY version DESC LIMIT 1', [id]);
  return row && toFault(row);
}

/**
 * Serialises the writers of one service record across instances until commit. An advisory lock
 * rather than FOR UPDATE on its listing row: the first version has no row to lock yet.
 */
async function lockServiceRecord(sql: Sql, id: string): Promise<void> {
  await sql.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [`service_record:${id}`, SERVICE_RECORD_LOCK_SEED]);
}

export function recordsRepo(db: PostgresPool): Pick<OfficeStore, RecordMethods> {
  return {
    async getReport(id) {
      return readReport(db.pool, id);
    },
    async getReportRecord(id) {
      const [row] = await db.query<{ record: string }>('SELECT record FROM reports WHERE id = $1', [id]);
      return row?.record;
    },
    async findReportByNumber(reportNumber) {
      // LIMIT 1 as SQLite's .get(): the number is not unique in the schema, only in practice.
      const [row] = await db.query<ReportWithChildrenDbRow>(`${SELECT_REPORT} WHERE r.report_number = $1 LIMIT 1`, [reportNumber]);
      return row && reportOf(row);
    },
    async insertReport(r, audit) {
      return db.transaction(async (sql) => {
        // A second instance inserting the same id waits here for the first to commit, then inserts nothing.
        const inserted = await rows(
          sql,
          `INSERT INTO reports (id, hash, report_number, hospital_id, contract_id, engineer_id, device_id, completed_at, signed_at,
             received_at, record, signatures, pdf_sha256, pdf_size, signer, receipt)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
           ON CONFLICT (id) DO NOTHING RETURNING id`,
          reportValues(r),
        );
        if (!inserted.length) {
          // Read COMMITTED: this statement's snapshot sees the winner's row, subjects and blobs.
          const existing = await readReport(sql, r.id);
          if (!existing) throw new Error(`report ${r.id} conflicted but cannot be read`);
          return { inserted: false as const, existing };
        }
        if (r.subjects.length) {
          await sql.query(
            'INSERT INTO report_subjects (report_id, subject, template_id, template_version) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[])',
            [r.id, r.subjects.map((s) => s.subject), r.subjects.map((s) => s.templateId), r.subjects.map((s) => s.templateVersion)],
          );
        }
        if (r.blobs.length) {
          await sql.query('INSERT INTO report_blobs (report_id, sha256, size, mime, role) SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[])', [
            r.id,
            r.blobs.map((b) => b.sha256),
            r.blobs.map((b) => b.size),
            r.blobs.map((b) => b.mime),
            r.blobs.map((b) => b.role),
          ]);
        }
        await writeAudit(sql, audit, r.receivedAt);
        return { inserted: true as const };
      });
    },
    async addReportScans({ id, replaces, scans, receipt }, audit) {
      return db.transaction(async (sql) => {
        // FOR UPDATE: a second amendment, on any instance, waits here for the first to commit. Then
        // a statement of its own reads the report: one that waited for the lock would see the
        // newest row but its blobs as they were when it began.
        await sql.query('SELECT 1 FROM reports WHERE id = $1 FOR UPDATE', [id]);
        const stored = await readReport(sql, id);
        if (!stored) throw new Error(`no report ${id} to add scans to`);
        // Compare-and-swap on the receipt: the new one lists the blobs stored under the one it replaces.
        if (stored.receipt.body.receiptId !== replaces) return stored;
        const { rowCount } = await sql.query(
          `INSERT INTO report_blobs (report_id, sha256, size, mime, role) SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[])
           ON CONFLICT DO NOTHING`,
          [id, scans.map((b) => b.sha256), scans.map((b) => b.size), scans.map((b) => b.mime), scans.map((b) => b.role)],
        );
        if (!rowCount) return stored;
        await sql.query('UPDATE reports SET receipt = $1 WHERE id = $2', [JSON.stringify(receipt), id]);
        await writeAudit(sql, audit, receipt.body.receivedAt);
        const updated = await readReport(sql, id);
        if (!updated) throw new Error(`report ${id} vanished while adding scans`);
        return updated;
      });
    },
    async listReports({ scope, hospitalId, subjects, from, to, limit, offset }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: (n: string) => string, value: unknown): void => {
        args.push(value);
        where.push(clause(`$${args.length}`));
      };
      if (scope) add((n) => `r.hospital_id = ANY(${n}::text[])`, scope);
      if (hospitalId) add((n) => `r.hospital_id = ${n}`, hospitalId);
      if (subjects?.length) add((n) => `r.id IN (SELECT report_id FROM report_subjects WHERE subject = ANY(${n}::text[]))`, subjects);
      // completed_at is ISO with an offset; its first ten characters are the local date on the device.
      if (from) add((n) => `substr(r.completed_at, 1, 10) >= ${n}`, from);
      if (to) add((n) => `substr(r.completed_at, 1, 10) <= ${n}`, to);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const [count] = await db.query<{ n: number }>(`SELECT COUNT(*) AS n FROM reports r ${clause}`, args);
      const found = await db.query<ReportWithChildrenDbRow>(
        `${SELECT_REPORT} ${clause} ORDER BY r.completed_at DESC, r.id LIMIT $${args.length + 1} OFFSET $${args.length + 2}`,
        [...args, limit, offset],
      );
      return { total: count?.n ?? 0, reports: found.map(reportOf) };
    },

    async getFaultVersion(id, version) {
      const [row] = await db.query<FaultDbRow>('SELECT * FROM fault_versions WHERE id = $1 AND version = $2', [id, version]);
      return row && toFault(row);
    },
    async getCurrentFault(id) {
      return currentFault(db.pool, id);
    },
    async listFaultVersions(id) {
      return (await db.query<FaultDbRow>('SELECT * FROM fault_versions WHERE id = $1 ORDER BY version', [id])).map(toFault);
    },
    async insertFaultVersion(f, audit, listing) {
      return db.transaction(async (sql) => {
        await lockServiceRecord(sql, f.id);
        // Read after the lock: whatever another instance wrote before releasing it is visible now.
        const cur = await currentFault(sql, f.id);
        // Optimistic concurrency: a write must build on the version the office has now.
        if ((cur?.version ?? 0) !== f.version - 1) return { inserted: false as const, existing: cur };
        const inserted = await rows(
          sql,
          `INSERT INTO fault_versions (id, version, hospital_id, hash, body, engineer_id, device_id, received_at, receipt)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id, version) DO NOTHING RETURNING id`,
          faultValues(f),
        );
        // Under the lock this cannot happen; if it ever does, answer as a lost race, never as a 500.
        if (!inserted.length) return { inserted: false as const, existing: await currentFault(sql, f.id) };
        await writeServiceListing(sql, f.id, f.version, listing, f.receivedAt);
        await writeAudit(sql, audit, f.receivedAt);
        return { inserted: true as const };
      });
    },
  };
}
