/**
 * STAND-IN (screens helper) for the office helper's shared workbook builder: one sheet, Chinese
 * headers, one row per record with each clock's due time and outcome. Replaced by the real one.
 */
import ExcelJS from 'exceljs';
import type { Contract, Hospital } from '../catalog/reference';
import { clockStatus, scheduleClocks } from '../sla/clock';
import type { CalendarData } from '../sla/types';
import { foldRecord } from './fold';
import type { ServiceRecord } from './record';

export interface ServiceWorkbookInput {
  records: readonly ServiceRecord[];
  contracts: readonly Contract[];
  hospitals: readonly Hospital[];
  calendars: readonly CalendarData[];
  now: Date;
}

export async function buildServiceWorkbook(input: ServiceWorkbookInput): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('维护记录');
  sheet.addRow(['编号', '医院', '合同', '标题', '类别', '等级', '状态', '报告时间', '时限', '截止', '完成', '结果']);
  for (const record of input.records) {
    const contract = input.contracts.find((c) => c.id === record.contractId);
    if (!contract) continue;
    const state = foldRecord(record);
    const hospital = input.hospitals.find((h) => h.id === record.hospitalId);
    const level = contract.faultLevels.find((l) => l.id === state.levelId);
    const readings = clockStatus(scheduleClocks(state, contract, input.calendars.find((c) => c.id === contract.calendar)), input.now);
    sheet.addRow([
      record.id,
      hospital?.name.zh ?? record.hospitalId,
      contract.name.zh,
      state.texts.title,
      state.kind,
      level?.name.zh ?? state.levelId,
      state.status,
      state.steps.reported?.at ?? '',
      readings.map((r) => r.step).join('; '),
      readings.map((r) => r.due).join('; '),
      readings.map((r) => r.doneAt ?? '').join('; '),
      readings.map((r) => r.status).join('; '),
    ]);
  }
  return new Uint8Array(await book.xlsx.writeBuffer());
}
