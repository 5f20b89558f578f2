/**
 * Before a restore: reads a backup whole, as a stream (never all in memory): as gzip to its last
 * byte, its SHA-256 and size against the sidecar when there is one, and the export's own metadata
 * (export-head.ts). A file without a sidecar (copied alone, or renamed) is checked from that
 * metadata instead; a sidecar whose version is older than the export's is refused as newer.
 * Then hands the file out in chunks for the renderer to import.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { BACKUP_CHUNK_BYTES, type BackupChecked, type BackupHeader } from '../../src-shared/rpc/backup-channels';
import { MIN_GZIP_BYTES, parseBackupFileName, readHeader } from './backup-files';
import { parseExportHead, type ExportHead } from './export-head';

/** How every dexie-export-import file begins (export.ts writes `formatName` first, without spaces). */
const DEXIE_EXPORT_START = '{"formatName":"dexie"';
/** The head (up to the end of `tables`) is a few KB, plus the typing the app embeds (2 MB a key at most). */
const HEAD_MAX_CHARS = 16 * 1024 * 1024;

/** Streams the file once: its size, SHA-256, and the export head from the gunzipped text. */
async function readThrough(full: string): Promise<{ size: number; sha256: string; head: ExportHead | null | 'bad' } | 'bad_gzip' | 'missing'> {
  const hash = createHash('sha256');
  let size = 0;
  let text = '';
  let head: ExportHead | null | 'bad' = null;
  const decoder = new TextDecoder();
  const source = createReadStream(full);
  source.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  });
  try {
    await pipeline(
      source,
      createGunzip(),
      new Writable({
        write(chunk: Buffer, _enc, done) {
          if (head === null) {
            text += decoder.decode(chunk, { stream: true });
            if (!text.startsWith(DEXIE_EXPORT_START.slice(0, Math.min(text.length, DEXIE_EXPORT_START.length)))) head = 'bad';
            else head = parseExportHead(text);
            if (head === null && text.length > HEAD_MAX_CHARS) head = 'bad';
            if (head !== null) text = '';
          }
          done();
        },
      }),
    );
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'bad_gzip';
  }
  return { size, sha256: hash.digest('hex'), head };
}

async function sha256Of(full: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(full), hash);
  return hash.digest('hex');
}

export async function checkBackup(dir: string, file: string): Promise<BackupChecked> {
  const full = path.join(dir, file);
  const stats = await stat(full).catch(() => null);
  if (!stats) return { ok: false, problem: 'missing' };
  if (stats.size < MIN_GZIP_BYTES) return { ok: false, problem: 'empty' };
  const sidecar = await readHeader(dir, file);
  if (sidecar === 'bad_header') return { ok: false, problem: 'bad_header' };
  if (typeof sidecar !== 'string' && sidecar.bytes !== stats.size) return { ok: false, problem: 'size_mismatch' };

  const read = await readThrough(full);
  // Not gzip to its end: with a sidecar, say whether the bytes were changed or the file was never whole.
  if (read === 'bad_gzip' && typeof sidecar !== 'string' && (await sha256Of(full)) !== sidecar.sha256) return { ok: false, problem: 'sha_mismatch' };
  if (typeof read === 'string') return { ok: false, problem: read };
  if (typeof sidecar !== 'string' && read.sha256 !== sidecar.sha256) return { ok: false, problem: 'sha_mismatch' };
  const { head } = read;
  if (head === null || head === 'bad') return { ok: false, problem: 'not_a_backup' };

  if (typeof sidecar !== 'string') {
    // The sidecar may belong to an older copy of the file; the export inside is what would be imported.
    if (head.databaseVersion > sidecar.schemaVersion) return { ok: false, problem: 'newer_schema' };
    if (head.databaseVersion < sidecar.schemaVersion) return { ok: false, problem: 'bad_header' };
    return { ok: true, header: sidecar, fromFile: false };
  }
  const named = parseBackupFileName(file);
  const header: BackupHeader = {
    format: 'xunjian-backup',
    formatVersion: 1,
    file,
    reason: head.embedded?.reason ?? named?.reason ?? 'manual',
    schemaVersion: head.databaseVersion,
    appVersion: '',
    createdAt: head.embedded?.createdAt ?? stats.mtime.toISOString(),
    bytes: read.size,
    sha256: read.sha256,
    // The app's own counts when it wrote them; else the export's rowCount (counted just before the rows were read).
    counts: head.embedded?.counts ?? Object.fromEntries(head.tables.map((t) => [t.name, t.rowCount])),
    unsavedTyping: head.embedded?.unsavedTyping ?? {},
  };
  return { ok: true, header, fromFile: true };
}

/** Up to BACKUP_CHUNK_BYTES of the file from `offset`, base64; `next` is null at its end. */
export async function readBackupChunk(dir: string, file: string, offset: number): Promise<{ data: string; next: number | null }> {
  const handle = await open(path.join(dir, file), 'r');
  try {
    const { size } = await handle.stat();
    const length = Math.max(0, Math.min(BACKUP_CHUNK_BYTES, size - offset));
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, offset);
    const end = offset + bytesRead;
    return { data: buffer.subarray(0, bytesRead).toString('base64'), next: end < size ? end : null };
  } finally {
    await handle.close();
  }
}
