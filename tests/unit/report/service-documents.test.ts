/**
 * A service record's documents (issue 11) through the handlers, read back as a reader sees them:
 * the written fault report and the 维护单 in duplicate, signed (pdfsig valid, one changed byte
 * invalid), numbered per device, naming their record in the signed Keywords; the largest record
 * the device accepts prints whole; the blank 维护单 has both copies and every signer's lines.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { PAGE } from '../../../src-main/report/pen';
import { parseIdentityKeywords } from '../../../src-shared/report/pdf-identity';
import { ReportNumber } from '../../../src-shared/report/model';
import { ServiceBlankInput, ServiceDocumentInput } from '../../../src-shared/report/service-document';
import { ROOT } from './fixture';
import { pageCount, pdfBodyTextCompact, pdfSig, pdfText, pdfTextCompact } from './poppler';
import { faultReport, largestFaultReport, maintenanceSheet, TIMELINE } from './service-fixture';

let dataDir: string;
let api: ReturnType<typeof reportHandlers>['handlers'];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-service-docs-'));
  api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir }).handlers;
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const compact = (s: string): string => s.replace(/\s+/g, '');

describe('service.document.create: the written fault report', () => {
  it('prints the record, every timeline step with its time, the SLA outcome and the follow-up, signed', async () => {
    const created = await api['service.document.create'](ServiceDocumentInput.parse(faultReport()));
    expect(created).toMatchObject({ hospitalId: 'yunan-peoples', month: '2026-03', reportNumber: 'GZ-YUNAN-PEOPLES-202603-1', replaced: [] });
    expect(ReportNumber.safeParse(created.reportNumber).success).toBe(true);
    const bytes = await readFile(created.path);
    expect(bytes.length).toBe(created.size);
    // The same bytes come back through report.read with the returned locator.
    const read = await api['report.read']({ hospitalId: created.hospitalId, month: created.month, reportNumber: created.reportNumber });
    expect(Buffer.from(read.pdfBase64, 'base64').equals(bytes)).toBe(true);

    const text = await pdfTextCompact(bytes);
    for (const words of ['书面故障说明报告', '郁南县人民医院', '门诊排队叫号系统维保服务', '严重故障·响应1小时；出发2小时', '王护士长·门诊部·0766-7512345', '叫号屏电源适配器损坏', '更换电源适配器后叫号屏恢复正常']) {
      expect(text).toContain(compact(words));
    }
    for (const row of TIMELINE) expect(text).toContain(compact(`${row.label}${row.at}`));
    expect(text).toContain('原时间2026-03-1308:30；原因：补记出发时间，按车辆记录更正');
    expect(text).toContain('原因：机房钥匙在总务科，等待开门');
    expect(text).toContain('按时');
    expect(text).toContain('超时5分钟');
    expect(text).toContain('未完成，剩余18小时45分钟');
    expect(text).toContain('处理及时，叫号恢复正常。');
    expect(text).toContain('服务工程师');
    expect(text).not.toContain('第一联');

    const sig = await pdfSig(bytes);
    expect(sig).toContain('Signature is Valid');
    expect(sig).toContain('Total document signed');
    const keywords = (await PDFDocument.load(bytes, { updateMetadata: false })).getKeywords();
    expect(parseIdentityKeywords(keywords)).toEqual({ reportId: 'dev1-rec-0001', reportNumber: created.reportNumber, hash: 'a'.repeat(64) });
  });

  it('prints the signers\' times in the zone the screen wrote the timeline in, and refuses a zone that is not one', async () => {
    // Signed 06:00Z: 14:00 in China, 07:00 in Berlin, whatever this process's own zone is.
    const china = await pdfTextCompact(await readFile((await api['service.document.create'](ServiceDocumentInput.parse({ ...faultReport(), timeZone: 'Asia/Shanghai' }))).path));
    expect(china).toContain('2026-03-1314:00');
    const berlin = await pdfTextCompact(await readFile((await api['service.document.create'](ServiceDocumentInput.parse({ ...faultReport(), timeZone: 'Europe/Berlin' }))).path));
    expect(berlin).toContain('2026-03-1307:00');
    expect(ServiceDocumentInput.safeParse({ ...faultReport(), timeZone: 'Mars/Olympus' }).success).toBe(false);
  });

  it('is invalid after one changed byte', async () => {
    const created = await api['service.document.create'](ServiceDocumentInput.parse(faultReport()));
    const bytes = Buffer.from(await readFile(created.path));
    // A byte of the page content, inside the signed range (well before the signature's /Contents).
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0x01;
    expect(await pdfSig(bytes)).not.toContain('Signature is Valid');
  });

  it('numbers documents one after another per hospital, month and kind, never twice', async () => {
    const numbers = await Promise.all([1, 2, 3].map(() => api['service.document.create'](ServiceDocumentInput.parse(faultReport({ madeAt: '2026-04-02T02:00:00.000Z' })))));
    expect(numbers.map((n) => n.reportNumber).sort()).toEqual(['GZ-YUNAN-PEOPLES-202604-1', 'GZ-YUNAN-PEOPLES-202604-2', 'GZ-YUNAN-PEOPLES-202604-3']);
  });

  it('prints in English when the report locale is English', async () => {
    const created = await api['service.document.create'](ServiceDocumentInput.parse(faultReport({ locale: 'en', madeAt: '2026-05-02T02:00:00.000Z' })));
    const text = await pdfText(await readFile(created.path));
    expect(text).toContain('Written fault report');
    expect(text).toContain('Promised times');
    expect(text).toContain('Timeline');
  });
});

describe('service.document.create: the 维护单 in duplicate', () => {
  it('prints two copies, each with the department\'s, the IT centre\'s and the engineer\'s signatures, signed', async () => {
    const created = await api['service.document.create'](ServiceDocumentInput.parse(maintenanceSheet()));
    expect(created.reportNumber).toBe('WH-WUHAN-CENTRAL-202603-1');
    const bytes = await readFile(created.path);
    const text = await pdfTextCompact(bytes);
    expect(text).toContain('第一联（使用科室留存）');
    expect(text).toContain('第二联（信息中心留存）');
    const twice = (words: string): number => text.split(compact(words)).length - 1;
    for (const words of ['维护单', '服务内容', '使用科室负责人', '信息中心负责人', '签字人：张主任', '签字人：陈主任', '签字人：李工', '超时5分钟']) {
      expect(twice(words), words).toBeGreaterThanOrEqual(2);
    }
    for (const row of TIMELINE) expect(twice(`${row.label}${row.at}`)).toBe(2);
    const sig = await pdfSig(bytes);
    expect(sig).toContain('Signature is Valid');
  });

  it('is refused without the department\'s or the IT centre\'s signature', () => {
    const engineerOnly = maintenanceSheet({ signatures: faultReport().signatures });
    const parsed = ServiceDocumentInput.safeParse(engineerOnly);
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).toContain('department');
  });
});

describe('through the report thread, as the app runs it', () => {
  it('lays out, signs and files both documents and the blank sheet off the calling thread', async () => {
    const threaded = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir, renderWorker: { source: path.join(ROOT, 'src-main/report/render-worker.ts') } }).handlers;
    const created = await threaded['service.document.create'](ServiceDocumentInput.parse(maintenanceSheet({ madeAt: '2026-06-02T02:00:00.000Z' })));
    expect(created.reportNumber).toBe('WH-WUHAN-CENTRAL-202606-1');
    const bytes = await readFile(created.path);
    expect(await pdfSig(bytes)).toContain('Signature is Valid');
    expect(await pdfTextCompact(bytes)).toContain('第二联（信息中心留存）');
    const blank = await threaded['service.document.blank'](ServiceBlankInput.parse({ locale: 'en' }));
    expect(await pdfText(Buffer.from(blank.pdfBase64, 'base64'))).toContain('Maintenance sheet');
  }, 60_000);
});

describe('the largest record the device accepts', () => {
  it('prints every one of 2,000 timeline rows and all four 4,000-character texts, signed', async () => {
    const input = ServiceDocumentInput.parse(largestFaultReport());
    const created = await api['service.document.create'](input);
    const bytes = await readFile(created.path);
    expect(await pageCount(bytes)).toBeGreaterThan(100);
    // The body only: a text that runs over a page break reads as one string without the running header and footer.
    const text = await pdfBodyTextCompact(bytes, { top: PAGE.top, bottom: PAGE.bottom });
    for (let i = 1; i <= 2000; i++) expect(text.includes(`第${i}步`), `row ${i}`).toBe(true);
    for (const field of Object.values(input.texts)) expect(text.includes(compact(field))).toBe(true);
    expect(await pdfSig(bytes)).toContain('Signature is Valid');
  }, 120_000);
});

describe('service.document.blank', () => {
  it('prints a 维护单 for wet ink in two copies, with lines for all three signers', async () => {
    const blank = await api['service.document.blank'](ServiceBlankInput.parse({ locale: 'zh-CN', hospital: '武汉市中心医院', recordId: 'dev1-rec-0002', levels: ['Fatal', 'Serious', 'Minor'] }));
    const bytes = Buffer.from(blank.pdfBase64, 'base64');
    expect(await pageCount(bytes)).toBe(2);
    const text = await pdfTextCompact(bytes);
    expect(text).toContain('第一联（使用科室留存）');
    expect(text).toContain('第二联（信息中心留存）');
    expect(text).toContain('记录编号：dev1-rec-0002');
    expect(text).toContain('□Fatal□Serious□Minor');
    const count = (words: string): number => text.split(words).length - 1;
    // Each signer's box once per copy (the subtitle names the two heads once more).
    for (const role of ['使用科室负责人', '服务工程师']) expect(count(role)).toBe(2);
    expect(count('信息中心负责人')).toBe(4);
    // Signature, printed name and date lines per signer per copy.
    expect(count('签字：')).toBe(6);
    expect(count('姓名（正楷）：')).toBe(6);
    expect(count('盖章处')).toBe(2);
  });
});
