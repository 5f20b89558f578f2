/**
 * A service record's signed documents through sync (issue 11), with the device's real main-process
 * code against a real office on 127.0.0.1: the fault report the device makes and signs with its
 * office-issued key after enrollment reaches the office and is verified there; record A's genuine
 * report attached to record B is refused with `document_record_mismatch`, which the device shows
 * as a sentence in the engineer's language, and the office stores nothing of B.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { canonicalHash } from '../../src-shared/crypto/canonical';
import { ServiceDocumentInput } from '../../src-shared/report/service-document';
import { serviceOutboxId } from '../../src-renderer/db/rows';
import { describeOutboxError } from '../../src-renderer/features/sync/describe';
import { faultReport } from '../unit/report/service-fixture';
import { openDevice, type TestDevice } from './helpers/device';
import { newRecord } from './helpers/service-record';

const folders: string[] = [];
let office: RunningOffice;
let device: TestDevice;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-svcdoc-office-'));
  folders.push(dataDir);
  office = await startOffice({ dataDir, port: 0, logLevel: false });
  await createEngineer(office.ctx, { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] }, 'test');
  device = await openDevice({ officeHttp: { timeoutMs: 20_000 } });
  await device.enroll(office.url, (await createEnrollmentCode(office.ctx, 'zhang-gong', 7, 'test')).code);
}, 60_000);

afterAll(async () => {
  await device.close();
  await office.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
}, 60_000);

/** What the record's page does: sign the fault report of record `of` on this device, and read its bytes back. */
async function signFaultReport(of: string): Promise<{ blob: Blob; number: string }> {
  const row = await device.repos.serviceRecords.get(of);
  const input = ServiceDocumentInput.parse(faultReport({ recordId: of, recordHash: await canonicalHash(row!.record), hospital: { id: 'queue-demo', name: '演示医院' }, madeAt: new Date().toISOString() }));
  const created = await device.call('service.document.create', input);
  const { pdfBase64 } = await device.call('report.read', { hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
  return { blob: new Blob([Buffer.from(pdfBase64, 'base64')], { type: 'application/pdf' }), number: created.reportNumber };
}

describe('service records\' documents and the office', () => {
  it('takes the device\'s own fault report; refuses record A\'s report attached to record B, and the device says why', async () => {
    const a = (await device.repos.serviceRecords.create(newRecord({ title: '内科报到机无法打印' }))).id;
    const report = await signFaultReport(a);
    expect((await device.repos.serviceRecords.attachDocument(a, { document: 'fault_report', number: report.number, blob: report.blob, by: '张工' })).ok).toBe(true);
    expect(await device.engine().syncNow()).toMatchObject({ synced: 1, attention: 0, retry: 0 });
    const stored = await office.ctx.store.getCurrentFault(a);
    expect((stored?.body as { events: { type: string; number?: string }[] }).events.filter((e) => e.type === 'document').map((e) => e.number)).toEqual([report.number]);

    const b = (await device.repos.serviceRecords.create(newRecord({ title: '外科报到机无法打印' }))).id;
    expect((await device.repos.serviceRecords.attachDocument(b, { document: 'fault_report', number: report.number, blob: report.blob, by: '张工' })).ok).toBe(true);
    expect(await device.engine().syncNow()).toMatchObject({ synced: 0, attention: 1 });
    expect(await office.ctx.store.getCurrentFault(b)).toBeUndefined();
    const out = await device.db.outbox.get(serviceOutboxId(b));
    expect(out).toMatchObject({ state: 'attention', lastError: { officeCode: 'document_record_mismatch' } });
    expect(describeOutboxError('zh-CN', out!.lastError!)).toContain('所附的签名文档属于另一条记录');
    expect(describeOutboxError('en', out!.lastError!)).toContain('belongs to another record');
  }, 120_000);
});
