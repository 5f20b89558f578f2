/**
 * `move-to-postgres` (issue 15): an office on SQLite with reports, service records, reference
 * history, audit, console users and devices is moved into an empty PostgreSQL database; started
 * on PostgreSQL with the same data folder (its keys), it serves the same data, verify-store passes,
 * the device syncs with its old token, and the audit log is the same plus the move's own entry.
 * Afterwards office.sqlite.moved stops the office from starting on SQLite again. A database holding
 * a blob is refused; a move that fails removes the blobs it wrote, and only those.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdminUser, createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { filesUnder } from '../../src-server/ops/manifest';
import { forgetBlobs } from '../../src-server/ops/move-to-postgres';
import { startOffice } from '../../src-server/start';
import { postgresBlobStore } from '../../src-server/storage/postgres/blobs';
import { openPool } from '../../src-server/storage/postgres/pool';
import { migratePostgres } from '../../src-server/storage/postgres/schema';
import type { AuditRow, OfficeStore } from '../../src-server/storage/port';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { paths } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { callAs, enrolledDevice, type TestDevice } from '../server/helpers/device';
import { startTestOffice, type TestOffice } from '../server/helpers/office';
import { holdDatabase, serverCli } from '../server/helpers/ops-cli';
import { makeReport, pushBlobs, pushReport } from '../server/helpers/report';
import { newRecord } from '../server/helpers/service';

let work: string;
const sha256Of = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
let dataDir: string;
let database: TestDatabase;
let release: () => Promise<void>;
let office: TestOffice;
let device: TestDevice;

/** An office on SQLite whatever store the suite runs on: the move's source. */
async function sqliteOffice(folder = dataDir): Promise<TestOffice> {
  const running = await startOffice({ logLevel: false, dataDir: folder, port: 0, host: '127.0.0.1' });
  const { ctx } = running;
  return {
    ...running,
    dataDir: folder,
    addEngineer: async (id, hospitalIds, name = `工程师 ${id}`) => void (await createEngineer(ctx, { id, name, hospitalIds }, 'test')),
    enrollmentCode: async (engineerId) => (await createEnrollmentCode(ctx, engineerId, 7, 'test')).code,
    addConsoleUser: async (username, password) => void (await createAdminUser(ctx, username, password, 'test')),
    close: () => running.app.close(),
  };
}

/** Everything the move must carry, read through the port. */
async function snapshot(store: OfficeStore) {
  const reports = (await store.listReports({ limit: 100, offset: 0 })).reports;
  const services = (await store.listServiceRecords({ limit: 100, offset: 0 })).records;
  return {
    reports,
    records: await Promise.all(reports.map((r) => store.getReportRecord(r.id))),
    services,
    versions: await Promise.all(services.map((s) => store.listFaultVersions(s.id))),
    hospitalHistory: await store.listReferenceVersions('hospital', 'yunan-peoples'),
    reference: await store.pullReference(0, ['yunan-peoples'], 10_000),
    engineers: await store.listEngineers(),
    devices: await store.listDevices(),
    admins: await store.listAdmins(),
  };
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xunjian-move-'));
  dataDir = path.join(work, 'data');
  database = await createTestDatabase();
  release = await holdDatabase(database.url);
  office = await sqliteOffice();
  device = await enrolledDevice(office, 'luo-jing', ['yunan-peoples']);
  await enrolledDevice(office, 'luo-jing', ['yunan-peoples']);
  await office.addConsoleUser('move-admin', 'a long enough password 2');
  for (let i = 0; i < 2; i++) {
    const report = await makeReport(device, { photos: 2 });
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
  }
  for (const id of ['move-svc-1', 'move-svc-2']) expect((await device.call('PUT', paths.fault(id), newRecord(id))).status).toBe(201);
  // A second version of a hospital: reference history.
  const [hospital] = await office.ctx.store.listReference('hospital', 'yunan-peoples');
  const changed = { ...(hospital!.data as Record<string, unknown>), city: { zh: '昆明', en: 'Kunming' } };
  await office.ctx.store.upsertReference([{ ...hospital!, data: changed, hash: await canonicalHash(changed) }], {
    actor: 'admin:move-admin',
    action: 'reference.edit',
    outcome: 'ok',
    target: 'yunan-peoples',
    details: {},
  });
}, 120_000);

afterAll(async () => {
  await office.close();
  await release();
  await database.drop();
  await rm(work, { recursive: true, force: true });
}, 60_000);

it('moves every table, blob and counter; the office on PostgreSQL serves the same data and the same devices', async () => {
  // The password as a query parameter (node-postgres and libpq read it there too): in no output, no audit entry.
  const withQueryPassword = new URL(database.url);
  const password = withQueryPassword.password;
  withQueryPassword.password = '';
  withQueryPassword.searchParams.set('password', password);
  const label = `${withQueryPassword.host}${withQueryPassword.pathname}`;
  const move = () => serverCli(['move-to-postgres', '--data', dataDir], withQueryPassword.toString());
  // While the SQLite office runs, it is refused and nothing is written.
  const busy = await move();
  expect(busy.code).toBe(1);
  expect(busy.stderr.trim()).toMatch(/office\.sqlite is in use: stop the office service/);

  const before = await snapshot(office.ctx.store);
  const auditBefore: AuditRow[] = await office.ctx.store.listAudit({ limit: 10_000 });
  expect(before.services).toHaveLength(2);
  expect(before.hospitalHistory.length).toBeGreaterThanOrEqual(2);
  await office.close();

  const moved = await move();
  expect(moved.stderr).toBe('');
  expect(moved.code).toBe(0);
  expect(moved.stdout).toMatch(/reports\s+2 → 2/);
  expect(moved.stdout).toMatch(/audit_log\s+(\d+) → \d+/);
  expect(moved.stdout).toContain(`moved to ${label} `);
  expect(moved.stdout).not.toMatch(/postgres:\/\/|password/);
  // The SQLite office no longer starts: the marker names where it went.
  expect(JSON.parse(await readFile(path.join(dataDir, 'office.sqlite.moved'), 'utf8'))).toMatchObject({ to: label, at: expect.any(String) });
  await expect(startOffice({ logLevel: false, dataDir, port: 0, host: '127.0.0.1' })).rejects.toThrow(/this office was moved to PostgreSQL \(.+\): start it with --database/);
  // Nor is it backed up or migrated as SQLite (a cron job that lost XUNJIAN_DATABASE): one line each, no stack.
  const staleBackup = path.join(work, 'stale-backup');
  for (const args of [['backup', '--to', staleBackup], ['migrate'], ['migrate', '--check'], ['admin', 'engineer', 'list']]) {
    const refused = await serverCli([...args, '--data', dataDir], undefined);
    expect(refused.code, args.join(' ')).toBe(1);
    expect(refused.stderr.trim()).toMatch(/^(\w+ failed: )?this office was moved to PostgreSQL \(.+\): start it with --database/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
  }
  await expect(readFile(path.join(staleBackup, 'office.sqlite'))).rejects.toThrow();
  // A second move of the moved office: refused (a database holding rows or blobs is refused too, below).
  const again = await move();
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/office\.sqlite\.moved says this office was already moved to PostgreSQL/);

  office = await startTestOffice({ dataDir, database: database.url });
  expect(office.ctx.storeKind).toBe('postgres');
  const after = await snapshot(office.ctx.store);
  expect(after).toEqual(before);

  const auditAfter = await office.ctx.store.listAudit({ limit: 10_000 });
  expect(auditAfter.slice(1)).toEqual(auditBefore);
  expect(auditAfter[0]).toMatchObject({ seq: auditBefore[0]!.seq + 1, actor: 'cli', action: 'store.move', outcome: 'ok', details: { from: 'sqlite', to: label } });
  expect(JSON.stringify(auditAfter)).not.toMatch(/postgres:\/\/|password/);

  const verified = await serverCli(['verify-store', '--data', dataDir], database.url);
  expect(verified.stdout.trim()).toBe('verified 2 reports: 2 pass, 0 fail; service records: 2 (versions: 2), 2 pass, 0 fail; deliverable entries: 0, 0 pass, 0 fail');
  expect(verified.code).toBe(0);

  // The device with its old token: pulls the same reference changes and pushes a new report.
  const same: TestDevice = { ...device, office, call: callAs(office, device.token) };
  expect((await same.call('GET', paths.me)).status).toBe(200);
  const report = await makeReport(same, { photos: 1 });
  await pushBlobs(same, report.blobs);
  expect((await pushReport(same, report.envelope)).status).toBe(201);
  // The counters continue past the copied numbers: no audit number or reference sequence reused.
  const [latest] = await office.ctx.store.listAudit({ limit: 1 });
  expect(latest!.seq).toBeGreaterThan(auditBefore[0]!.seq + 1);
  const [hospital] = await office.ctx.store.listReference('hospital', 'yunan-peoples');
  const edited = { ...(hospital!.data as Record<string, unknown>), city: { zh: '大理', en: 'Dali' } };
  await office.ctx.store.upsertReference([{ ...hospital!, data: edited, hash: await canonicalHash(edited) }], {
    actor: 'test',
    action: 'reference.edit',
    outcome: 'ok',
    target: 'yunan-peoples',
    details: {},
  });
  const maxBefore = Math.max(...before.reference.map((c) => c.seq));
  const [newest] = (await office.ctx.store.pullReference(maxBefore, ['yunan-peoples'], 10)).filter((c) => c.key === 'yunan-peoples');
  expect(newest!.seq).toBe(maxBefore + 1);
});

it('refuses a database holding a blob, and a failed move removes only the blobs it wrote', async () => {
  // A small SQLite office of its own: one report, so a few blobs.
  const folder = path.join(work, 'small');
  const small = await sqliteOffice(folder);
  const writer = await enrolledDevice(small, 'luo-jing', ['yunan-peoples']);
  const report = await makeReport(writer, { photos: 2 });
  await pushBlobs(writer, report.blobs);
  expect((await pushReport(writer, report.envelope)).status).toBe(201);
  await small.close();

  const target = await createTestDatabase();
  const letGo = await holdDatabase(target.url);
  const pg = openPool(target.url, { max: 1 });
  const blobCount = async () => (await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM blobs'))[0]!.n;
  try {
    await migratePostgres(pg);
    const stranger = Buffer.from('a blob someone else stored');
    const strangerSha = sha256Of(stranger);
    await postgresBlobStore(pg).put(strangerSha, Readable.from([stranger]), stranger.length);
    const refused = await serverCli(['move-to-postgres', '--data', folder], target.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the PostgreSQL database is not empty \(blobs has 1 rows\)/);
    expect(await blobCount()).toBe(1);

    // Undoing a failed move names its own hashes: another blob stays.
    await forgetBlobs(pg, ['0'.repeat(64)]);
    expect(await blobCount()).toBe(1);
    await forgetBlobs(pg, [strangerSha]);
    expect(await blobCount()).toBe(0);

    // The last blob the move copies is damaged: the ones copied before it are removed again.
    const files = (await filesUnder(path.join(folder, 'blobs'))).filter((f) => !f.startsWith('tmp/'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    const last = path.join(folder, 'blobs', files.at(-1)!);
    const bytes = await readFile(last);
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(last, bytes);
    const failed = await serverCli(['move-to-postgres', '--data', folder], target.url);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/is damaged .*nothing was moved/);
    expect(await blobCount()).toBe(0);
    // Not moved: no marker, the SQLite office still starts.
    await expect(readFile(path.join(folder, 'office.sqlite.moved'))).rejects.toThrow();
    await (await sqliteOffice(folder)).close();
  } finally {
    await pg.close();
    await letGo();
    await target.drop();
  }
});
