/**
 * The deliverables register at the office: one row per entry, the newest revision any device
 * pushed, replaced in one transaction with its audit entry when a newer one is accepted. The guard
 * (`replaces`) is checked by the write itself, so two instances racing on one entry write once.
 */
import type { DeliverableFilter, OfficeStore } from '../port';
import { deliverableValues, toDeliverable, type DeliverableDbRow } from '../rows/deliverables';
import { writeAudit } from './audit';
import { rows, type PostgresPool } from './pool';

/** Every column but the id, in the order of `deliverableValues` ($2 …). */
const COLUMNS = ['hospital_id', 'contract_id', 'deliverable_id', 'window_start', 'window_end', 'revision', 'state', 'hash', 'entry', 'engineer_id', 'device_id', 'received_at', 'receipt'];

/** The first entry: inserted only if no row has the id (a racing first insert waits, then inserts nothing). */
const INSERT = `INSERT INTO deliverables (id, ${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${COLUMNS.length + 1})
  ON CONFLICT (id) DO NOTHING RETURNING id`;

/**
 * A later revision: written only while the stored hash is still `replaces`. READ COMMITTED
 * re-checks the WHERE on the newest row after waiting for a racing writer's lock, so the loser
 * of a race finds the hash changed and updates nothing.
 */
const UPDATE = `UPDATE deliverables SET ${COLUMNS.map((c, i) => `${c} = $${i + 2}`).join(', ')}
  WHERE id = $1 AND hash = $${COLUMNS.length + 2} RETURNING id`;

export function deliverablesRepo(db: PostgresPool): Pick<OfficeStore, 'getDeliverable' | 'putDeliverable' | 'listDeliverables'> {
  return {
    async getDeliverable(id) {
      const [row] = await db.query<DeliverableDbRow>('SELECT * FROM deliverables WHERE id = $1', [id]);
      return row && toDeliverable(row);
    },
    async putDeliverable(d, replaces, audit) {
      return db.transaction(async (sql) => {
        const done = replaces === null ? await rows(sql, INSERT, deliverableValues(d)) : await rows(sql, UPDATE, [...deliverableValues(d), replaces]);
        if (!done.length) {
          // Refused: what is stored now (this statement sees the racing writer's commit), or nothing.
          const [row] = await rows<DeliverableDbRow>(sql, 'SELECT * FROM deliverables WHERE id = $1', [d.id]);
          return { inserted: false as const, existing: row && toDeliverable(row) };
        }
        await writeAudit(sql, audit, d.receivedAt);
        return { inserted: true as const };
      });
    },
    async listDeliverables(f: DeliverableFilter) {
      const where: string[] = [];
      const args: unknown[] = [];
      const add = (clause: (n: string) => string, value: unknown): void => {
        args.push(value);
        where.push(clause(`$${args.length}`));
      };
      if (f.scope) add((n) => `hospital_id = ANY(${n}::text[])`, f.scope);
      if (f.hospitalId) add((n) => `hospital_id = ${n}`, f.hospitalId);
      if (f.contractId) add((n) => `contract_id = ${n}`, f.contractId);
      const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
      const found = await db.query<DeliverableDbRow>(`SELECT * FROM deliverables ${clause} ORDER BY hospital_id, contract_id, window_start, deliverable_id`, args);
      return found.map(toDeliverable);
    },
  };
}
