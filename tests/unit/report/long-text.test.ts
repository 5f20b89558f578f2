/**
 * Every field at the largest size the input and the store accept (domain/limits.ts) goes through
 * the report model and comes out of the PDF whole, as pdftotext reads it: long notes and records
 * across the table, findings in full, over-long text of older inspections in the appendix, the
 * largest inspection the limits allow. And the smaller things the floor noticed: each system
 * named once, signers in the screen's order.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../../src-shared/domain/limits';
import { ReportInput, type ReportRow } from '../../../src-shared/report/model';
import { renderReport } from '../../../src-main/report/render-report';
import { FONTS_DIR, signaturePng, sixtyItemReport } from './fixture';
import { PAGE } from '../../../src-main/report/pen';
import { pageCount, pdfBodyTextCompact, pdfText, pdfTextCompact } from './poppler';

const options = { fontsDir: FONTS_DIR, timeZone: 'Asia/Shanghai' };
const compact = (s: string): string => s.replace(/\s+/g, '');
/** Text of exactly `n` characters whose every stretch is different, so a lost line shows. */
const numbered = (prefix: string, n: number): string => {
  let out = '';
  for (let i = 1; out.length < n; i++) out += `${prefix}第${i}句：现场检查记录。`;
  return out.slice(0, n);
};

describe('the largest accepted fields', () => {
  it('are accepted by the report model and printed whole', async () => {
    const base = sixtyItemReport();
    const note = numbered('备注', LIMITS.note);
    const record = numbered('记录', LIMITS.textAnswer);
    const remark = numbered('说明', 300);
    const sections = base.sections.map((s, i) => (i === 0 ? { ...s, rows: s.rows.map((r, j) => patch(r, j)) } : s));
    function patch(row: ReportRow, j: number): ReportRow {
      if (j === 0) return { ...row, result: 'fail', finding: true, note, level: '一级' };
      if (j === 1) return { ...row, result: 'value', value: record, finding: false };
      if (j === 2) return { ...row, result: 'pass', finding: false, note: remark };
      return row;
    }
    const findings = sections.flatMap((s) => s.rows.filter((r) => r.finding).map((r) => ({ section: s.title, item: r.item, note: r.note ?? '', ...(r.level ? { level: r.level } : {}) })));
    const name = (c: string): string => c.repeat(LIMITS.personName);
    // A record of issue 12: the contract's verdicts and the longest comment beside them, not the old rating.
    const current = { ...base };
    delete current.rating;
    const input = ReportInput.parse({
      ...current,
      sections,
      findings,
      engineer: name('工'),
      recommendations: numbered('建议', LIMITS.recommendations),
      verdicts: [
        { label: '使用科室评价', value: '合格', bad: false },
        { label: '信息中心评价', value: '不合格', bad: true },
      ],
      verdictComment: numbered('评价', LIMITS.ratingComment),
      signatures: [
        { role: 'engineer', name: name('甲'), signedAt: '2025-03-14T07:06:00.000Z', pngBase64: signaturePng(1) },
        { role: 'department', name: name('乙'), signedAt: '2025-03-14T07:10:00.000Z', pngBase64: signaturePng(2) },
        { role: 'it_office', name: name('丙'), signedAt: '2025-03-14T07:12:00.000Z', pngBase64: signaturePng(3) },
      ],
      overflow: [
        { ref: 'A1', title: 'HIS · 数据库备份 · 备注', text: numbered('附录一', LIMITS.note) },
        { ref: 'A1', title: 'HIS · 数据库备份 · 备注（续）', text: numbered('附录二', 500) },
      ],
    });
    const pdf = await renderReport(input, options);
    const text = await pdfBodyTextCompact(pdf.bytes, PAGE);
    for (const whole of [note, record, remark, input.recommendations!, input.verdictComment!, input.engineer]) {
      expect(text).toContain(compact(whole));
    }
    expect(text).toContain('使用科室评价：合格信息中心评价：不合格');
    // Signers' boxes stand side by side, so their lines interleave in the text: count instead.
    for (const c of ['甲', '乙', '丙']) expect(text.split(c).length - 1, c).toBe(LIMITS.personName);
    expect(text).toContain(`A1·HIS·数据库备份·备注${compact(numbered('附录一', LIMITS.note))}`);
    expect(text).toContain(`A1·HIS·数据库备份·备注（续）${compact(numbered('附录二', 500))}`);
    // The finding's row points to the findings list, where its note is printed in full.
    expect(text).toContain('（见问题清单第1条）');
  }, 120_000);

  it('the largest inspection the limits allow, every item a finding with the longest note, renders and reads back', async () => {
    const base = sixtyItemReport();
    const rows: ReportRow[] = Array.from({ length: LIMITS.steps }, (_, i) => ({
      no: String((i % 20) + 1),
      item: `检查项${i + 1}`,
      result: 'fail',
      finding: true,
      note: numbered(`问题${i + 1}`, LIMITS.note),
      level: '三级',
    }));
    const sections = Array.from({ length: LIMITS.steps / 20 }, (_, s) => ({ kind: 'system' as const, title: `系统${s + 1}`, rows: rows.slice(s * 20, s * 20 + 20) }));
    const input = ReportInput.parse({ ...base, sections, findings: rows.map((r, i) => ({ section: `系统${Math.floor(i / 20) + 1}`, item: r.item, note: r.note!, level: '三级' })), duplicate: false });
    const pdf = await renderReport(input, options);
    const text = await pdfBodyTextCompact(pdf.bytes, PAGE);
    expect(await pageCount(pdf.bytes)).toBe(pdf.pages);
    for (const i of [0, Math.floor(LIMITS.steps / 2), LIMITS.steps - 1]) expect(text).toContain(compact(rows[i]!.note!));
  }, 300_000);
});

describe('what the floor noticed in the report', () => {
  it('names each system once in the scope, and lists units with their tag and place', async () => {
    const base = sixtyItemReport();
    const pdf = await renderReport(base, options);
    const text = await pdfTextCompact(pdf.bytes);
    const scopeStart = text.indexOf('巡检系统与设备');
    const scope = text.slice(scopeStart, text.indexOf('巡检工程师', scopeStart));
    for (const s of base.sections.filter((x) => x.kind === 'system')) expect(scope.split(compact(s.title)).length - 1, s.title).toBe(1);
    const unit = base.sections.find((x) => x.kind === 'unit')!;
    expect(scope).toContain(compact(`${unit.title}·${unit.subtitle!}`));
  });

  it('never leaves the signatures heading at the foot of a page without its boxes', async () => {
    const base = sixtyItemReport();
    // Longer and longer recommendations push the signatures down through a page break.
    for (let lines = 0; lines < 60; lines += 3) {
      const input = ReportInput.parse({ ...base, recommendations: Array.from({ length: lines + 1 }, (_, i) => `第${i + 1}条建议：定期检查。`).join('\n') });
      const pages = (await pdfText((await renderReport(input, options)).bytes)).split('\f');
      const at = pages.findIndex((p) => p.includes('签字确认'));
      expect(pages[at], `${lines} lines of recommendations`).toContain('签字人：');
    }
  }, 120_000);
});

