/**
 * From a service record to the document model (src-renderer/features/service/document-input.ts)
 * and on to the signed PDF: the timeline keeps corrections with their reasons, pauses and level
 * changes; the SLA rows say met / late by how much / not yet; the model passes the main process's
 * schema and prints (pdftotext), for the fault report and the 维护单 alike.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { HospitalFile } from '../../../src-shared/catalog/reference';
import { localized, translate } from '../../../src-shared/i18n/translate';
import { ServiceBlankInput, ServiceDocumentInput } from '../../../src-shared/report/service-document';
import { ServiceRecord, type ServiceRecordInput } from '../../../src-shared/service/record';
import { buildServiceBlank, buildServiceDocument, formatTime, type DocumentTranslator } from '../../../src-renderer/features/service/document-input';
import { ROOT, signaturePng } from '../report/fixture';
import { pdfTextCompact } from '../report/poppler';

const file = HospitalFile.parse(JSON.parse(readFileSync(path.join(ROOT, 'assets/catalog/hospitals/queue-demo.json'), 'utf8')));
const contract = file.contracts[0]!;
const zh: DocumentTranslator = { locale: 'zh-CN', t: (key, params) => translate('zh-CN', key, params), l: (text) => localized('zh-CN', text) };

const base = { recordedAt: '2026-03-13T00:05:00.000Z', by: '李工' };
const input: ServiceRecordInput = {
  id: 'dev1-rec-0007',
  hospitalId: file.hospital.id,
  contractId: contract.id,
  subject: { kind: 'asset', assetId: 'mz-nk-ws-01' },
  channel: 'phone',
  reporter: { name: '王护士长', department: '门诊部', phone: '0766-7512345' },
  createdAt: '2026-03-13T00:05:00.000Z',
  createdBy: 'dev1',
  events: [
    { ...base, id: 'dev1-1', type: 'classify', kind: 'fault', levelId: 'disaster' },
    { ...base, id: 'dev1-2', type: 'step', step: 'reported', at: '2026-03-13T00:05:00.000Z' },
    { ...base, id: 'dev1-3', type: 'text', field: 'title', value: '内科叫号屏黑屏' },
    { ...base, id: 'dev1-4', type: 'text', field: 'description', value: '内科候诊区叫号屏黑屏，护士改为人工叫号。' },
    { ...base, recordedAt: '2026-03-13T00:10:00.000Z', id: 'dev1-5', type: 'classify', kind: 'fault', levelId: 'severe', reason: '只影响一块屏，非系统停机' },
    { ...base, recordedAt: '2026-03-13T01:30:00.000Z', id: 'dev1-6', type: 'step', step: 'responded', at: '2026-03-13T01:30:00.000Z' },
    { ...base, recordedAt: '2026-03-13T01:31:00.000Z', id: 'dev1-7', type: 'step', step: 'responded', at: '2026-03-13T00:55:00.000Z', corrects: 'dev1-6', reason: '电话记录显示 8:55 已回电' },
    { ...base, recordedAt: '2026-03-13T02:00:00.000Z', id: 'dev1-8', type: 'pause', at: '2026-03-13T02:00:00.000Z', reason: '机房钥匙在总务科' },
    { ...base, recordedAt: '2026-03-13T02:40:00.000Z', id: 'dev1-9', type: 'resume', at: '2026-03-13T02:40:00.000Z' },
    { ...base, recordedAt: '2026-03-13T03:00:00.000Z', id: 'dev1-10', type: 'step', step: 'arrived', at: '2026-03-13T03:00:00.000Z' },
    { ...base, recordedAt: '2026-03-13T05:00:00.000Z', id: 'dev1-11', type: 'text', field: 'resolution', value: '更换电源适配器后恢复正常。' },
    { ...base, recordedAt: '2026-03-13T05:00:00.000Z', id: 'dev1-12', type: 'step', step: 'resolved', at: '2026-03-13T05:00:00.000Z' },
    { ...base, recordedAt: '2026-03-14T02:00:00.000Z', id: 'dev1-13', type: 'follow_up', at: '2026-03-14T02:00:00.000Z', contact: '王护士长', rating: 'excellent', comment: '处理及时' },
  ],
};
const record = ServiceRecord.parse(input);
const signatures = [{ role: 'engineer' as const, name: '李工', signedAt: '2026-03-13T06:00:00.000Z', pngBase64: signaturePng(1) }];
const parts = { record, hospital: file.hospital, contract, assets: file.assets, calendar: undefined, recordHash: 'b'.repeat(64), engineer: '李工', signatures, now: new Date('2026-03-13T06:00:00.000Z') };

describe('buildServiceDocument', () => {
  const doc = buildServiceDocument(zh, 'fault_report', parts);

  it('prints the record as it stands: the changed level, the asset with its department, the reporter', () => {
    expect(doc.level).toMatch(/^系统严重故障 · 响应 1 小时/);
    expect(doc.subject).toContain('MZ-NK-WS-01');
    expect(doc.reporter).toBe('王护士长 · 门诊部 · 0766-7512345');
    expect(doc.department).toBe('门诊部');
    expect(doc.title).toBe('内科叫号屏黑屏');
    expect(doc.status).toBe('已解决');
    expect(ServiceDocumentInput.safeParse(doc).success).toBe(true);
  });

  it('keeps every step in time order, the corrected one grey beside its correction and reason, pauses and the level change', () => {
    const rows = doc.timeline.map((r) => [r.label, r.at, r.detail, r.superseded]);
    expect(rows).toEqual([
      ['报告故障', formatTime('2026-03-13T00:05:00.000Z'), '', false],
      ['定级：系统严重故障', formatTime('2026-03-13T00:10:00.000Z'), '原因：只影响一块屏，非系统停机', false],
      ['更正：响应', formatTime('2026-03-13T00:55:00.000Z'), `原时间 ${formatTime('2026-03-13T01:30:00.000Z')}；原因：电话记录显示 8:55 已回电`, false],
      ['响应', formatTime('2026-03-13T01:30:00.000Z'), '', true],
      ['暂停计时', formatTime('2026-03-13T02:00:00.000Z'), '原因：机房钥匙在总务科', false],
      ['恢复计时', formatTime('2026-03-13T02:40:00.000Z'), '', false],
      ['到场', formatTime('2026-03-13T03:00:00.000Z'), '', false],
      ['解决', formatTime('2026-03-13T05:00:00.000Z'), '', false],
    ]);
  });

  it('says for each promise whether it was met, and the follow-up call', () => {
    // Responded (corrected) at 08:55 for a 1-hour promise from 08:05: met.
    expect(doc.sla.map((s) => [s.promise, s.target, s.outcome, s.outcomeText])).toEqual([['响应', '1 小时', 'met', '按时']]);
    expect(doc.followUps).toEqual([{ at: formatTime('2026-03-14T02:00:00.000Z'), contact: '王护士长', rating: '优', comment: '处理及时', by: '李工' }]);
  });

  it('reports a late step by how much, and an open one by what is left', () => {
    const late = ServiceRecord.parse({ ...input, events: input.events.filter((e) => e.id !== 'dev1-7') });
    expect(buildServiceDocument(zh, 'fault_report', { ...parts, record: late }).sla[0]).toMatchObject({ outcome: 'late', outcomeText: '超时 25 分钟' });
    // As it stood at 08:35, before anyone answered: arriving or resolving later would meet the response too.
    const open = ServiceRecord.parse({ ...input, events: input.events.filter((e) => ['dev1-1', 'dev1-2', 'dev1-3', 'dev1-4', 'dev1-5'].includes(e.id)) });
    const reading = buildServiceDocument(zh, 'fault_report', { ...parts, record: open, now: new Date('2026-03-13T00:35:00.000Z') }).sla[0];
    expect(reading).toMatchObject({ outcome: 'open', outcomeText: '未完成，剩余 30 分钟', doneAt: '' });
  });
});

describe('from a record to a signed PDF', () => {
  let dataDir: string;
  let api: ReturnType<typeof reportHandlers>['handlers'];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-service-input-'));
    api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir }).handlers;
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('prints the fault report with the correction, the pause and the outcome', async () => {
    const created = await api['service.document.create'](ServiceDocumentInput.parse(buildServiceDocument(zh, 'fault_report', parts)));
    expect(created.reportNumber).toBe('GZ-QUEUE-DEMO-202603-1');
    const text = await pdfTextCompact(await readFile(created.path));
    for (const words of ['书面故障说明报告', '内科叫号屏黑屏', '更正：响应', '原因：电话记录显示8:55已回电', '原因：机房钥匙在总务科', '按时', '处理及时']) expect(text).toContain(words);
  });

  it('prints the 维护单 and the blank one from the same record', async () => {
    const sheetSigners = [
      { role: 'department' as const, name: '张主任', signedAt: '2026-03-13T06:00:00.000Z', pngBase64: signaturePng(2) },
      { role: 'it_office' as const, name: '陈主任', signedAt: '2026-03-13T06:00:00.000Z', pngBase64: signaturePng(3) },
      ...signatures,
    ];
    const created = await api['service.document.create'](ServiceDocumentInput.parse(buildServiceDocument(zh, 'maintenance_sheet', { ...parts, signatures: sheetSigners })));
    expect(created.reportNumber).toBe('WH-QUEUE-DEMO-202603-1');
    const text = await pdfTextCompact(await readFile(created.path));
    expect(text).toContain('第一联（使用科室留存）');
    expect(text).toContain('第二联（信息中心留存）');
    const blank = await api['service.document.blank'](ServiceBlankInput.parse(buildServiceBlank(zh, { hospital: file.hospital, contract, assets: file.assets, record })));
    const blankText = await pdfTextCompact(Buffer.from(blank.pdfBase64, 'base64'));
    expect(blankText).toContain('记录编号：dev1-rec-0007');
    expect(blankText).toContain('□系统灾难故障');
  });
});
