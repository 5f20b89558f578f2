/**
 * Takes one backup of a database: dexie-export-import reads every table (Blobs included: photos,
 * signatures, reports, attachments), then it is gzipped and goes to the main process in chunks of
 * BACKUP_CHUNK_BYTES, each with its SHA-256.
 *
 * The export reads in short transactions, a chunk of rows at a time (`noTransaction`), not in one
 * transaction over every table: IndexedDB has no snapshot reads, so one long read transaction
 * queues every write behind it, and turning 100 photos into JSON took 9–14 s in Chromium (30 MB),
 * during which no answer could be saved. The price: a write made while the backup runs may be in
 * it or not, table by table; the next backup has it, and the typing journal holds it meanwhile.
 *
 * The app's own block (EMBEDDED_KEY: reason, time, counts as exported, unsaved typing and names)
 * goes inside the export, so the .json.gz alone restores everything, sidecar or not.
 */
import type Dexie from 'dexie';
import { exportDB } from 'dexie-export-import';
import {
  BACKUP_CHUNK_BYTES,
  EMBEDDED_KEY,
  USER_TABLES,
  type BackupCommitted,
  type BackupEmbedded,
  type BackupFailure,
  type BackupReason,
} from '../../src-shared/rpc/backup-channels';
import type { BackupRpc } from './backup-rpc';
import { snapshotUnsavedTyping } from './unsaved-typing';

export interface WriteBackupDeps {
  rpc: BackupRpc;
  /** localStorage in the app; absent where there is none (unit tests may pass a fake). */
  storage?: Storage;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Cuts a byte stream into pieces of exactly `size` bytes (the last one shorter). */
async function* rechunk(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  const reader = stream.getReader();
  let buffer = new Uint8Array(size);
  let filled = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    let offset = 0;
    while (offset < value.length) {
      const take = Math.min(size - filled, value.length - offset);
      buffer.set(value.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.slice(0, filled);
}

/** Rows in the tables that hold the engineer's work (USER_TABLES): 0 means an empty store. */
export async function userRowsIn(db: Dexie): Promise<number> {
  const names = new Set(db.tables.map((t) => t.name));
  const counts = await Promise.all(USER_TABLES.filter((t) => names.has(t)).map((t) => db.table(t).count()));
  return counts.reduce((a, b) => a + b, 0);
}

/** How every export begins (export.ts stringifies `{formatName, formatVersion, data}` in that order). */
const EXPORT_START = '{"formatName":"dexie","formatVersion":1,';

/** The export with the app's block put in before `data`; Blob slices, so the rows are not copied. */
async function withEmbedded(json: Blob, embedded: BackupEmbedded): Promise<Blob> {
  if ((await json.slice(0, EXPORT_START.length).text()) !== EXPORT_START) throw new Error('the export does not begin as expected');
  return new Blob([EXPORT_START, `"${EMBEDDED_KEY}":${JSON.stringify(embedded)},`, json.slice(EXPORT_START.length)], { type: 'application/json' });
}

/** Exports `db` and writes it as a backup for `reason`; a failure is returned, never thrown. */
export async function writeBackup(db: Dexie, reason: BackupReason, deps: WriteBackupDeps): Promise<BackupCommitted> {
  // Taken before the export: anything typed after it was also saved after it, and the next backup has it.
  const unsavedTyping = snapshotUnsavedTyping(deps.storage);
  let json: Blob;
  let counts: Record<string, number>;
  try {
    // Counted as exported (the meta's rowCount is taken before the first row and may be off by a
    // write made meanwhile): a restore checks its import against these.
    const exported: Record<string, number> = Object.fromEntries(db.tables.map((t) => [t.name, 0]));
    json = await exportDB(db, {
      noTransaction: true,
      filter: (table) => {
        exported[table] = (exported[table] ?? 0) + 1;
        return true;
      },
    });
    counts = exported;
    json = await withEmbedded(json, { reason, createdAt: new Date().toISOString(), counts, unsavedTyping });
  } catch (error) {
    return { ok: false, reason: 'write_failed', detail: `export: ${(error as Error).message ?? String(error)}` };
  }
  const begun = await deps.rpc('backup.begin', { reason, schemaVersion: db.verno });
  if (!begun.ok) return begun;
  const { session } = begun;
  let chunks = 0;
  let bytes = 0;
  try {
    const gzip = json.stream().pipeThrough(new CompressionStream('gzip'));
    for await (const chunk of rechunk(gzip, BACKUP_CHUNK_BYTES)) {
      const step = await deps.rpc('backup.append', { session, index: chunks, sha256: await sha256Hex(chunk), data: toBase64(chunk) });
      if (!step.ok) return step;
      chunks += 1;
      bytes += chunk.length;
    }
  } catch (error) {
    await deps.rpc('backup.abort', { session }).catch(() => undefined);
    const failure: BackupFailure = { ok: false, reason: 'write_failed', detail: (error as Error).message ?? String(error) };
    return failure;
  }
  return deps.rpc('backup.commit', { session, chunks, bytes, counts, unsavedTyping });
}
