/**
 * Reference data (hospitals, contracts, assets, templates, calendars) as a sequence-numbered change
 * log. Every transaction that writes it first locks the `reference` counter's row, which serialises
 * reference writers across instances (as SQLite's single writer does) and hands sequence numbers out
 * in commit order: a puller with cursor N never sees N+2 committed before N+1 is visible.
 */
import type { ReferenceKind } from '../../../src-shared/sync/protocol';
import type { AuditEntry, OfficeStore, ReferenceRow } from '../port';
import { toChange, toVersion, type ReferenceDbRow, type ReferenceVersionDbRow } from '../rows/reference';
import { writeAudit } from './audit';
import { rows, type PostgresPool, type Sql } from './pool';

type ReferenceMethods = 'writeReference' | 'listReferenceVersions' | 'upsertReference' | 'deleteReference' | 'pullReference' | 'listReference' | 'getReference' | 'countReference';

/** A reference change as the writer applies it, in order: a row to write or a row to mark deleted. */
export type ReferenceChangeInput = { row: ReferenceRow } | { delete: true; kind: ReferenceKind; key: string };

export interface StoredReference {
  hospitalId: string | null;
  hash: string | null;
  deleted: boolean;
  version: number;
}

const keyOf = (kind: string, key: string): string => `${kind}\u0000${key}`;
const targetOf = (c: ReferenceChangeInput): { kind: ReferenceKind; key: string } => ('row' in c ? { kind: c.row.kind, key: c.row.key } : { kind: c.kind, key: c.key });

/** One write of a row as it goes into reference_items and reference_versions. */
interface Written {
  kind: string;
  key: string;
  hospitalId: string | null;
  hash: string | null;
  data: string | null;
  deleted: boolean;
  version: number;
  seq: number;
}

/** The writes as column arrays, $1…$8 of the statements below: one statement whatever their number. */
const columns = (list: Written[]): unknown[] => [
  list.map((w) => w.kind),
  list.map((w) => w.key),
  list.map((w) => w.hospitalId),
  list.map((w) => w.seq),
  list.map((w) => w.hash),
  list.map((w) => w.data),
  list.map((w) => (w.deleted ? 1 : 0)),
  list.map((w) => w.version),
];
const UNNEST = `unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::int[], $8::int[]) AS w (kind, key, hospital_id, seq, hash, data, deleted, version)`;

/**
 * The writes every reference change goes through (import, console edits, publishing a template),
 * inside the caller's transaction. `lock` must come first in that transaction: it takes the counter
 * row that serialises reference writers, so what `stored` reads stays true until commit.
 */
export function referenceWriter(sql: Sql) {
  const lock = async (): Promise<void> => {
    await sql.query("SELECT value FROM counters WHERE name = 'reference' FOR UPDATE");
  };

  /** The stored state of these rows (tombstones included), by kind and key; one round trip. */
  const stored = async (keys: { kind: string; key: string }[]): Promise<Map<string, StoredReference>> => {
    const found = new Map<string, StoredReference>();
    if (keys.length === 0) return found;
    const list = await rows<Pick<ReferenceDbRow, 'kind' | 'key' | 'hospital_id' | 'hash' | 'deleted' | 'version'>>(
      sql,
      `SELECT r.kind, r.key, r.hospital_id, r.hash, r.deleted, r.version FROM reference_items r
       JOIN unnest($1::text[], $2::text[]) AS k (kind, key) ON r.kind = k.kind AND r.key = k.key`,
      [keys.map((k) => k.kind), keys.map((k) => k.key)],
    );
    for (const r of list) found.set(keyOf(r.kind, r.key), { hospitalId: r.hospital_id, hash: r.hash, deleted: r.deleted === 1, version: r.version });
    return found;
  };

  /**
   * Applies the changes in order, as SQLite's writer does one by one: a row stored with the same
   * hash is skipped, a deletion of an absent or deleted row too; each other change takes the next
   * sequence number and version and a history row. Returns how many changed. The numbers are
   * taken in one UPDATE and the rows written in one statement each, so an import of thousands of
   * rows is a handful of round trips.
   */
  const apply = async (changes: ReferenceChangeInput[], actor: string, at: string): Promise<number> => {
    const state = await stored(changes.map(targetOf));
    const history: Written[] = [];
    // The last write of each row: what reference_items holds once the batch is in.
    const latest = new Map<string, Written>();
    for (const c of changes) {
      const { kind, key } = targetOf(c);
      const before = state.get(keyOf(kind, key));
      let written: Written;
      if ('row' in c) {
        if (before && !before.deleted && before.hash === c.row.hash) continue;
        const data = JSON.stringify(c.row.data);
        written = { kind, key, hospitalId: c.row.hospitalId, hash: c.row.hash, data, deleted: false, version: (before?.version ?? 0) + 1, seq: 0 };
      } else {
        if (!before || before.deleted) continue;
        // A tombstone keeps the row's hospital, so that hospital's devices learn of the deletion.
        written = { kind, key, hospitalId: before.hospitalId, hash: null, data: null, deleted: true, version: before.version + 1, seq: 0 };
      }
      history.push(written);
      latest.set(keyOf(kind, key), written);
      state.set(keyOf(kind, key), { hospitalId: written.hospitalId, hash: written.hash, deleted: written.deleted, version: written.version });
    }
    if (history.length === 0) return 0;

    // The counter's row is already ours (lock), so these numbers follow the last commit's without a gap.
    const [counter] = await rows<{ value: number }>(sql, "UPDATE counters SET value = value + $1 WHERE name = 'reference' RETURNING value", [history.length]);
    if (!counter) throw new Error('counter reference is missing');
    const first = counter.value - history.length + 1;
    history.forEach((w, i) => (w.seq = first + i));

    await sql.query(
      `INSERT INTO reference_items (kind, key, hospital_id, seq, hash, data, deleted, version, updated_at)
       SELECT w.*, $9::text FROM ${UNNEST}
       ON CONFLICT (kind, key) DO UPDATE SET hospital_id = excluded.hospital_id, seq = excluded.seq, hash = excluded.hash,
         data = excluded.data, deleted = excluded.deleted, updated_at = excluded.updated_at, version = excluded.version`,
      [...columns([...latest.values()]), at],
    );
    await sql.query(
      `INSERT INTO reference_versions (kind, key, seq, hash, data, deleted, version, actor, at)
       SELECT w.kind, w.key, w.seq, w.hash, w.data, w.deleted, w.version, $9::text, $10::text FROM ${UNNEST}`,
      [...columns(history), actor, at],
    );
    return history.length;
  };

  return { lock, stored, apply };
}

export function referenceRepo(db: PostgresPool, now: () => string): Pick<OfficeStore, ReferenceMethods> {
  /** Locks, applies, and audits when anything changed: upsert, delete and a guarded write that passed. */
  const applyAudited = async (sql: Sql, changes: ReferenceChangeInput[], audit: AuditEntry, at: string): Promise<number> => {
    const changed = await referenceWriter(sql).apply(changes, audit.actor, at);
    if (changed > 0) await writeAudit(sql, { ...audit, details: { ...audit.details, changed } }, at);
    return changed;
  };

  return {
    async writeReference(writes, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        const writer = referenceWriter(sql);
        // The guards are read under the counter's lock, so two editors (or two instances) cannot both pass them.
        await writer.lock();
        const targets = writes.map((w) => ('row' in w ? { kind: w.row.kind, key: w.row.key } : { kind: w.kind, key: w.key }));
        const stored = await writer.stored(targets);
        const keys = targets.filter((t, i) => {
          const row = stored.get(keyOf(t.kind, t.key));
          const storedHash = row && !row.deleted ? row.hash : null;
          return storedHash !== writes[i]!.expectedHash;
        });
        if (keys.length > 0) {
          await writeAudit(sql, { ...audit, outcome: 'refused', details: { ...audit.details, reason: 'conflict', keys: keys.slice(0, 20) } }, at);
          return { outcome: 'conflict' as const, keys };
        }
        const changes = writes.map((w): ReferenceChangeInput => ('row' in w ? { row: w.row } : { delete: true, kind: w.kind, key: w.key }));
        return { outcome: 'written' as const, changed: await applyAudited(sql, changes, audit, at) };
      });
    },
    async listReferenceVersions(kind, key) {
      const found = await db.query<ReferenceVersionDbRow>(
        'SELECT * FROM reference_versions WHERE kind = $1 AND key = $2 ORDER BY version DESC',
        [kind, key],
      );
      return found.map(toVersion);
    },
    async upsertReference(list, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        await referenceWriter(sql).lock();
        return applyAudited(sql, list.map((row) => ({ row })), audit, at);
      });
    },
    async deleteReference(keys, audit) {
      const at = now();
      return db.transaction(async (sql) => {
        await referenceWriter(sql).lock();
        return applyAudited(sql, keys.map((k) => ({ delete: true as const, kind: k.kind, key: k.key })), audit, at);
      });
    },
    async pullReference(afterSeq, hospitalIds, limit) {
      const found = await db.query<ReferenceDbRow>(
        `SELECT * FROM reference_items WHERE seq > $1 AND (hospital_id IS NULL OR hospital_id = ANY($2::text[])) ORDER BY seq LIMIT $3`,
        [afterSeq, hospitalIds, limit],
      );
      return found.map(toChange);
    },
    async listReference(kind, hospitalId) {
      const found =
        hospitalId === undefined
          ? await db.query<ReferenceDbRow>('SELECT * FROM reference_items WHERE kind = $1 AND deleted = 0 ORDER BY key', [kind])
          : await db.query<ReferenceDbRow>('SELECT * FROM reference_items WHERE kind = $1 AND hospital_id = $2 AND deleted = 0 ORDER BY key', [kind, hospitalId]);
      return found.map(toChange);
    },
    async getReference(kind, key) {
      const [row] = await db.query<ReferenceDbRow>('SELECT * FROM reference_items WHERE kind = $1 AND key = $2', [kind, key]);
      return row ? toChange(row) : undefined;
    },
    async countReference() {
      return (await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM reference_items'))[0]?.n ?? 0;
    },
  };
}
