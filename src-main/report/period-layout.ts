/**
 * A periodic report (issue 12) laid out from its already-formatted input: title, sections of
 * fields, paragraphs, boxes to tick, tables, charts (vectors: chart/draw-chart.ts) and the places
 * where evaluators sign and units seal, then the appendix of the records behind every figure.
 * The layout knows no report kind: the builder (src-shared/period/report-input.ts) decides what
 * each kind prints, so the five kinds share one tested path.
 */
import type { PeriodBlock, PeriodReportInput } from '../../src-shared/report/period-report';
import { periodIdentityKeywords } from '../../src-shared/report/pdf-identity';
import { drawTitle, heading } from './blocks';
import { drawPeriodChart } from './chart/period-chart';
import { loadReportFonts } from './fonts';
import { formatDateTime, labelsFor, type Translate } from './labels';
import { CONTENT_WIDTH, GREY, HEAD_FILL, INK, PAGE, Pen, RED, RULE } from './pen';
import { drawFurniture } from './furniture';
import type { RenderedPdf } from './render-report';
import { drawHandwriting } from './report-media';
import { drawTable, type Column } from './table';

export interface PeriodRenderOptions {
  fontsDir: string;
  /** The number main gave the report (period-report-service.ts). */
  number: string;
  /** Hex SHA-256 of the input's canonical JSON: printed in the footer and named in the Keywords. */
  hash: string;
  timeZone?: string;
}

export async function renderPeriodReport(input: PeriodReportInput, options: PeriodRenderOptions): Promise<RenderedPdf> {
  const fonts = await loadReportFonts(options.fontsDir);
  const t = labelsFor(input.locale);
  const pen = new Pen(fonts);
  pen.doc.setProperties({
    title: `${input.title} ${options.number}`,
    subject: input.hospital.name,
    creator: 'Xunjian',
    author: input.engineer,
    keywords: periodIdentityKeywords({ contractId: input.contract.id, kind: input.kind, windowStart: input.window.start, reportNumber: options.number, hash: options.hash }),
  });
  const headingText = pen.guard.clean(`${input.title} · ${input.hospital.name}`);
  // Charts are drawn after the text of their page is placed; svg2pdf is asynchronous, the pen is not.
  const charts: PlacedChart[] = [];
  drawTitle(pen, input.title, t('report.pdf.labelValue', { label: t('period.report.number'), value: options.number }));
  pen.paragraph(input.subtitle, { size: 9.5, color: GREY }, PAGE.left, CONTENT_WIDTH);
  for (const section of input.sections) {
    heading(pen, section.heading, 12, 16);
    // A table and its chart share the sentence for "nothing here": a section prints it once.
    const said = new Set<string>();
    for (const block of section.blocks) drawBlock(pen, block, { input, t, timeZone: options.timeZone, charts, sectionHeading: section.heading, tableSize: 8.5, said });
  }
  drawTrace(pen, input, t);
  pen.space(3);
  const replacedCount = pen.guard.replaced().reduce((sum, r) => sum + r.count, 0);
  if (replacedCount > 0) pen.paragraph(t('report.pdf.replacedNote', { count: replacedCount }), { size: 8, color: GREY });
  pen.paragraph(t('period.report.pageNote'), { size: 7.5, color: GREY });
  // The charts go in once the text has placed them: svg2pdf is asynchronous, the page flow is not.
  const last = pen.doc.getNumberOfPages();
  for (const chart of charts) {
    pen.doc.setPage(chart.page);
    await drawPeriodChart(pen, fonts, chart.block, { x: PAGE.left, y: chart.y, width: CONTENT_WIDTH, height: CHART_H }, t('period.chart.labelValue'));
  }
  pen.doc.setPage(last);
  drawFurniture(pen, t, 1, last, { heading: headingText, reportNumber: options.number, numberLabel: t('period.report.number'), hash: options.hash });
  return { bytes: new Uint8Array(pen.doc.output('arraybuffer')), pages: last, replaced: pen.guard.replaced() };
}

const CHART_H = 68;
const LABEL_W = 46;

type PlacedChart = { block: Extract<PeriodBlock, { type: 'chart' }>; page: number; y: number };

/** Where a block is drawn: its section's heading (a table titled the same gets no caption), the appendix's smaller print. */
interface BlockContext {
  input: PeriodReportInput;
  t: Translate;
  timeZone: string | undefined;
  charts: PlacedChart[];
  sectionHeading: string;
  tableSize: number;
  /** The empty-section sentences already printed in this section. */
  said?: Set<string>;
}

/** Prints a "nothing here" sentence unless the section has already said it. */
function sayEmpty(pen: Pen, text: string, said: Set<string> | undefined): void {
  if (said?.has(text)) return;
  said?.add(text);
  pen.paragraph(text, { size: 9.5, color: GREY });
  pen.space(1);
}

function drawBlock(pen: Pen, block: PeriodBlock, { input, t, timeZone, charts, sectionHeading, tableSize, said }: BlockContext): void {
  switch (block.type) {
    case 'fields': {
      const columns: Column[] = [
        { header: '', width: LABEL_W, fill: HEAD_FILL },
        { header: '', width: CONTENT_WIDTH - LABEL_W },
      ];
      // An empty value is a line to write on (服务提供方, 其他): the row is tall enough for a hand.
      const rows = block.rows.map((r) => ({ cells: [[{ text: r.label, style: { style: 'bold' as const } }], r.value] }));
      drawTable(pen, { columns, rows, size: 9.5, header: false, minRowHeight: block.rows.some((r) => r.value === '') ? 9 : 0 });
      pen.space(1.5);
      return;
    }
    case 'paragraph': {
      const style = block.tone === 'warning' ? { size: 9.5, style: 'bold' as const, color: RED } : block.tone === 'note' ? { size: 8, color: GREY } : { size: 9.5, color: INK };
      pen.paragraph(block.text, style);
      pen.space(1);
      return;
    }
    case 'choices': {
      // ▣ for a ticked box: the report font has it beside □, and pdftotext reads both.
      const text = t('report.pdf.labelValue', { label: block.label, value: block.options.map((o) => `${o.checked ? '▣' : '□'}${o.text}`).join('  ') });
      pen.paragraph(text, { size: 10, style: 'bold' });
      if (block.note) pen.paragraph(block.note, { size: 8, color: GREY });
      pen.space(1.5);
      return;
    }
    case 'table': {
      if (block.rows.length === 0) {
        if (block.empty) sayEmpty(pen, block.empty, said);
        else pen.space(1);
        return;
      }
      if (block.title && block.title !== sectionHeading) {
        pen.ensure(Pen.lineHeight(9.5) + 14);
        pen.paragraph(block.title, { size: 9.5, style: 'bold' });
        pen.space(0.5);
      }
      drawTable(pen, { columns: widths(block.columns), rows: block.rows.map((cells) => ({ cells })), size: tableSize, onContinue: () => pen.paragraph(t('report.pdf.continued', { title: block.title }), { style: 'bold', size: 9, color: GREY }) });
      pen.space(2);
      return;
    }
    case 'chart': {
      if (block.categories.length === 0 || block.series.every((s) => s.values.every((v) => !v))) {
        sayEmpty(pen, block.empty || t('period.report.chart.empty'), said);
        return;
      }
      pen.ensure(CHART_H + 2);
      charts.push({ block, page: pen.doc.getNumberOfPages(), y: pen.y });
      pen.y += CHART_H + 2;
      return;
    }
    case 'sign':
      drawSignPlace(pen, block, input, t, timeZone);
      return;
  }
}

function widths(columns: Extract<PeriodBlock, { type: 'table' }>['columns']): Column[] {
  const total = columns.reduce((s, c) => s + c.weight, 0);
  return columns.map((c) => ({ header: c.header, width: (c.weight / total) * CONTENT_WIDTH, align: c.align }));
}

const SIGN_H = 34;
const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** An evaluator's signature (or a line for ink) or a unit's dashed seal place, with its lines to fill in. */
function drawSignPlace(pen: Pen, block: Extract<PeriodBlock, { type: 'sign' }>, input: PeriodReportInput, t: Translate, timeZone: string | undefined): void {
  pen.ensure(SIGN_H + 2);
  const top = pen.y;
  const seal = block.role === 'supervisor' || block.role === 'auditor';
  const w = CONTENT_WIDTH;
  if (seal) pen.doc.setLineDashPattern([1.2, 1], 0);
  pen.strokeRect(PAGE.left, top, w, SIGN_H, seal ? GREY : RULE, seal ? 0.3 : 0.2);
  pen.doc.setLineDashPattern([], 0);
  pen.drawLine(pen.guard.clean(block.label), PAGE.left + 2, top + 1.5, { style: 'bold', size: 9.5 });
  const signature = seal ? undefined : input.signatures.find((s) => s.role === block.role);
  const index = input.signatures.findIndex((s) => s === signature);
  const lineTop = top + SIGN_H - 6 - block.lines.length * 6;
  if (signature) {
    drawHandwriting(pen, signature.pngBase64, PAGE.left + 30, top + 2, 60, 16, index);
    pen.drawLine(pen.guard.clean(t('report.pdf.signer', { name: signature.name })), PAGE.left + 2, lineTop, { size: 9 });
    // Every other time in a periodic report is China time (the contracts' calendar): so is the signers'.
    pen.drawLine(pen.guard.clean(t('report.pdf.signedAt', { time: formatDateTime(signature.signedAt, timeZone ?? CHINA_TIME_ZONE) })), PAGE.left + 2, lineTop + 6, { size: 9 });
  } else if (seal) {
    pen.drawLine(pen.guard.clean(t('period.report.sealHere')), PAGE.left + w - 30, top + 8, { size: 9, color: GREY }, 'center');
  }
  if (!signature) {
    block.lines.forEach((l, i) => {
      const y = lineTop + i * 6;
      const label = pen.guard.clean(l);
      pen.drawLine(label, PAGE.left + 2, y, { size: 9 });
      const x = PAGE.left + 4 + pen.width(label, { size: 9 });
      pen.hLine(x, x + 50, y + 4.2, RULE, 0.2);
    });
  }
  pen.y = top + SIGN_H + 2;
}

function drawTrace(pen: Pen, input: PeriodReportInput, t: Translate): void {
  pen.newPage();
  heading(pen, t('period.report.trace'), 12, 16);
  if (input.trace.length === 0) {
    pen.paragraph(t('period.report.traceEmpty'), { size: 9.5, color: GREY });
    return;
  }
  pen.paragraph(t('period.report.traceHint'), { size: 8, color: GREY });
  for (const table of input.trace) {
    heading(pen, table.title, 10, 12);
    // The appendix runs to thousands of rows in a year: smaller print, still the report's font.
    drawBlock(pen, table, { input, t, timeZone: undefined, charts: [], sectionHeading: table.title, tableSize: 7.5 });
  }
}

