/**
 * A service record's signed documents (issue 11), laid out from already-formatted text: the
 * written fault report (书面故障说明报告, seed 003) — who/what/which level, the four texts, the whole
 * timeline, the SLA outcome per promise, follow-up calls, signatures — and the 维护单 (seed 004),
 * the same record as a service sheet printed twice (第一联 使用科室 / 第二联 信息中心), signed by the
 * department's and the IT centre's heads and the engineer. Long timelines are tables that break
 * across pages with their header repeated, so all 2,000 events a record may hold print.
 */
import type { ServiceDocumentInput } from '../../src-shared/report/service-document';
import { identityKeywords } from '../../src-shared/report/pdf-identity';
import { drawTitle, heading } from './blocks';
import { loadReportFonts } from './fonts';
import { labelsFor, type Translate } from './labels';
import { CONTENT_WIDTH, GREY, HEAD_FILL, INK, Pen, RED } from './pen';
import { layoutCopies, type RenderedPdf } from './render-report';
import { drawSignatures } from './report-media';
import { drawTable, type Cell, type Column, type TableRow } from './table';

export interface ServiceRenderOptions {
  fontsDir: string;
  /** The number the main process gave the document (service-document-service.ts). */
  number: string;
  /** Time zone for the signature times (the only times the main process formats); the device's when absent. */
  timeZone?: string;
}

export async function renderServiceDocument(input: ServiceDocumentInput, { fontsDir, number, timeZone }: ServiceRenderOptions): Promise<RenderedPdf> {
  const fonts = await loadReportFonts(fontsDir);
  const t = labelsFor(input.locale);
  const pen = new Pen(fonts);
  const sheet = input.document === 'maintenance_sheet';
  const title = t(sheet ? 'report.service.sheetTitle' : 'report.service.faultTitle');
  pen.doc.setProperties({
    title: `${title} ${number}`,
    subject: input.hospital.name,
    creator: 'Xunjian',
    author: input.engineer,
    // The record this document vouches for, in the same form as an inspection report's (pdf-identity.ts).
    keywords: identityKeywords({ reportId: input.recordId, reportNumber: number, hash: input.recordHash }),
  });
  const headingText = pen.guard.clean(`${title} · ${input.hospital.name}`);
  const marks = sheet ? [t('report.service.copyFirst'), t('report.service.copySecond')] : false;
  return layoutCopies(pen, t, marks, (copyIndex) => {
    if (copyIndex > 0) pen.newPage();
    drawTitle(pen, title, t('report.pdf.labelValue', { label: t('report.service.number'), value: number }));
    drawInfo(pen, input, t);
    drawTexts(pen, input, t);
    drawTimeline(pen, input, t);
    drawSla(pen, input, t);
    if (!sheet) drawFollowUps(pen, input, t);
    drawSignatures(pen, ordered(input), t, timeZone, (role) => t(`report.service.role.${role}`));
    pen.space(3);
    pen.paragraph(t('report.service.digitalNote'), { size: 7.5, color: GREY });
    return { heading: headingText, reportNumber: number, numberLabel: t('report.service.number'), hash: input.recordHash };
  });
}

/** Department, IT centre, then the engineer on the 维护单 (the hospital confirms the vendor's work); the engineer first on the fault report. */
function ordered(input: ServiceDocumentInput): ServiceDocumentInput['signatures'] {
  const order = input.document === 'maintenance_sheet' ? ['department', 'it_office', 'engineer'] : ['engineer', 'department', 'it_office'];
  return [...input.signatures].sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
}

const LABEL_W = 34;

function drawInfo(pen: Pen, input: ServiceDocumentInput, t: Translate): void {
  const pairs: [string, string][] = [
    [t('report.pdf.hospital'), input.hospital.name],
    [t('report.pdf.contract'), input.contract.name],
    [t('report.service.subject'), input.subject],
    [t('report.service.titleLabel'), input.title],
    [t('report.service.kindLabel'), input.kind],
    [t('report.service.level'), input.level],
    [t('report.service.reporter'), input.reporter],
    [t('report.service.channelLabel'), input.channel],
    [t('report.service.department'), input.department],
    [t('report.service.origin'), input.origin],
    [t('report.service.engineer'), input.engineer],
    [t('report.service.statusLabel'), input.status],
  ];
  const columns: Column[] = [
    { header: '', width: LABEL_W, fill: HEAD_FILL },
    { header: '', width: CONTENT_WIDTH - LABEL_W },
  ];
  const rows = pairs.filter(([, v]) => v.trim() !== '').map(([k, v]) => ({ cells: [[{ text: k, style: { style: 'bold' as const } }], v] as Cell[] }));
  drawTable(pen, { columns, rows, size: 9.5, header: false });
}

function drawTexts(pen: Pen, input: ServiceDocumentInput, t: Translate): void {
  const sheet = input.document === 'maintenance_sheet';
  const blocks: [string, string][] = [
    [t(sheet ? 'report.service.content' : 'report.service.description'), input.texts.description],
    [t('report.service.cause'), input.texts.cause],
    [t('report.service.workaround'), input.texts.workaround],
    [t('report.service.resolution'), input.texts.resolution],
  ];
  for (const [label, text] of blocks) {
    // The 维护单 leaves out what was never written but for the resolution; the fault report shows every heading.
    if (sheet && !text.trim() && label !== t('report.service.resolution')) continue;
    heading(pen, label, 11, 8);
    if (text.trim()) pen.paragraph(text, { size: 9.5, color: INK });
    else pen.paragraph(t('report.service.notWritten'), { size: 9.5, color: GREY });
  }
}

function drawTimeline(pen: Pen, input: ServiceDocumentInput, t: Translate): void {
  heading(pen, t('report.service.timeline'), 11, 18);
  if (input.timeline.length === 0) {
    pen.paragraph(t('report.service.timelineEmpty'), { size: 9.5 });
    return;
  }
  pen.paragraph(t('report.service.timelineHint'), { size: 8, color: GREY });
  pen.space(1);
  const columns: Column[] = [
    { header: t('report.pdf.col.no'), width: 11, align: 'center' },
    { header: t('report.service.col.step'), width: 30 },
    { header: t('report.service.col.time'), width: 30 },
    { header: t('report.service.col.detail'), width: CONTENT_WIDTH - 101 },
    { header: t('report.service.col.by'), width: 30 },
  ];
  const rows: TableRow[] = input.timeline.map((row, i) => {
    const style = row.superseded ? { color: GREY } : {};
    const cell = (text: string): Cell => [{ text, style }];
    return { cells: [String(i + 1), cell(row.label), cell(row.at), cell(row.detail), cell(row.by)] };
  });
  drawTable(pen, {
    columns,
    rows,
    size: 8.5,
    onContinue: () => pen.paragraph(t('report.pdf.continued', { title: t('report.service.timeline') }), { style: 'bold', size: 9, color: GREY }),
  });
}

function drawSla(pen: Pen, input: ServiceDocumentInput, t: Translate): void {
  heading(pen, t('report.service.sla'), 11, 18);
  if (input.clockNote.trim()) pen.paragraph(input.clockNote, { size: 8.5, color: GREY });
  if (input.sla.length === 0) {
    pen.paragraph(t('report.service.slaNone'), { size: 9.5 });
    return;
  }
  const columns: Column[] = [
    { header: t('report.service.col.promise'), width: 34 },
    { header: t('report.service.col.target'), width: 26 },
    { header: t('report.service.col.due'), width: 30 },
    { header: t('report.service.col.done'), width: 30 },
    { header: t('report.service.col.outcome'), width: CONTENT_WIDTH - 120 },
  ];
  const rows: TableRow[] = input.sla.map((row) => {
    const bad = row.outcome === 'late' || row.outcome === 'overdue';
    return { cells: [row.promise, row.target, row.due, row.doneAt, [{ text: row.outcomeText, style: bad ? { style: 'bold', color: RED } : { style: 'bold' } }]] };
  });
  drawTable(pen, { columns, rows, size: 8.5 });
}

function drawFollowUps(pen: Pen, input: ServiceDocumentInput, t: Translate): void {
  if (input.followUps.length === 0) return;
  heading(pen, t('report.service.followUps'), 11, 18);
  const columns: Column[] = [
    { header: t('report.service.col.time'), width: 30 },
    { header: t('report.service.col.contact'), width: 40 },
    { header: t('report.service.col.rating'), width: 14, align: 'center' },
    { header: t('report.service.col.comment'), width: CONTENT_WIDTH - 114 },
    { header: t('report.service.col.by'), width: 30 },
  ];
  const rows: TableRow[] = input.followUps.map((f) => ({ cells: [f.at, f.contact, f.rating, f.comment, f.by] }));
  drawTable(pen, {
    columns,
    rows,
    size: 8.5,
    onContinue: () => pen.paragraph(t('report.pdf.continued', { title: t('report.service.followUps') }), { style: 'bold', size: 9, color: GREY }),
  });
}
