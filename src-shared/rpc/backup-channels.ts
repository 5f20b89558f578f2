/**
 * Channels for local backups of the device database (issue 13). The renderer exports IndexedDB
 * (dexie-export-import), gzips it and hands it to the main process in chunks of a few MB
 * (begin → append… → commit); the main process writes `<dataDir>/backups/` and never holds a
 * whole backup in one message. Restoring reads a file back the same way, after the main process
 * has checked it whole (sha256, gzip). Write failures come back as data (`BackupFailure`), so the
 * screen can say what happened in the user's language and that older backups are untouched.
 */
import { z } from 'zod';
import { channel, NoInput } from './channel';

export const BACKUP_REASONS = ['scheduled', 'before-upgrade', 'manual', 'before-restore'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** One chunk of gzip bytes: at most 8 MB (about 10.7 MB of base64, well under the host's 64 MB body). */
export const BACKUP_CHUNK_MAX_BYTES = 8 * 1024 * 1024;
/** What the renderer sends per chunk: big enough to keep calls few, small enough for any transport. */
export const BACKUP_CHUNK_BYTES = 4 * 1024 * 1024;

/** `xunjian-20260512-083000-v8-scheduled.json.gz`, with `-2`… after the time when a second is taken. */
export const BACKUP_FILE_PATTERN = /^xunjian-(\d{8})-(\d{6})(?:-(\d+))?-v(\d+)-(scheduled|before-upgrade|manual|before-restore)\.json\.gz$/;
/**
 * Any `*.json.gz` directly in the folder may be restored: a copy renamed by Explorer
 * (`备份 副本.json.gz`) or a file brought without its sidecar. No separators, no leading dot
 * (the writer's temporary files), so a name can never leave the folder.
 */
export const BACKUP_ANY_FILE = /^(?!\.)[^/\\\0]{1,200}\.json\.gz$/u;
const BackupFileName = z.string().max(220).regex(BACKUP_ANY_FILE);
const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Base64 = z.string().max(Math.ceil(BACKUP_CHUNK_MAX_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);

/** Rows per table as exported; the About screen shows inspections, answers, photos, service records. */
const Counts = z.record(z.string().max(64), z.number().int().nonnegative());

/**
 * localStorage entries a backup carries: text typed on the device that was not in the database yet
 * when the backup was taken, and names the user typed once (engineer, device name).
 */
const UnsavedTyping = z.record(z.string().max(64), z.string().max(2_000_000));

export const BackupBeginInput = z.object({ reason: z.enum(BACKUP_REASONS), schemaVersion: z.number().int().positive() }).strict();

export const BackupAppendInput = z
  .object({ session: z.string().regex(/^[0-9a-f]{32}$/), index: z.number().int().nonnegative(), sha256: Sha256Hex, data: Base64 })
  .strict();

export const BackupCommitInput = z
  .object({
    session: z.string().regex(/^[0-9a-f]{32}$/),
    chunks: z.number().int().nonnegative(),
    bytes: z.number().int().nonnegative(),
    counts: Counts,
    unsavedTyping: UnsavedTyping,
  })
  .strict();

export const BackupFileInput = z.object({ file: BackupFileName }).strict();
export const BackupReadInput = z.object({ file: BackupFileName, offset: z.number().int().nonnegative() }).strict();
export const BackupAbortInput = z.object({ session: z.string().regex(/^[0-9a-f]{32}$/) }).strict();

/** The sidecar `<file>.meta.json` written with each backup: what the list shows and what restoring checks. */
export interface BackupHeader {
  format: 'xunjian-backup';
  formatVersion: 1;
  file: string;
  reason: BackupReason;
  schemaVersion: number;
  appVersion: string;
  /** ISO time the backup was committed. */
  createdAt: string;
  /** Size of the .json.gz file and its SHA-256 (hex). */
  bytes: number;
  sha256: string;
  counts: Record<string, number>;
  unsavedTyping: Record<string, string>;
}

/**
 * What the app writes inside the export itself, as the top-level key EMBEDDED_KEY before `data`
 * (dexie-export-import reads `formatName` and `data` and ignores other keys): a lone `.json.gz`
 * copied without its sidecar still says what it holds and carries the typing and names.
 */
export const EMBEDDED_KEY = 'xunjian';
export interface BackupEmbedded {
  reason: BackupReason;
  createdAt: string;
  /** Rows per table as exported (the export's own `rowCount` is counted before the rows are read). */
  counts: Record<string, number>;
  unsavedTyping: Record<string, string>;
}

/**
 * The tables that hold what the engineer made on this device (the rest is the catalog, which every
 * start loads again, and sync bookkeeping). A backup whose counts are all 0 here is "of an empty
 * store": the app never writes such a scheduled, before-upgrade or before-restore backup, and one
 * never takes the place of a backup with data when older ones are pruned.
 */
export const USER_TABLES = [
  'inspections',
  'answers',
  'attachments',
  'signatures',
  'reports',
  'serviceRecords',
  'serviceAttachments',
  'deliverables',
  'deliverableFiles',
] as const;

export const userRowCount = (counts: Record<string, number>): number => USER_TABLES.reduce((sum, table) => sum + (counts[table] ?? 0), 0);

/** Why a backup file cannot be restored; the list shows it as damaged. */
export type BackupProblem =
  | 'no_header'
  | 'bad_header'
  | 'size_mismatch'
  | 'sha_mismatch'
  | 'bad_gzip'
  | 'not_a_backup'
  | 'missing'
  /** 0 bytes, or too short to be a gzip file: an interrupted copy. */
  | 'empty'
  /** The export inside says a newer database version than this app (or its sidecar) knows. */
  | 'newer_schema';

export interface BackupEntry {
  file: string;
  size: number;
  /** The file's modification time (ISO): what the list shows for a file without a sidecar. */
  modifiedAt: string;
  /** Absent when the file has no sidecar: its details are read from the file itself when it is restored. */
  header?: BackupHeader;
  /** Set when the file is known to be damaged (from the list's quick check or a full check). */
  problem?: BackupProblem;
}

export interface BackupList {
  /** The backups folder, shown to the user (and opened under Electron). */
  dir: string;
  /** Newest first. */
  backups: BackupEntry[];
  /** Whether `backup.openFolder` can open it (the desktop shell only). */
  canOpenFolder: boolean;
}

/** A write that did not happen: the folder keeps every older backup as it was. */
export interface BackupFailure {
  ok: false;
  reason: 'disk_full' | 'write_failed' | 'no_session' | 'chunk_mismatch';
  detail: string;
}
export type BackupStep = { ok: true } | BackupFailure;
export type BackupCommitted = { ok: true; backup: BackupEntry; pruned: string[] } | BackupFailure;
/** `fromFile`: there was no sidecar, so the header was made from the export's own metadata. */
export type BackupChecked = { ok: true; header: BackupHeader; fromFile: boolean } | { ok: false; problem: BackupProblem };

export const backupChannels = {
  'backup.list': channel<BackupList>()(NoInput),
  'backup.begin': channel<{ ok: true; session: string } | BackupFailure>()(BackupBeginInput),
  /** Chunks in order; each is checked against its sha256 and written to a temporary file at once. */
  'backup.append': channel<BackupStep>()(BackupAppendInput),
  /** Flushes, names the file atomically, writes its sidecar, then prunes older ones (never before). */
  'backup.commit': channel<BackupCommitted>()(BackupCommitInput),
  'backup.abort': channel<{ ok: true }>()(BackupAbortInput),
  /** Reads the whole file: size and sha256 against the sidecar if there is one, gzip to its end, the export's metadata. */
  'backup.check': channel<BackupChecked>()(BackupFileInput),
  /** gzip bytes from `offset`, BACKUP_CHUNK_BYTES at most; `next` is null at the end. */
  'backup.read': channel<{ data: string; next: number | null }>()(BackupReadInput),
  'backup.openFolder': channel<{ supported: boolean }>()(NoInput),
};
