/**
 * Backup → wipe → restore, on the store the suite runs on (issue 15): an office with accepted
 * reports is backed up while it serves, its data folder (and database) destroyed, and restored
 * from the backup; the restored office has every report, verify-store passes, the device's token
 * still works and the audit log is the same. A backup altered by one byte is refused before it
 * touches anything; a report whose PDF was altered in the store makes verify-store fail naming it,
 * and so do a service record version whose body was changed, a signed document altered in the
 * store and a deliverable entry's file altered there.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import type { AuditRow, StoredReport } from '../../src-server/storage/port';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { callAs, enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { holdDatabase, serverCli } from './helpers/ops-cli';
import { makeReport, pushBlobs, pushReport, sha256 } from './helpers/report';
import { runSql } from './helpers/raw-sql';
import { alterStoredBlob } from './helpers/alter-blob';
import { append, newRecord } from './helpers/service';
import { documentEvent, documentMaker, type MadeDocument } from './helpers/service-document';
import { deliverableEntryId, type DeliverableEntry } from '../../src-shared/period/deliverable';
import { DOCX } from '../../src-shared/period/sniff-deliverable';
import type { FaultPush } from '../../src-shared/sync/envelope';
import { docx } from '../helpers/zip';

const onPostgres = testsUsePostgres();
let work: string;
let dataDir: string;
let database: TestDatabase | undefined;
/** Our connection to the database, held for the whole file (helpers/ops-cli.ts holdDatabase). */
let release: () => Promise<void> = async () => undefined;
let office: TestOffice;
let device: TestDevice;
const reportIds: string[] = [];
const envelopes: unknown[] = [];
/** A service record in two versions (a photo, then its signed fault report) and a register entry with a Word file. */
const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('机房现场照片'), Buffer.from([0xff, 0xd9])]);
const minutes = Buffer.from(docx('2026 年第一季度巡检报告'));
let faultReport: MadeDocument;
let recordV2: FaultPush;
const register: DeliverableEntry = {
  id: deliverableEntryId('yunan-maint-2026', 'inspection-report', '2026-01-01'),
  hospitalId: 'yunan-peoples',
  contractId: 'yunan-maint-2026',
  deliverableId: 'inspection-report',
  windowStart: '2026-01-01',
  windowEnd: '2026-03-31',
  current: { revision: 1, by: '周敏', at: '2026-04-02T02:00:00.000Z', value: { state: 'attached', name: '第一季度巡检报告.docx', mime: DOCX, sha256: sha256(minutes), size: minutes.length } },
  history: [],
};

/** --data, and the database in the environment when the suite runs on PostgreSQL. */
const run = (args: string[], db = database) => serverCli([...args, '--data', dataDir], db?.url);

async function allReports(o: TestOffice): Promise<StoredReport[]> {
  return (await o.ctx.store.listReports({ limit: 100, offset: 0 })).reports;
}
const allAudit = (o: TestOffice): Promise<AuditRow[]> => o.ctx.store.listAudit({ limit: 10_000 });

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'xunjian-backup-'));
  dataDir = path.join(work, 'data');
  database = onPostgres ? await createTestDatabase() : undefined;
  release = await holdDatabase(database?.url);
  office = await startTestOffice({ dataDir, ...(database ? { database: database.url } : {}) });
  device = await enrolledDevice(office, 'zhou-min', ['yunan-peoples']);
  await office.addConsoleUser('ops-admin', 'a long enough password 1');
  for (let i = 0; i < 3; i++) {
    const report = await makeReport(device, { photos: 2 });
    await pushBlobs(device, report.blobs);
    expect((await pushReport(device, report.envelope)).status).toBe(201);
    reportIds.push(report.envelope.id);
    envelopes.push(report.envelope);
  }
  const recordV1: FaultPush = { ...newRecord('backup-svc-1', { by: '周敏' }), photos: [{ sha256: sha256(photo), size: photo.length, mime: 'image/jpeg' }] };
  faultReport = await (await documentMaker(device.keyPem, [device.certificatePem, device.caCertificatePem])).signed(recordV1);
  recordV2 = append(recordV1, documentEvent(faultReport, 'fault_report'));
  await pushBlobs(device, new Map([photo, faultReport.bytes, minutes].map((b) => [sha256(b), b])));
  expect((await device.call('PUT', paths.fault(recordV1.id), recordV1)).status).toBe(201);
  expect((await device.call('PUT', paths.fault(recordV2.id), recordV2)).status).toBe(201);
  expect((await device.call('PUT', paths.deliverable(register.id), register)).status).toBe(201);
}, 120_000);

const alterBlob = (sha: string): Promise<void> => alterStoredBlob(office, sha);

afterAll(async () => {
  await office.close();
  await release();
  await database?.drop();
  await rm(work, { recursive: true, force: true });
}, 60_000);

describe('backup, wipe, restore', () => {
  it('restores an office that serves every report, passes verify-store, keeps its devices and audit log', async () => {
    const reportsBefore = await allReports(office);
    const auditBefore = await allAudit(office);
    expect(reportsBefore).toHaveLength(3);

    // While the office serves.
    const backupDir = path.join(work, 'backup');
    const backup = await run(['backup', '--to', backupDir]);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(backupDir, 'manifest.json'), 'utf8')) as {
      store: string;
      counts: { reports: number; blobs: number };
      files: { path: string; sha256: string }[];
    };
    expect(manifest.store).toBe(onPostgres ? 'postgres' : 'sqlite');
    // Each report: its PDF, two photos, a signature image and its record; the record's photo and
    // fault report; the register's Word file.
    expect(manifest.counts).toEqual({ reports: 3, blobs: 18 });
    expect(manifest.files.map((f) => f.path)).toContain(onPostgres ? 'database.dump' : 'office.sqlite');
    expect(manifest.files.filter((f) => f.path.startsWith('keys/')).length).toBeGreaterThanOrEqual(3);
    if (database) expect(`${backup.stdout}${backup.stderr}`).not.toContain(new URL(database.url).password + '@');

    // The machine is lost: data folder (keys included) and database.
    await office.close();
    await rm(dataDir, { recursive: true, force: true });
    let target = database;
    if (database) {
      await release();
      await database.drop();
      target = await createTestDatabase();
      database = target;
      release = await holdDatabase(target.url);
    }

    const restored = await run(['restore', '--from', backupDir]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // Into a target that is no longer empty: refused, with the way out named.
    const again = await run(['restore', '--from', backupDir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty.*--force/);

    office = await startTestOffice({ dataDir, ...(target ? { database: target.url } : {}) });
    expect(await allReports(office)).toEqual(reportsBefore);
    expect(await allAudit(office)).toEqual(auditBefore);
    expect(await office.ctx.store.getAdmin('ops-admin')).toMatchObject({ username: 'ops-admin' });

    const verified = await run(['verify-store']);
    expect(verified.stdout.trim()).toBe('verified 3 reports: 3 pass, 0 fail; service records: 1 (versions: 2), 1 pass, 0 fail; deliverable entries: 1, 1 pass, 0 fail');
    expect(verified.code).toBe(0);

    // The device, with the token it had, syncs with the restored office.
    const back: TestDevice = { ...device, office, call: callAs(office, device.token) };
    expect((await back.call('GET', paths.me)).status).toBe(200);
    const next = await makeReport(back, { photos: 1 });
    await pushBlobs(back, next.blobs);
    expect((await pushReport(back, next.envelope)).status).toBe(201);
    // A report pushed before the backup, pushed again (its receipt was lost): the very receipt stored then.
    const repeated = await pushReport(back, envelopes[0]);
    expect(repeated.status).toBe(200);
    expect(repeated.body).toEqual({ created: false, receipt: reportsBefore.find((r) => r.id === reportIds[0])!.receipt });
  });

  it('refuses a backup with one byte changed, before touching the target', async () => {
    const backupDir = path.join(work, 'backup-2');
    expect((await run(['backup', '--to', backupDir])).code).toBe(0);
    const tampered = path.join(work, 'tampered');
    await cp(backupDir, tampered, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(tampered, 'manifest.json'), 'utf8')) as { files: { path: string }[] };
    const victim = manifest.files.find((f) => f.path.startsWith('blobs/')) ?? manifest.files.find((f) => f.path === 'database.dump')!;
    const bytes = await readFile(path.join(tampered, victim.path));
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    await writeFile(path.join(tampered, victim.path), bytes);

    const emptyData = path.join(work, 'empty-target');
    const emptyDb = onPostgres ? await createTestDatabase() : undefined;
    const letGo = await holdDatabase(emptyDb?.url);
    try {
      const refused = await serverCli(['restore', '--from', tampered, '--data', emptyData], emptyDb?.url);
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toBe(`the backup is damaged: ${victim.path} does not match its SHA-256 in the manifest; nothing was restored`);
      expect(await readdir(emptyData).catch(() => [])).toEqual([]);
      if (emptyDb) {
        const client = new pg.Client({ connectionString: emptyDb.url });
        await client.connect();
        const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'");
        await client.end();
        expect(rows[0]!.n).toBe(0);
      }
    } finally {
      await letGo();
      await emptyDb?.drop();
    }
  });

  it('verify-store fails naming the report whose PDF was altered in the store', async () => {
    const victim = (await office.ctx.store.getReport(reportIds[1]!))!;
    await alterBlob(victim.pdf.sha256);
    const verified = await run(['verify-store']);
    expect(verified.code).toBe(1);
    const failures = verified.stdout.split('\n').filter((l) => l.startsWith('FAILED'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain(`FAILED ${victim.id} (${victim.reportNumber}):`);
    expect(failures[0]).toContain('PDF hash, PDF signature, PDF names the record, signer: the PDF in the blob store is damaged: its ');
    expect(verified.stdout).toContain('verified 4 reports: 3 pass, 1 fail');
  });

  it('verify-store fails naming a service record version changed in the database, its altered signed document and an altered register file', async () => {
    const changed = { ...recordV2, version: 1, events: recordV2.events.slice(0, 3), photos: recordV2.photos };
    changed.events = changed.events.map((e) => (e.type === 'text' && e.field === 'title' ? { ...e, value: '改过的标题' } : e));
    await runSql(office, 'UPDATE fault_versions SET body = ? WHERE id = ? AND version = 1', [JSON.stringify(changed), recordV2.id]);
    await alterBlob(faultReport.sha256);
    await alterBlob(sha256(minutes));

    const verified = await run(['verify-store']);
    expect(verified.code).toBe(1);
    const lines = verified.stdout.split('\n');
    const record = lines.filter((l) => l.startsWith(`FAILED service record ${recordV2.id} (HIS 门诊收费缓慢): `));
    expect(record).toHaveLength(1);
    expect(record[0]).toMatch(/version 1: record hash [0-9a-f]{64} ≠ [0-9a-f]{64}/);
    expect(record[0]).toContain(`blob ${faultReport.sha256} is damaged: its `);
    expect(record[0]).toContain(`document ${faultReport.number} kind, signature, names the record, signer: the file in the blob store is damaged: its `);

    expect(record[0]).not.toContain('version 2:');
    const entry = lines.filter((l) => l.startsWith(`FAILED deliverable ${register.id} (inspection-report 2026-01-01..2026-03-31): `));
    expect(entry).toHaveLength(1);
    expect(entry[0]).toContain(`blob ${sha256(minutes)} is damaged: its `);
    expect(entry[0]).not.toContain('receipt');
    expect(verified.stdout).toContain('service records: 1 (versions: 2), 0 pass, 1 fail; deliverable entries: 1, 0 pass, 1 fail');

    // A version gone from the database (deleted by hand): named, and the rest still checked.
    await runSql(office, 'DELETE FROM fault_versions WHERE id = ? AND version = 1', [recordV2.id]);
    const again = await run(['verify-store']);
    expect(again.code).toBe(1);
    const gone = again.stdout.split('\n').find((l) => l.startsWith(`FAILED service record ${recordV2.id} `));
    expect(gone).toContain('version 1 is missing');
    expect(gone).toContain(`document ${faultReport.number} kind, signature`);
    expect(again.stdout).toContain('service records: 1 (versions: 1), 0 pass, 1 fail');

    // Rows whose JSON the store cannot read: each named, and the run goes on to the rest.
    await runSql(office, 'UPDATE fault_versions SET receipt = ? WHERE id = ? AND version = 2', ['garbage', recordV2.id]);
    await runSql(office, 'UPDATE deliverables SET entry = ? WHERE id = ?', ['{', register.id]);
    await runSql(office, 'UPDATE reports SET receipt = ? WHERE id = ?', ['{"body":', reportIds[0]]);
    const unreadable = await run(['verify-store']);
    expect(unreadable.stderr).toBe('');
    expect(unreadable.code).toBe(1);
    const out = unreadable.stdout.split('\n');
    const unreadRecord = out.find((l) => l.startsWith(`FAILED service record ${recordV2.id} `));
    expect(unreadRecord).toContain('version 2 cannot be read: ');
    expect(unreadRecord).toContain('version 1 is missing');
    expect(out.filter((l) => l.startsWith('FAILED deliverable (register) (every entry): the register cannot be read: '))).toHaveLength(1);
    const unreadReport = out.filter((l) => /^FAILED #\d+ \(the list, newest first\): cannot be read: /.test(l));
    expect(unreadReport).toHaveLength(1);
    // Every other report was still checked: four places in the list, the unreadable one and the altered PDF of the last test fail.
    expect(unreadable.stdout).toContain('verified 4 reports: 2 pass, 2 fail');
  });
});
