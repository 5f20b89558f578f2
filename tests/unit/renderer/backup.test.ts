/**
 * Backups of the device database over fake-indexeddb and the main process's real backup folder:
 * export → files → restore gives back every row and photo byte; the open path backs up a database
 * of the previous schema before upgrading it; a newer, truncated or altered backup is refused with
 * the database untouched.
 */
import './backup-env';
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { mkdtemp, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
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
import { readRestoreMarker, RESTORE_MARKER_KEY } from '../../../src-renderer/backup/restore-marker';
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
    storage.setItem('xunjian.engineer', '王工');
    storage.setItem('xunjian.deviceName', '王工的笔记本');
    const written = await writeBackup(db, 'manual', { rpc, storage: storage.asStorage() });
    if (!written.ok) throw new Error(written.detail);
    expect(written.backup.header).toMatchObject({ reason: 'manual', schemaVersion: SCHEMA_VERSION });
    expect(written.backup.header!.counts).toMatchObject({ inspections: 1, answers: 3, attachments: 1, templates: 36 });
    const answersBefore = await db.answers.toArray();

    // Lose it all: the store emptied, the journal gone, another draft made since.
    await Promise.all(db.tables.map((t) => t.clear()));
    storage.removeItem('xunjian.typing');
    storage.removeItem('xunjian.engineer');
    storage.removeItem('xunjian.deviceName');
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
    expect(storage.getItem('xunjian.engineer')).toBe('王工');
    expect(storage.getItem('xunjian.deviceName')).toBe('王工的笔记本');
    expect(storage.getItem(RESTORE_MARKER_KEY)).toBeNull();

    // What was replaced was kept first.
    const { backups } = await rpc('backup.list', {});
    const before = backups.find((b) => b.header?.reason === 'before-restore');
    expect(before?.header?.counts).toMatchObject({ inspections: 1, answers: 0 });
  });

  it('restores a lone .json.gz (renamed, its sidecar lost) with its typing and names, from the file alone', async () => {
    const { db, inspection } = await draftWithPhoto();
    const storage = new MemoryStorage();
    storage.setItem('xunjian.serviceDraft', JSON.stringify({ title: '药房自助机打印卡纸' }));
    storage.setItem('xunjian.engineer', '李工');
    const written = await writeBackup(db, 'scheduled', { rpc, storage: storage.asStorage() });
    if (!written.ok) throw new Error(written.detail);
    const dir = path.join(dataDir, 'backups');
    await rename(path.join(dir, written.backup.file), path.join(dir, 'IT 拷贝.json.gz'));
    await rm(path.join(dir, `${written.backup.file}.meta.json`));
    await Promise.all(db.tables.map((t) => t.clear()));
    storage.removeItem('xunjian.serviceDraft');
    storage.removeItem('xunjian.engineer');

    const listed = (await rpc('backup.list', {})).backups.find((b) => b.file === 'IT 拷贝.json.gz');
    expect(listed).toBeDefined();
    expect(listed!.problem).toBeUndefined();
    const outcome = await restoreBackup('IT 拷贝.json.gz', { rpc, current: db, codeVersion: SCHEMA_VERSION, storage: storage.asStorage(), idb });
    expect(outcome).toMatchObject({ ok: true, header: { reason: 'scheduled', counts: { inspections: 1, answers: 3, attachments: 1 } } });
    const reopened = openDb(db.name);
    expect((await reopened.inspections.toArray()).map((i) => i.id)).toEqual([inspection.id]);
    expect(await reopened.answers.count()).toBe(3);
    expect(sha(new Uint8Array(await (await reopened.attachments.get('photo-1'))!.blob.arrayBuffer()))).toBe(sha(PHOTO));
    expect(JSON.parse(storage.getItem('xunjian.serviceDraft')!)).toEqual({ title: '药房自助机打印卡纸' });
    expect(storage.getItem('xunjian.engineer')).toBe('李工');
  });

  it('marks a restore in progress until the import is done; interrupted, the next restore keeps the data from before and backs up no empty store', async () => {
    const { db } = await draftWithPhoto();
    const storage = new MemoryStorage();
    const chosen = await writeBackup(db, 'manual', { rpc });
    if (!chosen.ok) throw new Error(chosen.detail);
    await db.answers.clear(); // the state being replaced: a draft without answers

    // The window goes away after the database was deleted, before the import finished.
    let deleted = false;
    const dying = {
      IDBKeyRange,
      indexedDB: new Proxy(indexedDB, {
        get(target, prop) {
          if (prop === 'deleteDatabase') return (name: string) => ((deleted ||= name === db.name), target.deleteDatabase(name));
          if (prop === 'open') return (name: string, v?: number) => {
            if (deleted && name === db.name) throw new Error('the window was closed');
            return target.open(name, v);
          };
          const value: unknown = Reflect.get(target, prop);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        },
      }),
    };
    const first = await restoreBackup(chosen.backup.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, storage: storage.asStorage(), idb: dying });
    expect(first).toMatchObject({ ok: false, problem: 'import_failed' });
    const marker = readRestoreMarker(storage.asStorage());
    expect(marker).toMatchObject({ file: chosen.backup.file, safety: expect.stringMatching(/-before-restore\.json\.gz$/) });
    const safety = marker!.safety!;
    const afterCrash = openDb(db.name);
    expect(await afterCrash.inspections.count()).toBe(0); // the app reopens an empty store
    afterCrash.close();

    // Again from the banner: no before-restore backup of the empty store, the earlier one kept and offered.
    const again = await restoreBackup(chosen.backup.file, { rpc, current: openDb(db.name), codeVersion: SCHEMA_VERSION, storage: storage.asStorage(), idb });
    expect(again).toMatchObject({ ok: true });
    expect(storage.getItem(RESTORE_MARKER_KEY)).toBeNull();
    const befores = (await rpc('backup.list', {})).backups.filter((b) => b.header?.reason === 'before-restore');
    expect(befores.map((b) => b.file)).toEqual([safety]);
    // And the data from before the first attempt comes back from it.
    const back = await restoreBackup(safety, { rpc, current: openDb(db.name), codeVersion: SCHEMA_VERSION, storage: storage.asStorage(), idb });
    expect(back).toMatchObject({ ok: true, header: { counts: { inspections: 1, answers: 0, attachments: 1 } } });
    const final = openDb(db.name);
    expect(await final.inspections.count()).toBe(1);
    expect(await final.answers.count()).toBe(0);
  });

  it('takes no before-restore backup of a store that holds nothing of the engineer\'s', async () => {
    const { db } = await draftWithPhoto();
    const written = await writeBackup(db, 'manual', { rpc });
    if (!written.ok) throw new Error(written.detail);
    await Promise.all(['inspections', 'answers', 'attachments'].map((t) => db.table(t).clear()));
    expect(await db.table('templates').count()).toBeGreaterThan(0); // the catalog is there, as after any start
    expect(await restoreBackup(written.backup.file, { rpc, current: db, codeVersion: SCHEMA_VERSION, idb })).toMatchObject({ ok: true });
    expect((await rpc('backup.list', {})).backups.filter((b) => b.header?.reason === 'before-restore')).toEqual([]);
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
