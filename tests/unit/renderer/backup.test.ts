/**
 * Backups of the device database over fake-indexeddb and the main process's real backup folder:
 * export → files → restore gives back every row and photo byte; the open path backs up a database
 * of the previous schema before upgrading it; a newer, truncated or altered backup is refused with
 * the database untouched.
 */
import './backup-env';
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupHeader } from '../../../src-shared/rpc/backup-channels';
import { SCHEMA_VERSION, XunjianDb } from '../../../src-renderer/db/database';
import { createRepositories } from '../../../src-renderer/db/index';
import { backupBeforeUpgrade } from '../../../src-renderer/backup/before-upgrade';
import { restoreBackup } from '../../../src-renderer/backup/restore-backup';
import { writeBackup } from '../../../src-renderer/backup/write-backup';
import type { BackupRpc } from '../../../src-renderer/backup/backup-rpc';
import { backupRpcOver, MemoryStorage } from './backup-env';
import { answer, databaseAt, opened, openDb, seeded, startInspection, uniqueName, HOSPITAL, CONTRACT } from './store-fixtures';

const idb = { indexedDB, IDBKeyRange };
let dataDir: string;
let rpc: BackupRpc;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-backup-'));
  rpc = backupRpcOver(dataDir);
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const PHOTO = new Uint8Array(Array.from({ length: 70_000 }, (_, i) => (i * 31 + 7) % 256));

/** A draft with three answers, one with a note, and a photo. */
async function draftWithPhoto() {
  const { db, repos } = await seeded();
  const { inspection, steps } = await startInspection(repos);
  await answer(repos, inspection.id, steps[0]!, { fail: true, note: '屏幕黑屏' });
  await answer(repos, inspection.id, steps[1]!);
  await answer(repos, inspection.id, steps[2]!);
  await db.attachments.add({
    id: 'photo-1', inspectionId: inspection.id, answerId: `${inspection.id}|${steps[0]!.key}`,
    blob: new Blob([PHOTO], { type: 'image/jpeg' }), type: 'image/jpeg', width: 4, height: 3, createdAt: '2026-05-12T08:00:00.000Z',
  });
  return { db, repos, inspection };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('backup and restore', () => {
  it('restores every draft, answer, note and photo byte, and the typing not yet saved', async () => {
    const { db, inspection } = await draftWithPhoto();
    const storage = new MemoryStorage();
    storage.setItem('xunjian.typing', JSON.stringify({ 'note|x': { text: '还在输入', at: 1 } }));
    const written = await writeBackup(db, 'manual', { rpc, storage: storage.asStorage() });
    if (!written.ok) throw new Error(written.detail);
    expect(written.backup.header).toMatchObject({ reason: 'manual', schemaVersion: SCHEMA_VERSION });
    expect(written.backup.header!.counts).toMatchObject({ inspections: 1, answers: 3, attachments: 1, templates: 36 });
    const answersBefore = await db.answers.toArray();

    // Lose it all: the store emptied, the journal gone, another draft made since.
    await Promise.all(db.tables.map((t) => t.clear()));
    storage.removeItem('xunjian.typing');
    await db.inspections.add({ ...inspection, id: 'later' });

    const outcome = await restoreBackup(written.backup.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, storage: storage.asStorage(), idb });
    expect(outcome).toMatchObject({ ok: true });
    const reopened = openDb(db.name);
    expect((await reopened.inspections.toArray()).map((i) => i.id)).toEqual([inspection.id]);
    expect(await reopened.answers.toArray()).toEqual(answersBefore);
    expect((await reopened.answers.toArray()).find((a) => a.note === '屏幕黑屏')).toBeTruthy();
    const photo = await reopened.attachments.get('photo-1');
    expect(photo!.blob.type).toBe('image/jpeg');
    expect(sha(new Uint8Array(await photo!.blob.arrayBuffer()))).toBe(sha(PHOTO));
    expect(await createRepositories(reopened).inspections.get(inspection.id)).toMatchObject({ status: 'draft', answeredCount: 3, findingCount: 1 });
    expect(JSON.parse(storage.getItem('xunjian.typing')!)).toEqual({ 'note|x': { text: '还在输入', at: 1 } });

    // What was replaced was kept first.
    const { backups } = await rpc('backup.list', {});
    const before = backups.find((b) => b.header?.reason === 'before-restore');
    expect(before?.header?.counts).toMatchObject({ inspections: 1, answers: 0 });
  });

  it('refuses a backup from a newer schema and changes nothing', async () => {
    const name = uniqueName();
    const newer = new Dexie(name, idb);
    opened.push(newer);
    newer.version(SCHEMA_VERSION + 1).stores({ hospitals: 'id', futureTable: 'id' });
    await newer.table('hospitals').add({ id: 'h' });
    const written = await writeBackup(newer, 'manual', { rpc });
    if (!written.ok) throw new Error(written.detail);
    const { db } = await draftWithPhoto();
    const before = await db.answers.count();
    expect(await restoreBackup(written.backup.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, idb })).toEqual({ ok: false, problem: 'newer_schema' });
    expect(await db.answers.count()).toBe(before);
    expect((await rpc('backup.list', {})).backups.filter((b) => b.header?.reason === 'before-restore')).toEqual([]);
  });

  it('refuses a truncated backup, and one whose JSON is bad although its sidecar matches, changing nothing', async () => {
    const { db } = await draftWithPhoto();
    const written = await writeBackup(db, 'manual', { rpc });
    if (!written.ok) throw new Error(written.detail);
    const file = path.join(dataDir, 'backups', written.backup.file);
    await db.answers.clear();
    const restoreIt = () => restoreBackup(written.backup.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, idb });

    await truncate(file, 200);
    expect(await restoreIt()).toEqual({ ok: false, problem: 'size_mismatch' });
    expect(await db.answers.count()).toBe(0);
    expect(await db.inspections.count()).toBe(1);

    const bad = gzipSync(Buffer.from('{"formatName":"dexie","formatVersion":1,"data":{"databaseName":"x","databaseVersion":8,"tables":[{"name":"answers","schema":"id","rowCount":2}],"data":[{"tableName":"answers","inbound":true,"rows":[{"id":"a"},{"id":'));
    await writeFile(file, bad);
    const header = JSON.parse(await readFile(file + '.meta.json', 'utf8')) as BackupHeader;
    await writeFile(file + '.meta.json', JSON.stringify({ ...header, bytes: bad.length, sha256: sha(bad) }));
    expect(await restoreIt()).toMatchObject({ ok: false, problem: 'bad_json' });
    expect(await db.answers.count()).toBe(0);
    expect(await db.inspections.count()).toBe(1);
    expect((await rpc('backup.list', {})).backups.filter((b) => b.header?.reason === 'before-restore')).toEqual([]);
  });
});

describe('the backup before a schema upgrade', () => {
  /** A database as the previous schema version left it, with a draft and its answer. */
  async function previousVersionDatabase(): Promise<string> {
    const name = uniqueName();
    const old = databaseAt(SCHEMA_VERSION - 1, name);
    await old.table('inspections').add({
      id: 'd', hospitalId: HOSPITAL, contractId: CONTRACT, engineer: '李工', status: 'draft', createdAt: '2026-10-01T08:00:00.000Z',
      updatedAt: '2026-10-01T08:00:00.000Z', targets: [], cursor: 'system:s#a', totalSteps: 3, answeredCount: 1, findingCount: 0,
    });
    await old.table('answers').add({
      id: 'd|system:s#a', inspectionId: 'd', stepKey: 'system:s#a', subject: 'system:s', templateId: 't', itemId: 'a',
      value: { kind: 'check', result: 'pass' }, outcome: 'pass', note: '旧版本的备注', photoCount: 0, answeredAt: '2026-10-01T08:05:00.000Z',
    });
    old.close();
    return name;
  }

  it('is written from the database as it was, before the upgrade runs, and restores through the upgrade', async () => {
    const name = await previousVersionDatabase();
    const failures: string[] = [];
    const db = new XunjianDb(name, { ...idb, beforeOpen: backupBeforeUpgrade({ rpc, onFailure: (d) => failures.push(d) }) });
    opened.push(db);
    expect(await db.answers.count()).toBe(1); // opens on first use, through the hook
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(failures).toEqual([]);
    const { backups } = await rpc('backup.list', {});
    expect(backups).toHaveLength(1);
    expect(backups[0]!.header).toMatchObject({ reason: 'before-upgrade', schemaVersion: SCHEMA_VERSION - 1, counts: { inspections: 1, answers: 1 } });
    // Version 8's tables were not there yet: the export is of the old database, not the upgraded one.
    expect(backups[0]!.header!.counts).not.toHaveProperty('deliverables');

    // Restoring that older backup imports it at its version; the app's upgrade runs on reopen.
    await db.answers.clear();
    const outcome = await restoreBackup(backups[0]!.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, idb });
    expect(outcome).toMatchObject({ ok: true });
    const reopened = openDb(name);
    await reopened.open();
    expect(reopened.verno).toBe(SCHEMA_VERSION);
    expect(await reopened.answers.toArray()).toEqual([expect.objectContaining({ id: 'd|system:s#a', note: '旧版本的备注' })]);
    expect(await reopened.deliverables.count()).toBe(0);
  });

  it('is not written for a database already at this version, nor for a first start', async () => {
    const { db } = await seeded();
    db.close();
    const again = new XunjianDb(db.name, { ...idb, beforeOpen: backupBeforeUpgrade({ rpc, onFailure: () => {} }) });
    opened.push(again);
    await again.open();
    const fresh = new XunjianDb(uniqueName(), { ...idb, beforeOpen: backupBeforeUpgrade({ rpc, onFailure: () => {} }) });
    opened.push(fresh);
    await fresh.open();
    expect(fresh.verno).toBe(SCHEMA_VERSION);
    expect((await rpc('backup.list', {})).backups).toEqual([]);
  });

  it('when it cannot be written (a full disk), says so and the upgrade goes on', async () => {
    const name = await previousVersionDatabase();
    const full: BackupRpc = (async (channel: string, input: unknown) => {
      if (channel === 'backup.begin') return { ok: false, reason: 'disk_full', detail: 'ENOSPC' };
      return (rpc as (c: string, i: unknown) => Promise<unknown>)(channel, input);
    }) as BackupRpc;
    const failures: string[] = [];
    const db = new XunjianDb(name, { ...idb, beforeOpen: backupBeforeUpgrade({ rpc: full, onFailure: (d) => failures.push(d) }) });
    opened.push(db);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.answers.count()).toBe(1);
    expect(failures).toEqual(['disk_full: ENOSPC']);
  });
});
