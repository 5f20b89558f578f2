/** Reference data (hospitals, contracts, assets, templates, calendars) as a sequence-numbered change log. */
import type { Database } from 'better-sqlite3';
import type { AuditEntry, OfficeStore, ReferenceRow } from '../port';
import { toChange, toVersion, type ReferenceDbRow, type ReferenceVersionDbRow } from '../rows/reference';
import { writeAudit } from './audit';

type ReferenceMethods = 'writeReference' | 'listReferenceVersions' | 'upsertReference' | 'deleteReference' | 'pullReference' | 'listReference' | 'getReference' | 'countReference';

/**
 * The writes every reference change goes through (import, console edits, publishing a template):
 * the next sequence number, the version after the stored one, and a history row with its actor.
 * Callers run them inside their own transaction.
 */
export function referenceWriter(db: Database) {
  const nextSeq = (): number => ((db.prepare('SELECT MAX(seq) AS s FROM reference_items').get() as { s: number | null }).s ?? 0) + 1;
  const current = db.prepare('SELECT hash, deleted, version FROM reference_items WHERE kind = ? AND key = ?');
  const write = db.prepare(
    `INSERT INTO reference_items (kind, key, hospital_id, seq, hash, data, deleted, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)
     ON CONFLICT (kind, key) DO UPDATE SET hospital_id = excluded.hospital_id, seq = excluded.seq, hash = excluded.hash,
       data = excluded.data, deleted = 0, updated_at = excluded.updated_at, version = excluded.version`,
  );
  const mark = db.prepare('UPDATE reference_items SET deleted = 1, data = NULL, hash = NULL, seq = ?, updated_at = ?, version = ? WHERE kind = ? AND key = ?');
  const history = db.prepare('INSERT INTO reference_versions (kind, key, version, seq, hash, data, deleted, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  type Stored = { hash: string | null; deleted: number; version: number } | undefined;
  return {
    stored: (kind: string, key: string): Stored => current.get(kind, key) as Stored,
    /** Writes the row unless it is stored with the same hash; returns whether it wrote. */
    put(r: ReferenceRow, actor: string, at: string): boolean {
      const before = current.get(r.kind, r.key) as Stored;
      if (before && before.deleted === 0 && before.hash === r.hash) return false;
      const seq = nextSeq();
      const version = (before?.version ?? 0) + 1;
      const data = JSON.stringify(r.data);
      write.run(r.kind, r.key, r.hospitalId, seq, r.hash, data, at, version);
      history.run(r.kind, r.key, version, seq, r.hash, data, 0, actor, at);
      return true;
    },
    /** Marks the row deleted (a tombstone with a new sequence number); false if it is absent or already deleted. */
    remove(kind: string, key: string, actor: string, at: string): boolean {
      const before = current.get(kind, key) as Stored;
      if (!before || before.deleted === 1) return false;
      const seq = nextSeq();
      const version = before.version + 1;
      mark.run(seq, at, version, kind, key);
      history.run(kind, key, version, seq, null, null, 1, actor, at);
      return true;
    },
  };
}

export function referenceRepo(db: Database, now: () => string): Pick<OfficeStore, ReferenceMethods> {
  const writer = referenceWriter(db);
  const audited = (audit: AuditEntry, changed: number, at: string): void => {
    if (changed > 0) writeAudit(db, { ...audit, details: { ...audit.details, changed } }, at);
  };

  return {
    async writeReference(writes, audit) {
      const at = now();
      // IMMEDIATE: the guards are read under the write lock, so two editors (or two processes) cannot both pass them.
      return db.transaction(() => {
        const conflicts = writes.filter((w) => {
          const kind = 'row' in w ? w.row.kind : w.kind;
          const key = 'row' in w ? w.row.key : w.key;
          const stored = writer.stored(kind, key);
          const storedHash = stored && stored.deleted === 0 ? stored.hash : null;
          return storedHash !== w.expectedHash;
        });
        if (conflicts.length > 0) {
          const keys = conflicts.map((w) => ('row' in w ? { kind: w.row.kind, key: w.row.key } : { kind: w.kind, key: w.key }));
          writeAudit(db, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict', keys: keys.slice(0, 20) } }, at);
          return { outcome: 'conflict' as const, keys };
        }
        let changed = 0;
        for (const w of writes) {
          if ('row' in w ? writer.put(w.row, audit.actor, at) : writer.remove(w.kind, w.key, audit.actor, at)) changed++;
        }
        audited(audit, changed, at);
        return { outcome: 'written' as const, changed };
      }).immediate();
    },
    async listReferenceVersions(kind, key) {
      const rows = db.prepare('SELECT * FROM reference_versions WHERE kind = ? AND key = ? ORDER BY version DESC').all(kind, key) as ReferenceVersionDbRow[];
      return rows.map(toVersion);
    },
    async upsertReference(rows: ReferenceRow[], audit) {
      const at = now();
      return db.transaction(() => {
        let changed = 0;
        for (const r of rows) if (writer.put(r, audit.actor, at)) changed++;
        audited(audit, changed, at);
        return changed;
      })();
    },
    async deleteReference(keys, audit) {
      const at = now();
      return db.transaction(() => {
        let changed = 0;
        for (const k of keys) if (writer.remove(k.kind, k.key, audit.actor, at)) changed++;
        audited(audit, changed, at);
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
