/**
 * Restores a backup over the device database. Every check comes before anything is replaced: the
 * main process reads the file whole (gzip, the export's metadata, size and SHA-256 when there is a
 * sidecar); here its JSON is imported once into a scratch database and its row counts compared with
 * the sidecar's, or the file's own when it came alone. Then the current state is backed up (reason
 * before-restore; not when the store holds nothing of the engineer's), a restore-in-progress marker
 * is stored (restore-marker.ts), the database is deleted and the backup imported at ITS schema
 * version, so a backup from an older version goes through the app's own upgrades when the app
 * reopens (the caller reloads); the marker goes only once the import is done. A backup from a
 * newer schema is refused.
 */
import Dexie from 'dexie';
import { importInto, peakImportFile, type DexieExportJsonMeta } from 'dexie-export-import';
import type { BackupHeader, BackupProblem } from '../../src-shared/rpc/backup-channels';
import type { BackupRpc } from './backup-rpc';
import { clearRestoreMarker, readRestoreMarker, writeRestoreMarker } from './restore-marker';
import { restoreUnsavedTyping } from './unsaved-typing';
import { fromBase64, userRowsIn, writeBackup } from './write-backup';

export type RestoreProblem = BackupProblem | 'bad_json' | 'before_restore_failed' | 'import_failed';
export type RestoreOutcome = { ok: true; header: BackupHeader } | { ok: false; problem: RestoreProblem; detail?: string };

export interface RestoreDeps {
  rpc: BackupRpc;
  /** The database to replace, as the app has it open (closed here before it is deleted). */
  current: Dexie;
  /** The schema version this code opens (SCHEMA_VERSION). */
  codeVersion: number;
  storage?: Storage;
  /** fake-indexeddb in unit tests; the page's own IndexedDB otherwise. */
  idb?: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
}

async function readWhole(rpc: BackupRpc, file: string): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset: number | null = 0;
  while (offset !== null) {
    const chunk: { data: string; next: number | null } = await rpc('backup.read', { file, offset });
    parts.push(fromBase64(chunk.data));
    offset = chunk.next;
  }
  return new Blob(parts, { type: 'application/gzip' });
}

/** A database at the backup's own version with its tables as exported, filled from the JSON. */
async function importAt(name: string, meta: DexieExportJsonMeta, json: Blob, idb: RestoreDeps['idb']): Promise<Dexie> {
  const db = new Dexie(name, idb ? { ...idb } : {});
  db.version(meta.data.databaseVersion).stores(Object.fromEntries(meta.data.tables.map((t) => [t.name, t.schema])));
  try {
    await importInto(db, json, { acceptNameDiff: true });
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

async function rowCounts(db: Dexie): Promise<Record<string, number>> {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.count()] as const)));
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>): boolean =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v);

const deleteDatabase = (name: string, idb: RestoreDeps['idb']): Promise<void> => new Dexie(name, idb ? { ...idb } : {}).delete();

export async function restoreBackup(file: string, deps: RestoreDeps): Promise<RestoreOutcome> {
  const checked = await deps.rpc('backup.check', { file });
  if (!checked.ok) return { ok: false, problem: checked.problem };
  const { header } = checked;
  if (header.schemaVersion > deps.codeVersion) return { ok: false, problem: 'newer_schema' };

  let json: Blob;
  try {
    const gz = await readWhole(deps.rpc, file);
    json = await new Response(gz.stream().pipeThrough(new DecompressionStream('gzip'))).blob();
  } catch (error) {
    return { ok: false, problem: 'bad_gzip', detail: (error as Error).message };
  }

  // A dry run into a scratch database: bad JSON, a wrong version or missing rows stop here.
  const scratchName = `${deps.current.name}-restore-check`;
  let meta: DexieExportJsonMeta;
  try {
    meta = await peakImportFile(json);
    if (meta.data.databaseVersion > deps.codeVersion) return { ok: false, problem: 'newer_schema' };
    if (meta.formatName !== 'dexie' || meta.data.databaseVersion !== header.schemaVersion) throw new Error('not this backup\'s export');
    await deleteDatabase(scratchName, deps.idb);
    // The export always ends by closing its arrays and objects; a cut-off file parses part way.
    if ((await json.slice(-3).text()) !== ']}}') throw new Error('the export is cut off');
    // Every version of this app's schema has inspections: another app's Dexie export has not.
    if (!meta.data.tables.some((t) => t.name === 'inspections')) return { ok: false, problem: 'not_a_backup' };
    const scratch = await importAt(scratchName, meta, json, deps.idb);
    const counts = await rowCounts(scratch);
    scratch.close();
    if (!sameCounts(counts, header.counts)) throw new Error(`rows ${JSON.stringify(counts)} differ from the sidecar's ${JSON.stringify(header.counts)}`);
  } catch (error) {
    return { ok: false, problem: 'bad_json', detail: (error as Error).message };
  } finally {
    await deleteDatabase(scratchName, deps.idb).catch(() => undefined);
  }

  // Keep what is there now, unless it holds nothing of the engineer's: a backup of an empty store
  // (say, after an interrupted restore) would only take the place of one with data.
  const rows = await deps.current.open().then(
    () => userRowsIn(deps.current),
    () => 0, // a database that cannot even be opened has nothing to keep
  );
  let safety: string | null = null;
  if (rows > 0) {
    const kept = await writeBackup(deps.current, 'before-restore', { rpc: deps.rpc, ...(deps.storage ? { storage: deps.storage } : {}) });
    if (!kept.ok) return { ok: false, problem: 'before_restore_failed', detail: `${kept.reason}: ${kept.detail}` };
    safety = kept.backup.file;
  }
  if (deps.storage) {
    // After an interrupted restore, the data from before the first attempt is what to offer back.
    const earlier = readRestoreMarker(deps.storage);
    try {
      writeRestoreMarker(deps.storage, { file, safety: earlier?.safety ?? safety, startedAt: new Date().toISOString() });
    } catch (error) {
      return { ok: false, problem: 'before_restore_failed', detail: (error as Error).message };
    }
  }

  deps.current.close();
  try {
    await deleteDatabase(deps.current.name, deps.idb);
    const restored = await importAt(deps.current.name, meta, json, deps.idb);
    restored.close();
  } catch (error) {
    return { ok: false, problem: 'import_failed', detail: (error as Error).message };
  }
  restoreUnsavedTyping(deps.storage, header.unsavedTyping);
  clearRestoreMarker(deps.storage);
  return { ok: true, header };
}
