/** Reference data (hospitals, contracts, assets, templates, calendars) as a sequence-numbered change log. */
import type { Database } from 'better-sqlite3';
import type { ReferenceKind } from '../../../src-shared/sync/protocol';
import type { OfficeStore, ReferenceChange, ReferenceRow } from '../port';
import { writeAudit } from './audit';

interface ReferenceDbRow {
  kind: ReferenceKind;
  key: string;
  hospital_id: string | null;
  seq: number;
  hash: string | null;
  data: string | null;
  deleted: number;
}

const toChange = (r: ReferenceDbRow): ReferenceChange => ({
  kind: r.kind,
  key: r.key,
  hospitalId: r.hospital_id,
  seq: r.seq,
  hash: r.hash,
  data: r.data === null ? null : (JSON.parse(r.data) as unknown),
  deleted: r.deleted === 1,
});

type ReferenceMethods = 'upsertReference' | 'deleteReference' | 'pullReference' | 'listReference' | 'getReference' | 'countReference';

export function referenceRepo(db: Database, now: () => string): Pick<OfficeStore, ReferenceMethods> {
  const nextSeq = (): number => ((db.prepare('SELECT MAX(seq) AS s FROM reference_items').get() as { s: number | null }).s ?? 0) + 1;
  const current = db.prepare('SELECT hash, deleted FROM reference_items WHERE kind = ? AND key = ?');

  return {
    async upsertReference(rows: ReferenceRow[], audit) {
      const at = now();
      return db.transaction(() => {
        let seq = nextSeq();
        let changed = 0;
        const write = db.prepare(
          `INSERT INTO reference_items (kind, key, hospital_id, seq, hash, data, deleted, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)
           ON CONFLICT (kind, key) DO UPDATE SET hospital_id = excluded.hospital_id, seq = excluded.seq, hash = excluded.hash,
             data = excluded.data, deleted = 0, updated_at = excluded.updated_at`,
        );
        for (const r of rows) {
          const before = current.get(r.kind, r.key) as { hash: string | null; deleted: number } | undefined;
          if (before && before.deleted === 0 && before.hash === r.hash) continue;
          write.run(r.kind, r.key, r.hospitalId, seq++, r.hash, JSON.stringify(r.data), at);
          changed++;
        }
        if (changed > 0) writeAudit(db, { ...audit, details: { ...audit.details, changed } }, at);
        return changed;
      })();
    },
    async deleteReference(keys, audit) {
      const at = now();
      return db.transaction(() => {
        let seq = nextSeq();
        let changed = 0;
        const mark = db.prepare(
          'UPDATE reference_items SET deleted = 1, data = NULL, hash = NULL, seq = ?, updated_at = ? WHERE kind = ? AND key = ? AND deleted = 0',
        );
        for (const k of keys) changed += mark.run(seq++, at, k.kind, k.key).changes;
        if (changed > 0) writeAudit(db, { ...audit, details: { ...audit.details, changed } }, at);
        return changed;
      })();
    },
    async pullReference(afterSeq, hospitalIds, limit) {
      // json_each keeps the statement fixed whatever the number of hospitals.
      const rows = db
        .prepare(
          `SELECT * FROM reference_items
           WHERE seq > ? AND (hospital_id IS NULL OR hospital_id IN (SELECT value FROM json_each(?)))
           ORDER BY seq LIMIT ?`,
        )
        .all(afterSeq, JSON.stringify(hospitalIds), limit) as ReferenceDbRow[];
      return rows.map(toChange);
    },
    async listReference(kind, hospitalId) {
      const rows = (
        hospitalId === undefined
          ? db.prepare('SELECT * FROM reference_items WHERE kind = ? AND deleted = 0 ORDER BY key').all(kind)
          : db.prepare('SELECT * FROM reference_items WHERE kind = ? AND hospital_id = ? AND deleted = 0 ORDER BY key').all(kind, hospitalId)
      ) as ReferenceDbRow[];
      return rows.map(toChange);
    },
    async getReference(kind, key) {
      const row = db.prepare('SELECT * FROM reference_items WHERE kind = ? AND key = ?').get(kind, key) as ReferenceDbRow | undefined;
      return row ? toChange(row) : undefined;
    },
    async countReference() {
      return (db.prepare('SELECT COUNT(*) AS n FROM reference_items').get() as { n: number }).n;
    },
  };
}
