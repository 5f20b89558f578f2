/**
 * `move-to-postgres` (issue 15): an office on SQLite with reports, service records, reference
 * history, audit, console users and devices is moved into an empty PostgreSQL database; started
 * on PostgreSQL with the same data folder (its keys), it serves the same data, verify-store passes,
 * the device syncs with its old token, and the audit log is the same plus the move's own entry.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAdminUser, createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { startOffice } from '../../src-server/start';
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
let dataDir: string;
let database: TestDatabase;
let release: () => Promise<void>;
let office: TestOffice;
let device: TestDevice;

/** An office on SQLite whatever store the suite runs on: the move's source. */
async function sqliteOffice(): Promise<TestOffice> {
  const running = await startOffice({ logLevel: false, dataDir, port: 0, host: '127.0.0.1' });
  const { ctx } = running;
  return {
    ...running,
    dataDir,
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
  const move = () => serverCli(['move-to-postgres', '--data', dataDir], database.url);
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
  expect(moved.stdout).toContain('moved to postgres://');
  expect(moved.stdout).not.toContain(`:${new URL(database.url).password}@`);
  // Into a database that now holds an office: refused.
  const again = await move();
  expect(again.code).toBe(1);
  expect(again.stderr).toMatch(/the PostgreSQL database is not empty/);

  office = await startTestOffice({ dataDir, database: database.url });
  expect(office.ctx.storeKind).toBe('postgres');
  const after = await snapshot(office.ctx.store);
  expect(after).toEqual(before);

  const auditAfter = await office.ctx.store.listAudit({ limit: 10_000 });
  expect(auditAfter.slice(1)).toEqual(auditBefore);
  expect(auditAfter[0]).toMatchObject({ seq: auditBefore[0]!.seq + 1, actor: 'cli', action: 'store.move', outcome: 'ok' });

  const verified = await serverCli(['verify-store', '--data', dataDir], database.url);
  expect(verified.stdout).toContain('verified 2 reports: 2 pass, 0 fail');
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
