/**
 * The backups folder (`<dataDir>/backups/`): keeps `xunjian-<yyyymmdd-HHmmss>-v<schema>-<reason>.json.gz`
 * files, each with a sidecar `<file>.meta.json` (BackupHeader) written before the file takes its name.
 * This module names, lists and prunes them; it never changes a file's bytes.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { BACKUP_FILE_PATTERN, BACKUP_REASONS, type BackupEntry, type BackupHeader, type BackupReason } from '../../src-shared/rpc/backup-channels';

export const SIDECAR_SUFFIX = '.meta.json';
/** Scheduled and manual backups kept, newest first; the newest before-upgrade and before-restore ones are kept besides. */
export const KEEP_ROUTINE = 5;

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

function isHeader(value: unknown, file: string): value is BackupHeader {
  const h = value as Partial<BackupHeader> | null;
  return (
    !!h &&
    h.format === 'xunjian-backup' &&
    h.formatVersion === 1 &&
    h.file === file &&
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
    return isHeader(parsed, file) ? parsed : 'bad_header';
  } catch {
    return 'bad_header';
  }
}

/**
 * Every backup file in the folder, newest first, with a quick check (sidecar present, size as
 * recorded). A truncated file shows up here as damaged; the full check (sha256, gzip) runs
 * before a restore (backup-check.ts).
 */
export async function listBackups(dir: string): Promise<BackupEntry[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const entries: BackupEntry[] = [];
  for (const file of names) {
    if (!parseBackupFileName(file)) continue;
    const size = await stat(path.join(dir, file)).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) continue;
    const header = await readHeader(dir, file);
    if (typeof header === 'string') entries.push({ file, size, problem: header });
    else if (header.bytes !== size) entries.push({ file, size, header, problem: 'size_mismatch' });
    else entries.push({ file, size, header });
  }
  return entries.sort((a, b) => parseBackupFileName(b.file)!.sortKey.localeCompare(parseBackupFileName(a.file)!.sortKey));
}

/**
 * Which intact backups to delete: all but the newest KEEP_ROUTINE scheduled/manual ones and the
 * newest before-upgrade and before-restore ones. Damaged files are left for the user to look at.
 */
export function backupsToPrune(newestFirst: readonly BackupEntry[]): string[] {
  const intact = newestFirst.filter((e) => e.header && !e.problem);
  const routine = intact.filter((e) => e.header!.reason === 'scheduled' || e.header!.reason === 'manual').slice(KEEP_ROUTINE);
  const olderOf = (reason: BackupReason) => intact.filter((e) => e.header!.reason === reason).slice(1);
  return [...routine, ...olderOf('before-upgrade'), ...olderOf('before-restore')].map((e) => e.file);
}

export async function pruneBackups(dir: string, log: (line: string) => void): Promise<string[]> {
  const doomed = backupsToPrune(await listBackups(dir));
  const removed: string[] = [];
  for (const file of doomed) {
    try {
      // The file first: a sidecar left alone is invisible, a file without one would show as damaged.
      await unlink(path.join(dir, file));
      await unlink(path.join(dir, file + SIDECAR_SUFFIX)).catch(() => {});
      removed.push(file);
    } catch (error) {
      log(`backup: could not prune ${file}: ${(error as Error).message}`);
    }
  }
  return removed;
}
