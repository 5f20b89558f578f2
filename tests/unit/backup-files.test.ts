/**
 * The main process's backups folder (src-main/backup): chunked writes checked chunk by chunk,
 * atomic naming with a sidecar, pruning after a commit only, a full disk that leaves older backups
 * alone, and the full check that finds truncated, altered and non-gzip files.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupHeader, BackupReason } from '../../src-shared/rpc/backup-channels';
import { checkBackup, readBackupChunk } from '../../src-main/backup/backup-check';
import { backupsToPrune, listBackups, SIDECAR_SUFFIX } from '../../src-main/backup/backup-files';
import { backupWriter, type PartialFile } from '../../src-main/backup/backup-writer';

let dir: string;
beforeEach(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'xunjian-backups-')), 'backups');
});
afterEach(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const EXPORT = Buffer.from(JSON.stringify({ formatName: 'dexie', formatVersion: 1, data: { databaseName: 'xunjian', databaseVersion: 8, tables: [], data: [] } }));

/** A clock that moves a minute per reading, so every backup gets its own name and order. */
function ticking(start = Date.UTC(2026, 4, 12, 8, 0, 0)) {
  let t = start;
  return () => new Date((t += 60_000));
}

async function write(
  writer: ReturnType<typeof backupWriter>,
  reason: BackupReason,
  bytes: Buffer = gzipSync(EXPORT),
  chunkSize = 7,
  counts: Record<string, number> = { inspections: 3, answers: 40 },
) {
  const begun = await writer.begin(reason, 8);
  if (!begun.ok) throw new Error(begun.detail);
  let chunks = 0;
  for (let i = 0; i < bytes.length; i += chunkSize) {
    const chunk = bytes.subarray(i, i + chunkSize);
    const step = await writer.append(begun.session, chunks++, sha(chunk), chunk.toString('base64'));
    if (!step.ok) return step;
  }
  return writer.commit(begun.session, { chunks, bytes: bytes.length, counts, unsavedTyping: { 'xunjian.typing': '{"n":1}' } });
}

describe('writing a backup in chunks', () => {
  it('joins the chunks, names the file by time, schema and reason, and records size, sha256 and counts beside it', async () => {
    const writer = backupWriter({ dir, appVersion: '1.2.3', log: () => {}, now: ticking() });
    const gz = gzipSync(EXPORT);
    const result = await write(writer, 'manual', gz);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.backup.file).toMatch(/^xunjian-\d{8}-\d{6}-v8-manual\.json\.gz$/);
    expect(await readFile(path.join(dir, result.backup.file))).toEqual(gz);
    const header = JSON.parse(await readFile(path.join(dir, result.backup.file + SIDECAR_SUFFIX), 'utf8')) as BackupHeader;
    expect(header).toMatchObject({ reason: 'manual', schemaVersion: 8, appVersion: '1.2.3', bytes: gz.length, sha256: sha(gz), counts: { inspections: 3, answers: 40 } });
    expect(header.unsavedTyping).toEqual({ 'xunjian.typing': '{"n":1}' });
    // No temporary file is left behind.
    expect((await readdir(dir)).sort()).toEqual([result.backup.file, result.backup.file + SIDECAR_SUFFIX]);
    expect(await checkBackup(dir, result.backup.file)).toEqual({ ok: true, header, fromFile: false });
  });

  it('refuses a chunk whose sha256 does not match, or out of order, and drops the partial file', async () => {
    const writer = backupWriter({ dir, appVersion: 't', log: () => {} });
    const begun = await writer.begin('manual', 8);
    if (!begun.ok) throw new Error('begin');
    const chunk = Buffer.from('abc');
    expect(await writer.append(begun.session, 0, sha(Buffer.from('abd')), chunk.toString('base64'))).toMatchObject({ ok: false, reason: 'chunk_mismatch' });
    expect(await readdir(dir)).toEqual([]);
    const again = await writer.begin('manual', 8);
    if (!again.ok) throw new Error('begin');
    expect(await writer.append(again.session, 1, sha(chunk), chunk.toString('base64'))).toMatchObject({ ok: false, reason: 'chunk_mismatch' });
    expect(await writer.commit(again.session, { chunks: 0, bytes: 0, counts: {}, unsavedTyping: {} })).toMatchObject({ ok: false, reason: 'no_session' });
  });

  it('refuses a commit whose chunk count or size differs from what arrived', async () => {
    const writer = backupWriter({ dir, appVersion: 't', log: () => {} });
    const begun = await writer.begin('manual', 8);
    if (!begun.ok) throw new Error('begin');
    const chunk = Buffer.from('abc');
    await writer.append(begun.session, 0, sha(chunk), chunk.toString('base64'));
    expect(await writer.commit(begun.session, { chunks: 2, bytes: 6, counts: {}, unsavedTyping: {} })).toMatchObject({ ok: false, reason: 'chunk_mismatch' });
    expect(await listBackups(dir)).toEqual([]);
  });

  it('on a full disk says so, removes its partial file and leaves every older backup as it was', async () => {
    const good = backupWriter({ dir, appVersion: 't', log: () => {}, now: ticking() });
    const first = await write(good, 'scheduled');
    expect(first.ok).toBe(true);
    const before = await readdir(dir);
    const fillsUp = async (file: string): Promise<PartialFile> => {
      await writeFile(file, '');
      let written = 0;
      return {
        write: async (bytes) => {
          written += bytes.length;
          if (written > 10) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: async () => {},
        close: async () => {},
      };
    };
    const full = backupWriter({ dir, appVersion: 't', log: () => {}, now: ticking(Date.UTC(2026, 4, 13)), openPartial: fillsUp });
    const result = await write(full, 'scheduled', gzipSync(EXPORT), 8);
    expect(result).toMatchObject({ ok: false, reason: 'disk_full' });
    expect((await readdir(dir)).sort()).toEqual(before.sort());
    expect(await listBackups(dir)).toHaveLength(1);
    if (first.ok) expect(await checkBackup(dir, first.backup.file)).toMatchObject({ ok: true });
  });

  it('keeps the newest five scheduled or manual backups, the newest before-upgrade one and the last three before-restore ones', async () => {
    const writer = backupWriter({ dir, appVersion: 't', log: () => {}, now: ticking() });
    const reasons: BackupReason[] = ['before-upgrade', 'scheduled', 'before-restore', 'manual', 'scheduled', 'before-upgrade', 'scheduled', 'manual', 'before-restore', 'scheduled', 'scheduled'];
    const files: string[] = [];
    for (const reason of reasons) {
      const r = await write(writer, reason);
      if (!r.ok) throw new Error(r.detail);
      files.push(r.backup.file);
    }
    const kept = (await listBackups(dir)).map((e) => e.file);
    // Newest first: the last five routine ones, the second before-upgrade and both before-restore ones.
    const routine = files.filter((_, i) => reasons[i] === 'scheduled' || reasons[i] === 'manual').slice(-5).reverse();
    expect(kept.filter((f) => routine.includes(f))).toEqual(routine);
    expect(kept.filter((f) => f.includes('before-upgrade'))).toEqual([files[5]]);
    expect(kept.filter((f) => f.includes('before-restore'))).toEqual([files[8], files[2]]);
    expect(kept).toHaveLength(8);
    // Every pruned file went with its sidecar.
    expect((await readdir(dir)).filter((n) => n.endsWith(SIDECAR_SUFFIX))).toHaveLength(8);
  });

  it('never prunes a damaged file, and prunes nothing when the write fails', () => {
    const entry = (n: number, reason: BackupReason, problem?: 'size_mismatch') => ({
      file: `xunjian-20260512-08000${n}-v8-${reason}.json.gz`,
      size: 1,
      modifiedAt: '2026-05-12T08:00:00.000Z',
      header: { reason, schemaVersion: 8, counts: { inspections: 1 } } as unknown as BackupHeader,
      ...(problem ? { problem } : {}),
    });
    const list = [entry(7, 'scheduled', 'size_mismatch'), ...[6, 5, 4, 3, 2, 1].map((n) => entry(n, 'manual'))];
    expect(backupsToPrune(list, 8)).toEqual([entry(1, 'manual').file]);
  });

  it('never lets backups of an empty store push out ones with data, and never prunes lone, renamed or newer files', async () => {
    const writer = backupWriter({ dir, appVersion: 't', log: () => {}, now: ticking() });
    const withData = await write(writer, 'before-restore');
    const upgrade = await write(writer, 'before-upgrade');
    const routine: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await write(writer, 'scheduled');
      if (r.ok) routine.push(r.backup.file);
    }
    if (!withData.ok || !upgrade.ok) throw new Error('write');
    // Renamed copy with its sidecar, a lone copy, a backup from a newer app: the user's, not the app's to delete.
    const copyName = '备份 副本.json.gz';
    await writeFile(path.join(dir, copyName), await readFile(path.join(dir, routine[0]!)));
    await writeFile(path.join(dir, copyName + SIDECAR_SUFFIX), await readFile(path.join(dir, routine[0]! + SIDECAR_SUFFIX)));
    await writeFile(path.join(dir, 'lone.json.gz'), await readFile(path.join(dir, routine[1]!)));
    const newerName = 'xunjian-20200101-000000-v9-scheduled.json.gz';
    const newerHeader = JSON.parse(await readFile(path.join(dir, routine[2]! + SIDECAR_SUFFIX), 'utf8')) as BackupHeader;
    await writeFile(path.join(dir, newerName), await readFile(path.join(dir, routine[2]!)));
    await writeFile(path.join(dir, newerName + SIDECAR_SUFFIX), JSON.stringify({ ...newerHeader, file: newerName, schemaVersion: 9, createdAt: '2020-01-01T00:00:00.000Z' }));

    // Four more of an empty store (only the catalog): each kind keeps its backups with data.
    const empty = { inspections: 0, answers: 0, templates: 36, hospitals: 4 };
    for (const reason of ['before-restore', 'before-restore', 'before-upgrade', 'scheduled'] as BackupReason[]) {
      const r = await write(writer, reason, gzipSync(EXPORT), 7, empty);
      if (!r.ok) throw new Error(r.detail);
    }
    const kept = (await listBackups(dir)).map((e) => e.file);
    expect(kept).toEqual(expect.arrayContaining([withData.backup.file, upgrade.backup.file, ...routine, copyName, 'lone.json.gz', newerName]));
    expect(kept.filter((f) => f.endsWith('-before-upgrade.json.gz'))).toEqual([upgrade.backup.file]);
    expect(kept.filter((f) => f.endsWith('-scheduled.json.gz') && f !== newerName)).toEqual([...routine].reverse());
    // Before-restore keeps three: the one with data, then the newest empty ones.
    expect(kept.filter((f) => f.endsWith('-before-restore.json.gz'))).toHaveLength(3);
  });

  it('gives a second backup in the same second its own name', async () => {
    const writer = backupWriter({ dir, appVersion: 't', log: () => {}, now: () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5)) });
    const a = await write(writer, 'manual');
    const b = await write(writer, 'manual');
    if (!a.ok || !b.ok) throw new Error('write');
    expect(b.backup.file).not.toBe(a.backup.file);
    expect(b.backup.file).toMatch(/^xunjian-\d{8}-\d{6}-2-v8-manual\.json\.gz$/);
    expect((await listBackups(dir)).map((e) => e.file)).toEqual([b.backup.file, a.backup.file]);
  });
});

describe('checking a backup before a restore', () => {
  async function one(): Promise<string> {
    const r = await write(backupWriter({ dir, appVersion: 't', log: () => {}, now: ticking() }), 'manual');
    if (!r.ok) throw new Error(r.detail);
    return r.backup.file;
  }

  it('lists a truncated file as damaged, and its full check says so', async () => {
    const file = await one();
    await truncate(path.join(dir, file), 20);
    expect((await listBackups(dir))[0]).toMatchObject({ file, problem: 'size_mismatch' });
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'size_mismatch' });
  });

  it('finds a changed byte by its sha256, a file without a sidecar, and bytes that are not gzip', async () => {
    const file = await one();
    const full = path.join(dir, file);
    const bytes = await readFile(full);
    bytes[bytes.length - 5]! ^= 0xff;
    await writeFile(full, bytes);
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'sha_mismatch' });

    const header = JSON.parse(await readFile(full + SIDECAR_SUFFIX, 'utf8')) as BackupHeader;
    const notGzip = Buffer.from('{"formatName":"dexie"} but not compressed');
    await writeFile(full, notGzip);
    await writeFile(full + SIDECAR_SUFFIX, JSON.stringify({ ...header, bytes: notGzip.length, sha256: sha(notGzip) }));
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'bad_gzip' });

    const cut = gzipSync(EXPORT).subarray(0, 25);
    await writeFile(full, cut);
    await writeFile(full + SIDECAR_SUFFIX, JSON.stringify({ ...header, bytes: cut.length, sha256: sha(cut) }));
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'bad_gzip' });

    const other = gzipSync(Buffer.from('{"hello":1}'));
    await writeFile(full, other);
    await writeFile(full + SIDECAR_SUFFIX, JSON.stringify({ ...header, bytes: other.length, sha256: sha(other) }));
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'not_a_backup' });

    await rm(full + SIDECAR_SUFFIX);
    const [listed] = await listBackups(dir);
    expect(listed).toMatchObject({ file });
    expect(listed).not.toHaveProperty('problem');
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'not_a_backup' });
  });

  it('lists every .json.gz: a lone file with its details from the file, a renamed pair, a 0-byte file as empty', async () => {
    const file = await one();
    const bytes = await readFile(path.join(dir, file));
    await writeFile(path.join(dir, 'IT 拷贝的备份.json.gz'), bytes);
    await writeFile(path.join(dir, '备份 副本.json.gz'), bytes);
    await writeFile(path.join(dir, '备份 副本.json.gz' + SIDECAR_SUFFIX), await readFile(path.join(dir, file + SIDECAR_SUFFIX)));
    await writeFile(path.join(dir, 'cut.json.gz'), Buffer.alloc(0));
    await writeFile(path.join(dir, 'notes.txt'), 'not a backup');
    const list = await listBackups(dir);
    expect(list.map((e) => e.file).sort()).toEqual(['IT 拷贝的备份.json.gz', 'cut.json.gz', file, '备份 副本.json.gz'].sort());
    const byName = Object.fromEntries(list.map((e) => [e.file, e]));
    expect(byName['IT 拷贝的备份.json.gz']).not.toHaveProperty('problem');
    expect(byName['IT 拷贝的备份.json.gz']).not.toHaveProperty('header');
    expect(byName['备份 副本.json.gz']).toMatchObject({ header: { file: '备份 副本.json.gz', counts: { inspections: 3 } } });
    expect(byName['备份 副本.json.gz']).not.toHaveProperty('problem');
    expect(byName['cut.json.gz']).toMatchObject({ problem: 'empty' });
    expect(await checkBackup(dir, 'cut.json.gz')).toEqual({ ok: false, problem: 'empty' });
    expect(await checkBackup(dir, '备份 副本.json.gz')).toMatchObject({ ok: true, fromFile: false });
  });

  it('checks a lone file from the export itself: gzip to the end, version and row counts of its own metadata', async () => {
    const exported = {
      formatName: 'dexie',
      formatVersion: 1,
      data: { databaseName: 'xunjian', databaseVersion: 7, tables: [{ name: 'inspections', schema: 'id,[a+b]', rowCount: 2 }, { name: 'answers', schema: 'id', rowCount: 5 }], data: [] },
    };
    await mkdir(dir, { recursive: true });
    const gz = gzipSync(Buffer.from(JSON.stringify(exported)));
    await writeFile(path.join(dir, 'lone.json.gz'), gz);
    expect(await checkBackup(dir, 'lone.json.gz')).toMatchObject({
      ok: true,
      fromFile: true,
      header: { file: 'lone.json.gz', schemaVersion: 7, bytes: gz.length, sha256: sha(gz), counts: { inspections: 2, answers: 5 }, unsavedTyping: {} },
    });
    // What the app embeds wins over the export's rowCount (counted before the rows were read).
    const embedded = { reason: 'scheduled', createdAt: '2026-05-12T08:00:00.000Z', counts: { inspections: 2, answers: 6 }, unsavedTyping: { 'xunjian.engineer': '王工' } };
    const withBlock = gzipSync(Buffer.from(JSON.stringify({ formatName: 'dexie', formatVersion: 1, xunjian: embedded, data: exported.data })));
    await writeFile(path.join(dir, 'lone.json.gz'), withBlock);
    expect(await checkBackup(dir, 'lone.json.gz')).toMatchObject({ ok: true, header: { reason: 'scheduled', createdAt: embedded.createdAt, counts: embedded.counts, unsavedTyping: embedded.unsavedTyping } });
    await writeFile(path.join(dir, 'lone.json.gz'), gz.subarray(0, gz.length - 6));
    expect(await checkBackup(dir, 'lone.json.gz')).toEqual({ ok: false, problem: 'bad_gzip' });
  });

  it('refuses a file whose export is newer than its sidecar says as from a newer app', async () => {
    const file = await one();
    const full = path.join(dir, file);
    const newer = gzipSync(Buffer.from(JSON.stringify({ formatName: 'dexie', formatVersion: 1, data: { databaseName: 'xunjian', databaseVersion: 9, tables: [], data: [] } })));
    const header = JSON.parse(await readFile(full + SIDECAR_SUFFIX, 'utf8')) as BackupHeader;
    await writeFile(full, newer);
    await writeFile(full + SIDECAR_SUFFIX, JSON.stringify({ ...header, bytes: newer.length, sha256: sha(newer) }));
    expect(await checkBackup(dir, file)).toEqual({ ok: false, problem: 'newer_schema' });
  });

  it('reads a file back in chunks that join to the same bytes', async () => {
    const big = gzipSync(Buffer.concat([EXPORT, Buffer.alloc(9 * 1024 * 1024, 7)]), { level: 0 });
    const r = await write(backupWriter({ dir, appVersion: 't', log: () => {} }), 'manual', big, 4 * 1024 * 1024);
    if (!r.ok) throw new Error(r.detail);
    const parts: Buffer[] = [];
    let offset: number | null = 0;
    while (offset !== null) {
      const chunk: { data: string; next: number | null } = await readBackupChunk(dir, r.backup.file, offset);
      parts.push(Buffer.from(chunk.data, 'base64'));
      offset = chunk.next;
    }
    expect(parts.length).toBe(3);
    expect(Buffer.concat(parts).equals(big)).toBe(true);
  });
});
