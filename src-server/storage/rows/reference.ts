/**
 * Rows of the reference change log and its history as both stores read them (PostgreSQL's
 * columns mirror SQLite's), and their mapping to the port's types.
 */
import type { ReferenceKind } from '../../../src-shared/sync/protocol';
import type { ReferenceChange, ReferenceVersion } from '../port';

export interface ReferenceDbRow {
  kind: ReferenceKind;
  key: string;
  hospital_id: string | null;
  seq: number;
  hash: string | null;
  data: string | null;
  deleted: number;
  version: number;
}

export const toChange = (r: ReferenceDbRow): ReferenceChange => ({
  kind: r.kind,
  key: r.key,
  hospitalId: r.hospital_id,
  seq: r.seq,
  hash: r.hash,
  data: r.data === null ? null : (JSON.parse(r.data) as unknown),
  deleted: r.deleted === 1,
  version: r.version,
});

/** A row of `reference_versions`: the item's columns but the hospital, with who wrote it and when. */
export type ReferenceVersionDbRow = Omit<ReferenceDbRow, 'hospital_id'> & { actor: string; at: string };

export const toVersion = (r: ReferenceVersionDbRow): ReferenceVersion => ({
  kind: r.kind,
  key: r.key,
  version: r.version,
  seq: r.seq,
  hash: r.hash,
  data: r.data === null ? null : (JSON.parse(r.data) as unknown),
  deleted: r.deleted === 1,
  actor: r.actor,
  at: r.at,
});
