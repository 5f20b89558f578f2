/** The audit log: one row per write or refused attempt, appended in the same transaction as the write. */
import type { AuditEntry, OfficeStore } from '../port';
import { auditValues, toAuditRow, type AuditDbRow } from '../rows/audit';
import { nextNumber, rows, type PostgresPool, type Sql } from './pool';

/**
 * Appends the entry under the next audit number. Callers write it last in their transaction: the
 * counter's row stays locked until commit, so a rolled-back write leaves no gap.
 */
export async function writeAudit(sql: Sql, entry: AuditEntry, at: string): Promise<void> {
  const seq = await nextNumber(sql, 'audit');
  await sql.query('INSERT INTO audit_log (seq, at, actor, action, outcome, target, details, ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [seq, ...auditValues(entry, at)]);
}

export function auditRepo(db: PostgresPool, now: () => string): Pick<OfficeStore, 'audit' | 'listAudit'> {
  return {
    async audit(entry) {
      await db.transaction((sql) => writeAudit(sql, entry, now()));
    },
    async listAudit({ limit, target, action, offset, exceptAction, actorText, targetText, outcome, from, to }) {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (sql: (n: string) => string, value: unknown): void => {
        args.push(value);
        where.push(sql(`$${args.length}`));
      };
      if (target !== undefined) add((n) => `target = ${n}`, target);
      if (action !== undefined) add((n) => `action = ${n}`, action);
      // strpos, not LIKE: the text is the user's, and % or _ in it must match themselves.
      if (actorText) add((n) => `strpos(lower(actor), lower(${n})) > 0`, actorText);
      if (targetText) add((n) => `strpos(lower(target), lower(${n})) > 0`, targetText);
      if (exceptAction !== undefined) add((n) => `action != ${n}`, exceptAction);
      if (outcome !== undefined) add((n) => `outcome = ${n}`, outcome);
      if (from !== undefined) add((n) => `at >= ${n}`, from);
      if (to !== undefined) add((n) => `at < ${n}`, to);
      args.push(limit, offset ?? 0);
      const found = await rows<AuditDbRow>(
        db.pool,
        `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $${args.length - 1} OFFSET $${args.length}`,
        args,
      );
      return found.map(toAuditRow);
    },
  };
}
