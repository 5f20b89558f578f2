/** The audit log: one row per write or refused attempt, appended in the same transaction as the write. */
import type { Database } from 'better-sqlite3';
import type { AuditEntry, OfficeStore } from '../port';
import { auditValues, toAuditRow, type AuditDbRow } from '../rows/audit';

export function writeAudit(db: Database, entry: AuditEntry, at: string): void {
  db.prepare('INSERT INTO audit_log (at, actor, action, outcome, target, details, ip) VALUES (?, ?, ?, ?, ?, ?, ?)').run(...auditValues(entry, at));
}

export function auditRepo(db: Database, now: () => string): Pick<OfficeStore, 'audit' | 'listAudit'> {
  return {
    async audit(entry) {
      writeAudit(db, entry, now());
    },
    async listAudit({ limit, target, action, offset, exceptAction, actorText, targetText, outcome, from, to }) {
      const where: string[] = [];
      const args: unknown[] = [];
      if (target !== undefined) {
        where.push('target = ?');
        args.push(target);
      }
      if (action !== undefined) {
        where.push('action = ?');
        args.push(action);
      }
      const like = (column: string, text: string | undefined): void => {
        if (!text) return;
        where.push(`instr(lower(${column}), lower(?)) > 0`);
        args.push(text);
      };
      like('actor', actorText);
      like('target', targetText);
      for (const [sql, value] of [['action != ?', exceptAction], ['outcome = ?', outcome], ['at >= ?', from], ['at < ?', to]] as const) {
        if (value === undefined) continue;
        where.push(sql);
        args.push(value);
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ? OFFSET ?`;
      const rows = db.prepare(sql).all(...args, limit, offset ?? 0) as AuditDbRow[];
      return rows.map(toAuditRow);
    },
  };
}
