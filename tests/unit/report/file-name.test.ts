/** Names of saved PDFs: hospital, what it is, date, report number — and safe on Windows whatever the hospital is called. */
import { describe, expect, it } from 'vitest';
import {
  blankSheetFileName,
  calendarDate,
  documentFileName,
  MAX_FILE_NAME_BYTES,
  MAX_FILE_NAME_CHARS,
  reportFileName,
} from '../../../src-shared/report/file-name';
import { seededRandom } from '../../helpers/seeded-random';

const NUMBER = 'XJ-20261201-3F9A1C';
const report = (hospital: string): string => reportFileName('zh-CN', { hospital, date: '2026-12-01', reportNumber: NUMBER });

/** What Windows (and every file system the app runs on) accepts as one path component. */
function expectSafe(name: string): void {
  expect(name).not.toMatch(/[\\/:*?"<>|]/);
  expect(name).not.toMatch(/\p{Cc}|\p{Cf}/u);
  expect(name, 'no lone surrogates').not.toMatch(/\p{Cs}/u);
  expect(name).not.toMatch(/[. ]$/);
  expect(name).not.toMatch(/^[. ]/);
  expect(name.split('.')[0]!.trimEnd()).not.toMatch(/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i);
  expect(name.length).toBeLessThanOrEqual(MAX_FILE_NAME_CHARS);
  expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_FILE_NAME_BYTES);
}

describe('report and blank-sheet file names', () => {
  it('name the hospital, what the document is and the date, and a report its number', () => {
    expect(report('郁南县人民医院')).toBe('郁南县人民医院_巡检报告_2026-12-01_XJ-20261201-3F9A1C.pdf');
    expect(blankSheetFileName('zh-CN', { hospital: '郁南县人民医院', date: '2026-12-01' })).toBe('郁南县人民医院_巡检记录表_2026-12-01.pdf');
  });

  it('use English words for an English UI', () => {
    expect(reportFileName('en', { hospital: "Yunan County People's Hospital", date: '2026-12-01', reportNumber: NUMBER })).toBe(
      "Yunan County People's Hospital_Inspection report_2026-12-01_XJ-20261201-3F9A1C.pdf",
    );
    expect(blankSheetFileName('en', { hospital: 'Guangdong Provincial People’s Hospital', date: '2026-12-01' })).toBe(
      'Guangdong Provincial People’s Hospital_Inspection sheet_2026-12-01.pdf',
    );
  });

  it('replace what Windows refuses and drop control and bidi characters', () => {
    expect(report('广东省人民医院/东院区: "门诊" <A|B>*?\\')).toBe(`广东省人民医院-东院区- -门诊- -A-B_巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(report('湛江\u0000中心\t人民\r\n医院\u007f\u0085')).toBe(`湛江 中心 人民 医院_巡检报告_2026-12-01_${NUMBER}.pdf`);
    // A right-to-left override would show "医院fdp.exe" as "医院exe.pdf" in Explorer.
    expect(report('医院\u202Efdp.exe\u200B\uFEFF')).toBe(`医院fdp.exe_巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(report('\uD800医院\uDFFF')).toBe(`医院_巡检报告_2026-12-01_${NUMBER}.pdf`);
    // No leading dot (hidden on Unix), no trailing dot or space (Windows drops them).
    expect(report(' ..hidden. . ')).toBe(`hidden_巡检报告_2026-12-01_${NUMBER}.pdf`);
  });

  it('never make a reserved device name, whatever comes after the first dot', () => {
    for (const hospital of ['CON', 'nul', 'Com1', 'lpt9', 'AUX ', 'prn']) expect(report(hospital)).toBe(`${hospital.trim()}_巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(report('NUL.txt')).toBe(`_NUL.txt_巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(report('com¹ .x')).toBe(`_com¹ .x_巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(documentFileName({ hospital: '', kind: 'CON', date: '' }, '.pdf')).toBe('_CON.pdf');
    for (const name of [report('NUL.txt'), report('CON'), documentFileName({ hospital: '', kind: 'CON', date: '' })]) expectSafe(name);
  });

  it('shorten only the hospital name: the kind, date, report number and extension stay whole', () => {
    for (const hospital of ['医'.repeat(500), 'X'.repeat(1000), '😀'.repeat(200), `${'院'.repeat(70)}.`]) {
      const name = report(hospital);
      expectSafe(name);
      expect(name.endsWith(`_巡检报告_2026-12-01_${NUMBER}.pdf`), name).toBe(true);
      expect(name.length).toBeGreaterThan(`_巡检报告_2026-12-01_${NUMBER}.pdf`.length + 10);
    }
    // A Chinese name is cut by bytes (3 each), a Latin one by characters.
    expect(new TextEncoder().encode(report('医'.repeat(500))).length).toBeGreaterThan(MAX_FILE_NAME_BYTES - 3);
    expect(report('X'.repeat(1000)).length).toBe(MAX_FILE_NAME_CHARS);
  });

  it('leave out a hospital name that is nothing but forbidden characters', () => {
    expect(report('')).toBe(`巡检报告_2026-12-01_${NUMBER}.pdf`);
    expect(report('/:*?<>|')).toBe(`巡检报告_2026-12-01_${NUMBER}.pdf`);
  });

  it('are safe for any string, checked on 2,000 hostile names', () => {
    const random = seededRandom(9011);
    const alphabet = ['\\', '/', ':', '*', '?', '"', '<', '>', '|', '.', ' ', '_', '-', '\u0000', '\u001f', '\u202e', '\u200d', '\ud83d', '\ude00', '😀', '医', 'a', 'C', 'O', 'N', 'l', 'p', 't', '1', '¹', '\t'];
    for (let run = 0; run < 2000; run++) {
      const length = Math.floor(random() * 300);
      let hospital = '';
      for (let i = 0; i < length; i++) hospital += alphabet[Math.floor(random() * alphabet.length)];
      const name = report(hospital);
      expectSafe(name);
      expect(name.endsWith(`${NUMBER}.pdf`), JSON.stringify(hospital)).toBe(true);
    }
  });

  it('date an instant on the calendar of the given time zone', () => {
    // 23:30 in Beijing on 1 December is still 30 November in UTC.
    expect(calendarDate(new Date('2026-12-01T15:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(calendarDate(new Date('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(calendarDate(new Date('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11-30');
  });
});
