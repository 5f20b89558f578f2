/**
 * The backups folder (`<dataDir>/backups/`): keeps `xunjian-<yyyymmdd-HHmmss>-v<schema>-<reason>.json.gz`
 * files, each with a sidecar `<file>.meta.json` (BackupHeader) written before the file takes its name,
 * and whatever other `*.json.gz` someone put there (a renamed copy, a file without its sidecar).
 * This module names, lists and prunes them; it never changes a file's bytes, and prunes only the
 * app's own intact backups.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import {
  BACKUP_ANY_FILE,
  BACKUP_FILE_PATTERN,
  BACKUP_REASONS,
  userRowCount,
  type BackupEntry,
  type BackupHeader,
  type BackupReason,
} from '../../src-shared/rpc/backup-channels';

export const SIDECAR_SUFFIX = '.meta.json';
/** How many of each kind pruning keeps, newest first (backups with data before those of an empty store). */
export const KEEP = { routine: 5, 'before-upgrade': 1, 'before-restore': 3 } as const;
/** The smallest gzip file there is (10-byte header, empty deflate block, 8-byte trailer): anything shorter is cut off. */
export const MIN_GZIP_BYTES = 20;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** Local time, as the user reads the folder; ASCII only so any file system and zip tool takes it. */
export function backupFileName(at: Date, schemaVersion: number, reason: BackupReason, taken: ReadonlySet<string>): string {
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  for (let n = 1; ; n++) {
    const name = `xunjian-${stamp}${n === 1 ? '' : `-${n}`}-v${schemaVersion}-${reason}.json.gz`;
    if (!taken.has(name)) return name;
  }
}

export function parseBackupFileName(name: string): { reason: BackupReason; schemaVersion: number; sortKey: string } | null {
  const m = BACKUP_FILE_PATTERN.exec(name);
  if (!m) return null;
  return { reason: m[5] as BackupReason, schemaVersion: Number(m[4]), sortKey: `${m[1]}${m[2]}${pad(Number(m[3] ?? 1), 4)}` };
}

function isHeader(value: unknown): value is BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  return (
    !!h &&
    h.format === 'xunjian-backup' &&
    h.formatVersion === 1 &&
    // `h.file` is not compared: a renamed pair (`备份 副本.json.gz` and its `.meta.json`) is the same backup; the SHA-256 ties them.
    typeof h.file === 'string' &&
    (BACKUP_REASONS as readonly string[]).includes(h.reason ?? '') &&
    Number.isInteger(h.schemaVersion) &&
    typeof h.sha256 === 'string' &&
    Number.isInteger(h.bytes) &&
    typeof h.createdAt === 'string' &&
    !!h.counts &&
    typeof h.counts === 'object' &&
    !!h.unsavedTyping &&
    typeof h.unsavedTyping === 'object'
  );
}

/** The sidecar of `file`, or why it is not usable. */
export async function readHeader(dir: string, file: string): Promise<BackupHeader | 'no_header' | 'bad_header'> {
  let text: string;
  try {
    text = await readFile(path.join(dir, file + SIDECAR_SUFFIX), 'utf8');
  } catch {
    return 'no_header';
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return isHeader(parsed) ? { ...parsed, file } : 'bad_header';
  } catch {
    return 'bad_header';
  }
}

/**
 * Every `*.json.gz` in the folder, newest first, with a quick check: a sidecar's recorded size, a
 * file too short to be gzip. A file without a sidecar is listed without details (they are read from
 * the file itself when it is restored); the full check (backup-check.ts) runs before a restore.
 */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: { entry: BackupEntry; at: number }[] = [];
  for (const file of names) {
    if (!BACKUP_ANY_FILE.test(file)) continue;
    const stats = await stat(path.join(dir, file)).catch(() => null);
    if (!stats?.isFile()) continue;
    const base = { file, size: stats.size, modifiedAt: stats.mtime.toISOString() };
    const header = await readHeader(dir, file);
    let entry: BackupEntry;
    if (stats.size < MIN_GZIP_BYTES) entry = { ...base, ...(typeof header === 'string' ? {} : { header }), problem: 'empty' };
    else if (header === 'no_header') entry = base;
    else if (header === 'bad_header') entry = { ...base, problem: 'bad_header' };
    else if (header.bytes !== stats.size) entry = { ...base, header, problem: 'size_mismatch' };
    else entry = { ...base, header };
    entries.push({ entry, at: entry.header ? Date.parse(entry.header.createdAt) : stats.mtimeMs });
  }
  // Same time (two backups in one second): the app's `-2` suffix, then the name, decide.
  const tie = (file: string) => parseBackupFileName(file)?.sortKey ?? file;
  return entries.sort((a, b) => b.at - a.at || tie(b.entry.file).localeCompare(tie(a.entry.file))).map((e) => e.entry);
}

type Kind = keyof typeof KEEP;
const kindOf = (reason: BackupReason): Kind => (reason === 'scheduled' || reason === 'manual' ? 'routine' : reason);

/**
 * Which backups to delete. Only the app's own, intact backups of a schema the writing app knows
 * (`schemaVersion` or older) are candidates: damaged files, files without a sidecar, renamed copies
 * and backups from a newer app are left for the user. Of each kind the newest KEEP[kind] are kept,
 * backups holding the engineer's data before any of an empty store, so an empty one never pushes
 * out one with data.
 */
export function backupsToPrune(newestFirst: readonly BackupEntry[], schemaVersion: number): string[] {
  const ours = newestFirst.filter(
    (e): e is BackupEntry & { header: BackupHeader } => !!e.header && !e.problem && BACKUP_FILE_PATTERN.test(e.file) && e.header.schemaVersion <= schemaVersion,
  );
  const doomed: string[] = [];
  for (const kind of Object.keys(KEEP) as Kind[]) {
    const ofKind = ours.filter((e) => kindOf(e.header.reason) === kind);
    const ranked = [...ofKind.filter((e) => userRowCount(e.header.counts) > 0), ...ofKind.filter((e) => userRowCount(e.header.counts) === 0)];
    doomed.push(...ranked.slice(KEEP[kind]).map((e) => e.file));
  }
  return doomed;
}

export async function pruneBackups(dir: string, schemaVersion: number, log: (line: string) => void): Promise<string[]> {
  const doomed = backupsToPrune(await listBackups(dir), schemaVersion);
  const removed: string[] = [];
  for (const file of doomed) {
    try {
      // The file first: a sidecar left alone is invisible, a file without one would show as a lone copy.
      await unlink(path.join(dir, file));
      await unlink(path.join(dir, file + SIDECAR_SUFFIX)).catch(() => {});
      removed.push(file);
    } catch (error) {
      log(`backup: could not prune ${file}: ${(error as Error).message}`);
    }
  }
  return removed;
}
