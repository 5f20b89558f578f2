/**
 * report.blankSheet: every item of the templates, per-unit items once per unit, and what a wet-ink
 * record needs: findings rows, a handling and advice box, the contract's verdicts to tick, and per signer a
 * signature, printed-name and date line beside the seal.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Template } from '../../../src-shared/catalog/schema';
import { translate, type MessageKey } from '../../../src-shared/i18n/translate';
import { BlankSheetInput, type BlankSheetRequest } from '../../../src-shared/report/model';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { ROOT } from './fixture';
import { pdfText, pdfTextCompact } from './poppler';

const template = (id: string): Template => Template.parse(JSON.parse(readFileSync(path.join(ROOT, 'assets/catalog/templates', `${id}.json`), 'utf8')));
const compact = (s: string): string => s.replace(/\s+/g, '');
// A blank sheet writes nothing: the data folder is never touched.
const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir: path.join(os.tmpdir(), 'xunjian-blank-unused') });

async function sheetText(request: BlankSheetRequest): Promise<string> {
  const { pdfBase64, replaced } = await api.handlers['report.blankSheet'](BlankSheetInput.parse(request));
  expect(replaced).toEqual([]);
  return pdfTextCompact(Buffer.from(pdfBase64, 'base64'));
}

describe('report.blankSheet', () => {
  const software = template('queue-software');
  const screen = template('queue-room-screen');
  const units = [
    { templateId: screen.id, name: '诊室叫号屏', assetTag: 'MZ-SCR-001', location: '门诊部 / 内科 1 诊室' },
    { templateId: screen.id, name: '诊室叫号屏', assetTag: 'MZ-SCR-002', location: '门诊部 / 内科 2 诊室' },
  ];

  it('lists every item, repeats per-unit items for each unit, and leaves places to sign and seal', async () => {
    const text = await sheetText({ locale: 'zh-CN', templates: [software, screen], units, hospital: '武汉市中心医院' });
    for (const item of [...software.sections, ...screen.sections].flatMap((s) => s.items)) expect(text).toContain(compact(item.label.zh));
    const perUnit = screen.sections.flatMap((s) => s.items).filter((i) => i.perAsset);
    expect(perUnit.length).toBeGreaterThan(0);
    for (const unit of units) expect(text).toContain(unit.assetTag);
    expect(text.split(compact(perUnit[0]!.label.zh)).length - 1).toBe(units.length);
    for (const key of ['report.pdf.blankTitle', 'report.pdf.role.engineer', 'report.pdf.role.department', 'report.pdf.role.it_office', 'report.pdf.seal', 'report.pdf.signLine'] as const) {
      expect(text).toContain(compact(translate('zh-CN', key)));
    }
    expect(text).toContain('武汉市中心医院');
  }, 60_000);

  it('prints a blank unit line when no unit is given, and both 联 marks for duplicates', async () => {
    const text = await sheetText({ locale: 'zh-CN', templates: [screen], duplicate: true, roles: ['department'] });
    // pdftotext may split the line where the underscores are: look for each part.
    for (const part of translate('zh-CN', 'report.pdf.unitBlank').split('\u3000')) expect(text).toContain(compact(part));
    expect(text).toContain('第一联（医院留存）');
    expect(text).toContain('第二联（服务商留存）');
    expect(text).not.toContain(compact(translate('zh-CN', 'report.pdf.role.it_office')));
  }, 60_000);

  const occurrences = (text: string, label: string): number => text.split(compact(label)).length - 1;

  /** Seed 004's tick lines: the department and the IT centre each judge the sheet (合格 / 不合格). */
  const passFail004 = [
    { label: '使用科室评价', values: ['合格', '不合格'] },
    { label: '信息中心评价', values: ['合格', '不合格'] },
  ];

  it('has ruled findings rows, an advice box, each evaluator’s verdict boxes and a printed-name line in every signer’s box', async () => {
    const text = await sheetText({ locale: 'zh-CN', templates: [screen], hospital: '武汉市中心医院', verdicts: passFail004 });
    // The findings table's header, in order, then its five numbered empty rows.
    expect(text).toContain('发现的问题');
    expect(text).toContain('序号系统或设备问题描述等级处理情况12345');
    expect(text).toContain('处理情况与建议');
    expect(text).toContain('服务评价使用科室评价：□合格□不合格信息中心评价：□合格□不合格评价意见：');
    expect(text).not.toContain('□优');
    // The default three signers side by side: each box has its signature, printed-name and date line.
    expect(text).toContain(`服务工程师使用科室信息科${'签字：'.repeat(3)}${'姓名（正楷）：'.repeat(3)}${'日期：'.repeat(3)}`);
    expect(occurrences(text, '姓名（正楷）')).toBe(3);
    expect(text).toContain('盖章处');
  }, 60_000);

  it('prints one printed-name line per signer of the contract, in each copy', async () => {
    const text = await sheetText({
      locale: 'zh-CN',
      templates: [screen],
      roles: ['engineer', 'it_office'],
      duplicate: true,
      verdicts: [{ label: '用户满意度（信息科）', values: ['优', '良', '差'] }],
    });
    expect(occurrences(text, '姓名（正楷）')).toBe(4);
    expect(occurrences(text, '用户满意度（信息科）：□优□良□差')).toBe(2);
  }, 60_000);

  it('prints no rating block where the contract asks for no verdict (000, 001, 003)', async () => {
    const text = await sheetText({ locale: 'zh-CN', templates: [screen], roles: ['engineer', 'department'] });
    expect(text).not.toContain('服务评价');
    expect(text).not.toContain('评价意见');
    expect(text).not.toContain('□优');
    expect(text).not.toContain('□合格');
    expect(text).toContain('处理情况与建议');
  }, 60_000);

  it('is in English for an English UI', async () => {
    const text = await sheetText({ locale: 'en', templates: [screen], verdicts: [{ label: 'User satisfaction (IT office)', values: ['excellent', 'good', 'poor'] }] });
    expect(text).toContain(compact(translate('en', 'report.pdf.blankTitle')));
    expect(text).toContain(compact(screen.sections[0]!.items[0]!.label.en));
    const keys: MessageKey[] = [
      'report.pdf.findings',
      'report.pdf.blank.col.subject',
      'report.pdf.blank.col.problem',
      'report.pdf.blank.col.handling',
      'report.pdf.recommendations',
      'report.pdf.rating',
      'report.pdf.blank.ratingComment',
    ];
    for (const key of keys) expect(text, key).toContain(compact(translate('en', key)));
    expect(text).toContain('Usersatisfaction(IToffice):□excellent□good□poor');
    expect(occurrences(text, translate('en', 'report.pdf.blank.printedName'))).toBe(3);
  }, 60_000);

  it('never leaves the signatures heading at the foot of a page without its boxes', async () => {
    const room = template('queue-room-screen');
    // More and more units push the closing through page breaks.
    for (let n = 1; n <= 12; n++) {
      const many = Array.from({ length: n }, (_, i) => ({ templateId: room.id, name: '诊室叫号屏', assetTag: `MZ-SCR-${100 + i}`, location: '门诊部' }));
      const { pdfBase64 } = await api.handlers['report.blankSheet'](BlankSheetInput.parse({ locale: 'en', templates: [room], units: many }));
      const pages = (await pdfText(Buffer.from(pdfBase64, 'base64'))).split('\f');
      const at = pages.findIndex((p) => p.includes(translate('en', 'report.pdf.signatures')));
      expect(pages[at], `${n} units`).toContain(translate('en', 'report.pdf.blank.printedName').trim());
    }
  }, 120_000);
});

