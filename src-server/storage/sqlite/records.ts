/**
 * Accepted reports (immutable records, with their subjects, blobs and receipt) and fault record
 * versions (with their listing row: service-records.ts). A report's row is written once; later only
 * scans join its blobs, with a new receipt.
 */
import type { Database } from 'better-sqlite3';
import type { Receipt } from '../../../src-shared/sync/receipt';
import type { OfficeStore, StoredReport } from '../port';
import { faultValues, reportValues, toFault, toReport, type FaultDbRow, type ReportDbRow } from '../rows/records';
import { writeAudit } from './audit';
import { writeServiceListing } from './service-records';

/** Every column but the record, which only getReportRecord reads: it can be megabytes. */
const REPORT_COLUMNS =
  'id, hash, report_number, hospital_id, contract_id, engineer_id, device_id, completed_at, signed_at, received_at, signatures, pdf_sha256, pdf_size, signer, receipt';

type RecordMethods = 'getReport' | 'getReportRecord' | 'findReportByNumber' | 'insertReport' | 'addReportScans' | 'listReports' | 'getFaultVersion' | 'getCurrentFault' | 'insertFaultVersion' | 'listFaultVersions';

export function recordsRepo(db: Database): Pick<OfficeStore, RecordMethods> {
  // Subjects and blobs per report: the calls are synchronous, so no write lands between a report's row and its children.
  const subjectsOf = (id: string): StoredReport['subjects'] =>
    (
      db.prepare('SELECT subject, template_id, template_version FROM report_subjects WHERE report_id = ? ORDER BY subject').all(id) as {
        subject: string;
        template_id: string;
        template_version: number;
      }[]
    ).map((s) => ({ subject: s.subject, templateId: s.template_id, templateVersion: s.template_version }));
  const blobsOf = (id: string): StoredReport['blobs'] =>
    db.prepare('SELECT sha256, size, mime, role FROM report_blobs WHERE report_id = ? ORDER BY role, sha256').all(id) as StoredReport['blobs'];
  const reportOf = (r: ReportDbRow): StoredReport => toReport(r, subjectsOf(r.id), blobsOf(r.id));
  const reportRow = (id: string) => db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`).get(id) as ReportDbRow | undefined;
  const currentFault = (id: string) =>
    db.prepare('SELECT * FROM fault_versions WHERE id = ? ORDER BY version DESC LIMIT 1').get(id) as FaultDbRow | undefined;

  return {
    async getReport(id) {
      const row = reportRow(id);
      return row && reportOf(row);
    },
    async getReportRecord(id) {
      const row = db.prepare('SELECT record FROM reports WHERE id = ?').get(id) as { record: string } | undefined;
      return row?.record;
    },
    async findReportByNumber(reportNumber) {
      const row = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE report_number = ?`).get(reportNumber) as ReportDbRow | undefined;
      return row && reportOf(row);
    },
    async insertReport(r, audit) {
      return db.transaction(() => {
        const existing = reportRow(r.id);
        if (existing) return { inserted: false as const, existing: reportOf(existing) };
        db.prepare(
          `INSERT INTO reports (id, hash, report_number, hospital_id, contract_id, engineer_id, device_id, completed_at, signed_at,
             received_at, record, signatures, pdf_sha256, pdf_size, signer, receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...reportValues(r));
        const subject = db.prepare('INSERT INTO report_subjects (report_id, subject, template_id, template_version) VALUES (?, ?, ?, ?)');
        for (const s of r.subjects) subject.run(r.id, s.subject, s.templateId, s.templateVersion);
        const blob = db.prepare('INSERT INTO report_blobs (report_id, sha256, size, mime, role) VALUES (?, ?, ?, ?, ?)');
        for (const b of r.blobs) blob.run(r.id, b.sha256, b.size, b.mime, b.role);
        writeAudit(db, audit, r.receivedAt);
        return { inserted: true as const };
      })();
    },
    async addReportScans({ id, replaces, scans, receipt }, audit) {
      return db.transaction(() => {
        const row = reportRow(id);
        if (!row) throw new Error(`no report ${id} to add scans to`);
        // Compare-and-swap on the receipt: the new one lists the blobs stored under the one it replaces.
        if ((JSON.parse(row.receipt) as Receipt).body.receiptId !== replaces) return reportOf(row);
        const blob = db.prepare('INSERT OR IGNORE INTO report_blobs (report_id, sha256, size, mime, role) VALUES (?, ?, ?, ?, ?)');
        let added = 0;
        for (const b of scans) added += blob.run(id, b.sha256, b.size, b.mime, b.role).changes;
        if (!added) return reportOf(row);
        db.prepare('UPDATE reports SET receipt = ? WHERE id = ?').run(JSON.stringify(receipt), id);
        writeAudit(db, audit, receipt.body.receivedAt);
        return reportOf(reportRow(id)!);
      })();
    },
    async listReports({ scope, hospitalId, subjects, from, to, limit, offset }) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (scope) {
        where.push('hospital_id IN (SELECT value FROM json_each(?))');
        args.push(JSON.stringify(scope));
      }
      if (hospitalId) {
        where.push('hospital_id = ?');
        args.push(hospitalId);
      }
      if (subjects?.length) {
        where.push('id IN (SELECT report_id FROM report_subjects WHERE subject IN (SELECT value FROM json_each(?)))');
        args.push(JSON.stringify(subjects));
      }
      // completed_at is ISO with an offset; its first ten characters are the local date on the device.
      if (from) {
        where.push('substr(completed_at, 1, 10) >= ?');
        args.push(from);
      }
      if (to) {
        where.push('substr(completed_at, 1, 10) <= ?');
        args.push(to);
      }
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const total = (db.prepare(`SELECT COUNT(*) AS n FROM reports ${clause}`).get(...args) as { n: number }).n;
      const rows = db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports ${clause} ORDER BY completed_at DESC, id LIMIT ? OFFSET ?`).all(...args, limit, offset) as ReportDbRow[];
      return { total, reports: rows.map(reportOf) };
    },

    async getFaultVersion(id, version) {
      const row = db.prepare('SELECT * FROM fault_versions WHERE id = ? AND version = ?').get(id, version) as FaultDbRow | undefined;
      return row && toFault(row);
    },
    async getCurrentFault(id) {
      const row = currentFault(id);
      return row && toFault(row);
    },
    async listFaultVersions(id) {
      return (db.prepare('SELECT * FROM fault_versions WHERE id = ? ORDER BY version').all(id) as FaultDbRow[]).map(toFault);
    },
    async insertFaultVersion(f, audit, listing) {
      return db.transaction(() => {
        const cur = currentFault(f.id);
        // Optimistic concurrency: a write must build on the version the office has now.
        if ((cur?.version ?? 0) !== f.version - 1) return { inserted: false as const, existing: cur && toFault(cur) };
        db.prepare(
          `INSERT INTO fault_versions (id, version, hospital_id, hash, body, engineer_id, device_id, received_at, receipt)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(...faultValues(f));
        writeServiceListing(db, f.id, f.version, listing, f.receivedAt);
        writeAudit(db, audit, f.receivedAt);
        return { inserted: true as const };
      })();
    },
  };
}
