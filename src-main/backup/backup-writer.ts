/**
 * Writes one backup from chunks (begin → append… → commit): each chunk goes to a temporary
 * `.backup-<session>.partial` in the backups folder as it arrives, so a backup of hundreds of MB
 * is never held whole in memory or in one message. Commit flushes it, writes the sidecar, and only
 * then gives the file its name; a full disk or any write error deletes the partial file and leaves
 * every older backup as it was. Pruning runs after a successful commit only.
 */
import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { BackupCommitted, BackupFailure, BackupHeader, BackupReason, BackupStep } from '../../src-shared/rpc/backup-channels';
import { writeFileAtomic } from '../files/atomic-write';
import { backupFileName, listBackups, pruneBackups, SIDECAR_SUFFIX } from './backup-files';

/** The part of a file handle the writer uses; tests hand in one that fills the disk. */
export interface PartialFile {
  write(bytes: Uint8Array): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface BackupWriterOptions {
  dir: string;
  appVersion: string;
  log: (line: string) => void;
  now?: () => Date;
  /** Opens the temporary file; node's `open(path, 'wx')` by default. */
  openPartial?: (file: string) => Promise<PartialFile>;
}

interface Session {
  reason: BackupReason;
  schemaVersion: number;
  temp: string;
  file: PartialFile;
  hash: Hash;
  chunks: number;
  bytes: number;
  touched: number;
}

/** A session nobody has appended to for this long was left by a reloaded window. */
const STALE_MS = 10 * 60 * 1000;

export function failure(error: unknown, what: string): BackupFailure {
  const code = (error as NodeJS.ErrnoException).code;
  const full = code === 'ENOSPC' || code === 'EDQUOT';
  return { ok: false, reason: full ? 'disk_full' : 'write_failed', detail: `${what}: ${(error as Error).message ?? String(error)}` };
}

export function backupWriter(options: BackupWriterOptions) {
  const { dir, log } = options;
  const now = options.now ?? (() => new Date());
  const openPartial = options.openPartial ?? ((file: string) => open(file, 'wx', 0o600));
  const sessions = new Map<string, Session>();

  async function drop(id: string): Promise<void> {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    await s.file.close().catch(() => {});
    await unlink(s.temp).catch(() => {});
  }

  /** Partial files of sessions this process no longer has (a crash, a reload), and stale sessions. */
  async function sweep(): Promise<void> {
    const cutoff = Date.now() - STALE_MS;
    for (const [id, s] of sessions) if (s.touched < cutoff) await drop(id);
    const live = new Set([...sessions.values()].map((s) => path.basename(s.temp)));
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      if (name.startsWith('.backup-') && name.endsWith('.partial') && !live.has(name)) await unlink(path.join(dir, name)).catch(() => {});
    }
  }

  return {
    async begin(reason: BackupReason, schemaVersion: number): Promise<{ ok: true; session: string } | BackupFailure> {
      const id = randomBytes(16).toString('hex');
      const temp = path.join(dir, `.backup-${id}.partial`);
      try {
        await mkdir(dir, { recursive: true });
        await sweep();
        const file = await openPartial(temp);
        sessions.set(id, { reason, schemaVersion, temp, file, hash: createHash('sha256'), chunks: 0, bytes: 0, touched: Date.now() });
        return { ok: true, session: id };
      } catch (error) {
        await unlink(temp).catch(() => {});
        log(`backup: could not start a ${reason} backup: ${(error as Error).message}`);
        return failure(error, 'begin');
      }
    },

    async append(id: string, index: number, sha256: string, base64: string): Promise<BackupStep> {
      const s = sessions.get(id);
      if (!s) return { ok: false, reason: 'no_session', detail: 'no such backup in progress' };
      const bytes = Buffer.from(base64, 'base64');
      if (index !== s.chunks || createHash('sha256').update(bytes).digest('hex') !== sha256) {
        await drop(id);
        return { ok: false, reason: 'chunk_mismatch', detail: `chunk ${index} (expected ${s.chunks}) does not match its sha256` };
      }
      try {
        await s.file.write(bytes);
      } catch (error) {
        await drop(id);
        log(`backup: writing chunk ${index} failed: ${(error as Error).message}`);
        return failure(error, `chunk ${index}`);
      }
      s.hash.update(bytes);
      s.chunks += 1;
      s.bytes += bytes.length;
      s.touched = Date.now();
      return { ok: true };
    },

    async commit(id: string, expect: { chunks: number; bytes: number; counts: Record<string, number>; unsavedTyping: Record<string, string> }): Promise<BackupCommitted> {
      const s = sessions.get(id);
      if (!s) return { ok: false, reason: 'no_session', detail: 'no such backup in progress' };
      if (expect.chunks !== s.chunks || expect.bytes !== s.bytes) {
        await drop(id);
        return { ok: false, reason: 'chunk_mismatch', detail: `sent ${expect.chunks} chunks / ${expect.bytes} bytes, received ${s.chunks} / ${s.bytes}` };
      }
      sessions.delete(id);
      let target = '';
      let sidecar = '';
      try {
        await s.file.sync();
        await s.file.close();
        const size = (await stat(s.temp)).size;
        if (size !== s.bytes) throw new Error(`partial file holds ${size} bytes, ${s.bytes} were written`);
        const taken = new Set((await readdir(dir)).filter((n) => !n.endsWith(SIDECAR_SUFFIX)));
        const file = backupFileName(now(), s.schemaVersion, s.reason, taken);
        target = path.join(dir, file);
        sidecar = target + SIDECAR_SUFFIX;
        const header: BackupHeader = {
          format: 'xunjian-backup',
          formatVersion: 1,
          file,
          reason: s.reason,
          schemaVersion: s.schemaVersion,
          appVersion: options.appVersion,
          createdAt: now().toISOString(),
          bytes: s.bytes,
          sha256: s.hash.digest('hex'),
          counts: expect.counts,
          unsavedTyping: expect.unsavedTyping,
        };
        // Sidecar first: a crash between the two steps leaves an invisible sidecar, never a file without one.
        await writeFileAtomic(sidecar, new TextEncoder().encode(JSON.stringify(header, null, 2)), { mode: 0o600 });
        await rename(s.temp, target);
        const pruned = await pruneBackups(dir, s.schemaVersion, log);
        const entry = (await listBackups(dir)).find((e) => e.file === file) ?? { file, size: s.bytes, modifiedAt: header.createdAt, header };
        log(`backup: wrote ${file} (${s.bytes} bytes)${pruned.length ? `, pruned ${pruned.join(', ')}` : ''}`);
        return { ok: true, backup: entry, pruned };
      } catch (error) {
        await s.file.close().catch(() => {});
        await unlink(s.temp).catch(() => {});
        if (sidecar) await unlink(sidecar).catch(() => {});
        log(`backup: commit failed: ${(error as Error).message}`);
        return failure(error, 'commit');
      }
    },

    async abort(id: string): Promise<void> {
      await drop(id);
    },
  };
}
export type BackupWriter = ReturnType<typeof backupWriter>;
