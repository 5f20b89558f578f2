/**
 * The report as a reader gets it: text extracted by poppler, page count, copy marks, characters
 * the font lacks, English, and page 1 rendered and compared with a reviewed baseline image.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../../src-shared/i18n/translate';
import { renderReport, type RenderedPdf } from '../../../src-main/report/render-report';
import { resultText } from '../../../src-main/report/report-layout';
import { labelsFor } from '../../../src-main/report/labels';
import { FONTS_DIR, sixtyItemReport } from './fixture';
import { decodeGreyPng, differingShare, pageCount, pdfTextCompact, renderPagePng } from './poppler';

const options = { fontsDir: FONTS_DIR, timeZone: 'Asia/Shanghai' };
const compact = (s: string): string => s.replace(/\s+/g, '');

describe('a 60-item report in Chinese', () => {
  const input = sixtyItemReport();
  let pdf: RenderedPdf;
  let text: string;

  beforeAll(async () => {
    pdf = await renderReport(input, options);
    text = await pdfTextCompact(pdf.bytes);
  }, 60_000);

  it('has the 60 items', () => {
    expect(input.sections.flatMap((s) => s.rows)).toHaveLength(60);
  });

  it('carries the Chinese labels, the hospital and the people', () => {
    for (const key of ['report.pdf.title', 'report.pdf.hospital', 'report.pdf.contract', 'report.pdf.engineer', 'report.pdf.findings', 'report.pdf.signatures', 'report.pdf.seal'] as const) {
      expect(text).toContain(compact(translate('zh-CN', key)));
    }
    for (const s of [input.hospital.name, input.campus!, input.contract.name, input.contract.number!, input.engineer, '王主任', '陈科长']) {
      expect(text).toContain(compact(s));
    }
    expect(text).toContain('2025-03-1409:30');
    expect(text).toContain('2025-03-1415:05');
  });

  it("prints every item with its result, value, unit, range and note", () => {
    const t = labelsFor('zh-CN');
    for (const row of input.sections.flatMap((s) => s.rows)) {
      const cells = [row.item, resultText(row, t), row.value, row.unit, row.range, row.note].filter((c): c is string => Boolean(c));
      for (const cell of cells) expect(text, `${row.no} ${row.item}`).toContain(compact(cell));
    }
  });

  it('numbers the pages "第 x 页 共 y 页" and repeats number and hash on each', async () => {
    const pages = await pageCount(pdf.bytes);
    expect(pages).toBe(pdf.pages);
    expect(pages).toBeGreaterThan(1);
    for (let p = 1; p <= pages; p++) expect(text).toContain(`第${p}页共${pages}页`);
    expect(text.split(input.hash).length - 1).toBe(pages);
    expect(text.split(`报告编号：${input.reportNumber}`).length - 1).toBeGreaterThanOrEqual(pages);
  });

  it('repeats a table header on a page the table continues to', () => {
    expect(text).toContain(compact(translate('zh-CN', 'report.pdf.continued', { title: input.sections[0]!.title })));
    expect(text.split(compact(translate('zh-CN', 'report.pdf.col.range'))).length - 1).toBeGreaterThan(input.sections.length);
  });

  it('replaces nothing in ordinary Chinese text', () => {
    expect(pdf.replaced).toEqual([]);
  });

  it('looks like the reviewed baseline (page 1, greyscale, 50 dpi)', async () => {
    const baseline = path.join(fileURLToPath(new URL('.', import.meta.url)), 'baseline', 'report-page1.png');
    const png = await renderPagePng(pdf.bytes, 1, 50);
    // To review a layout change: delete the baseline, run this test, look at the new file.
    if (!existsSync(baseline)) await writeFile(baseline, png);
    const share = differingShare(decodeGreyPng(png), decodeGreyPng(await readFile(baseline)));
    expect(share).toBeLessThan(0.004);
  });
});

describe('report options and awkward text', () => {
  it('prints two copies marked 第一联（医院留存） and 第二联（服务商留存）, each numbered on its own', async () => {
    const single = await renderReport(sixtyItemReport(), options);
    const pdf = await renderReport(sixtyItemReport({ duplicate: true }), options);
    const text = await pdfTextCompact(pdf.bytes);
    expect(pdf.pages).toBe(2 * single.pages);
    expect(text.split('第一联（医院留存）').length - 1).toBe(single.pages);
    expect(text.split('第二联（服务商留存）').length - 1).toBe(single.pages);
    expect(text).toContain(`第${single.pages}页共${single.pages}页`);
    expect(text).not.toContain(`共${pdf.pages}页`);
  }, 60_000);

  it('loses no text after a character the font cannot draw, marks it and reports it', async () => {
    const input = sixtyItemReport();
    input.sections[0]!.rows[0]!.note = '显示器型号ꙮX200😀异常，后续文字必须保留。';
    input.engineer = '龚䶮';
    const pdf = await renderReport(input, options);
    const text = await pdfTextCompact(pdf.bytes);
    expect(text).toContain('显示器型号□X200□异常，后续文字必须保留。');
    expect(text).toContain('龚□');
    expect(pdf.replaced.map((r) => r.codePoint).sort()).toEqual(['U+1F600', 'U+4DAE', 'U+A66E']);
    expect(text).toContain(compact(translate('zh-CN', 'report.pdf.replacedNote', { count: pdf.replaced.reduce((n, r) => n + r.count, 0) })));
  }, 60_000);

  it('wraps a very long note across pages without losing a word', async () => {
    const input = sixtyItemReport();
    const note = Array.from({ length: 120 }, (_, i) => `第${i + 1}句：服务器日志中出现连接超时记录。`).join('');
    input.sections[1]!.rows[2]!.note = note;
    const text = await pdfTextCompact((await renderReport(input, options)).bytes);
    // Where the note crosses a page, the footer, header and repeated table header come between.
    const furniture = [
      new RegExp(`报告编号：${input.reportNumber}`, 'g'),
      new RegExp(`内容摘要SHA-256：${input.hash}`, 'g'),
      /第\d+页共\d+页/g,
      new RegExp(compact(`${translate('zh-CN', 'report.pdf.title')} · ${input.hospital.name}`), 'g'),
      new RegExp(compact(translate('zh-CN', 'report.pdf.continued', { title: input.sections[1]!.title })).replace(/[()（）]/g, '.'), 'g'),
      /序号检查项目结果数值\/记录单位正常范围备注/g,
    ];
    const body = furniture.reduce((t, re) => t.replace(re, ''), text);
    for (let i = 1; i <= 120; i++) expect(body).toContain(`第${i}句：服务器日志中出现连接超时记录。`);
  }, 60_000);

  it('is in English when the report locale is English', async () => {
    const input = sixtyItemReport({ locale: 'en' });
    const text = await pdfTextCompact((await renderReport(input, options)).bytes);
    expect(text).toContain(compact(translate('en', 'report.pdf.title')));
    expect(text).toContain('Page1of');
    expect(text).toContain(compact(input.sections[0]!.rows[0]!.item));
    expect(text).not.toContain('巡检报告');
  }, 60_000);
});
