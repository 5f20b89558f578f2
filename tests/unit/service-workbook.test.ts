/**
 * The service-record spreadsheet (src-shared/service/workbook.ts) read back with exceljs: a late
 * response, a paused clock, a follow-up call, an edit with its reason, English headers.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { Contract, Hospital } from '../../src-shared/catalog/reference';
import type { ServiceEvent, ServiceRecord } from '../../src-shared/service/record';
import { buildServiceWorkbook, excelChinaDate } from '../../src-shared/service/workbook';
import catalog from '../../assets/catalog/hospitals/yunan-peoples.json';

const contract = Contract.parse(catalog.contracts[0]);
const hospital = Hospital.parse(catalog.hospital);
const at = (hhmm: string): string => `2026-03-16T${hhmm}:00.000+08:00`;
let n = 0;
const ev = (fields: Record<string, unknown>): ServiceEvent => ({ id: `w-${++n}`, recordedAt: (fields.at as string | undefined) ?? at('09:00'), by: '陈杰', ...fields }) as ServiceEvent;

/** Level 1 (respond 30 min, on site 6 h, resolve 6 h): responded 50 min late, resolved, followed up. */
const record: ServiceRecord = {
  id: 'yn-0316-01',
  hospitalId: 'yunan-peoples',
  contractId: contract.id,
  subject: { kind: 'system', systemId: 'yn-his' },
  channel: 'phone',
  reporter: { name: '李主任', department: '信息科' },
  createdAt: at('09:00'),
  createdBy: 'laptop',
  photos: [],
  events: [
    ev({ type: 'classify', kind: 'fault', levelId: 'level-1' }),
    ev({ type: 'step', step: 'reported', at: at('09:00') }),
    ev({ type: 'text', field: 'description', value: '住院收费结算中断' }),
    ev({ type: 'step', step: 'responded', at: at('09:50') }),
    ev({ type: 'pause', at: at('10:00'), reason: '等待机房钥匙' }),
    ev({ type: 'resume', at: at('10:30') }),
    ev({ type: 'step', step: 'arrived', at: at('10:40') }),
    ev({ type: 'step', step: 'resolved', at: at('12:00') }),
    ev({ type: 'step', step: 'resolved', at: at('11:45'), corrects: 'w-8', reason: '以系统日志为准', recordedAt: at('12:30') }),
    ev({ type: 'text', field: 'resolution', value: '重启结算服务并修复索引' }),
    ev({ type: 'follow_up', at: at('15:00'), contact: '王护士长', rating: 'excellent', comment: '' }),
  ],
};

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return book;
}

describe('the service workbook', () => {
  it('writes one row per record with every clock\'s outcome, the follow-up and the pause, and every event on the second sheet', async () => {
    const book = await read(await buildServiceWorkbook([{ record, contract, hospital }], { locale: 'zh-CN', now: new Date(at('16:00')) }));
    const sheet = book.getWorksheet('维护记录')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
    const cell = (h: string) => sheet.getRow(2).getCell(headers.indexOf(h) + 1);
    expect(headers.slice(0, 10)).toEqual(['编号', '医院', '合同', '系统/设备', '标题', '类别', '级别', '报修人', '报修方式', '报修时间']);
    expect(cell('编号').value).toBe('yn-0316-01');
    expect(cell('系统/设备').value).toBe('医院信息系统（HIS）');
    expect(cell('报修人').value).toBe('李主任 · 信息科');
    expect(cell('报修方式').value).toBe('电话');
    expect((cell('报修时间').value as Date).toISOString()).toBe('2026-03-16T09:00:00.000Z');
    expect(cell('响应结果').value).toBe('超时 0.3 小时');
    expect(cell('到场结果').value).toBe('按时');
    // The corrected resolution time counts.
    expect((cell('解决/方案时间').value as Date).toISOString()).toBe('2026-03-16T11:45:00.000Z');
    expect(cell('解决结果').value).toBe('按时');
    expect(cell('出发承诺时限').value).toBeNull();
    expect(cell('暂停时长').value).toBe('0.5 小时');
    expect(cell('回访评价').value).toBe('优');
    expect(cell('回访人').value).toBe('王护士长');
    expect(cell('处理结果').value).toBe('重启结算服务并修复索引');
    expect(sheet.getColumn(1).width).toBeGreaterThan(10);
    const events = book.getWorksheet('事件记录')!;
    expect(events.rowCount).toBe(1 + record.events.length);
    expect(events.getColumn(8).values).toContain('以系统日志为准');
  });

  it('lists 附件1 spot checks and assessments on the events sheet in words, with the reason', async () => {
    const marked: ServiceRecord = {
      ...record,
      events: [
        ...record.events,
        ev({ type: 'spot_check', evaluator: 'department', result: 'pass', note: '科室确认', at: at('16:00') }),
        ev({ type: 'assess', adverseEvent: true, noticeFailure: false, reason: '结算中断三小时', at: at('16:10') }),
      ],
    };
    const book = await read(await buildServiceWorkbook([{ record: marked, contract, hospital }], { locale: 'zh-CN', now: new Date(at('17:00')) }));
    const events = book.getWorksheet('事件记录')!;
    const rows = events.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    const spot = rows.find((r) => r[1] === '服务效果抽查')!;
    expect(spot[4]).toBe('使用科室 · 合格 · 科室确认');
    const assessed = rows.find((r) => r[1] === '附件1评定')!;
    expect(assessed[4]).toBe('有恶性事件 · 非未提前通知导致');
    expect(assessed[7]).toBe('结算中断三小时');
  });

  it('writes English headers for the English locale', async () => {
    const book = await read(await buildServiceWorkbook([{ record, contract, hospital }], { locale: 'en', now: new Date(at('16:00')) }));
    const sheet = book.getWorksheet('Service records')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['No.', 'Hospital', 'Contract']);
    // Two labels joined with a space, not "Responsepromised".
    for (const h of ['Response promised', 'Response due', 'Response done', 'Response outcome', 'Set-out promised', 'Resolution outcome']) expect(headers).toContain(h);
    expect(headers.filter((h) => /^(Response|Set-out|On-site|Solution|Resolution)[a-z]/.test(String(h)))).toEqual([]);
  });

  it('shows a Date\'s wall clock in China whatever the offset it was written with', () => {
    expect(excelChinaDate('2026-03-16T01:00:00.000Z').toISOString()).toBe('2026-03-16T09:00:00.000Z');
    expect(excelChinaDate('2026-03-16T09:00:00.000+08:00').toISOString()).toBe('2026-03-16T09:00:00.000Z');
  });
});
