/**
 * The blank 维护单 for wet ink (seed 004: "一式两份…请使用科室和信息中心负责人签字确认"): whatever is
 * known about the record printed (hospital, contract, subject, its reference, so the scan can be
 * matched to it), boxes to tick for the service type and level, lines for the times and people,
 * ruled boxes for the content and the work done, and the three signers' boxes beside the seal —
 * printed twice, 第一联 使用科室留存 / 第二联 信息中心留存.
 */
import type { ServiceKind } from '../../src-shared/catalog/reference';
import type { ServiceBlankInput } from '../../src-shared/report/service-document';
import { signatureBoxes, writeLine } from './blank-closing';
import { drawTitle, heading } from './blocks';
import { loadReportFonts } from './fonts';
import { labelsFor, type Translate } from './labels';
import { CONTENT_WIDTH, GREY, PAGE, Pen, RULE } from './pen';
import { layoutCopies, type RenderedPdf } from './render-report';

const WRITE_LINE_H = 7.5;
/**
 * The kinds to tick, in the order of ServiceKind. Listed here rather than read from the zod enum:
 * this file runs in the report thread, which need not load the catalog's schemas.
 */
const KINDS = ['fault', 'consultation', 'maintenance', 'change', 'data_repair', 'routine', 'training'] as const satisfies readonly ServiceKind[];
/** As many writing lines as leave the three signers' boxes on the same page as the rest. */
const CONTENT_LINES = 4;
const HANDLING_LINES = 5;

export async function renderServiceBlank(input: ServiceBlankInput, { fontsDir }: { fontsDir: string }): Promise<RenderedPdf> {
  const fonts = await loadReportFonts(fontsDir);
  const t = labelsFor(input.locale);
  const pen = new Pen(fonts);
  const title = t('report.service.sheetTitle');
  pen.doc.setProperties({ title, creator: 'Xunjian' });
  const headingText = pen.guard.clean(input.hospital ? `${title} · ${input.hospital}` : title);
  return layoutCopies(pen, t, [t('report.service.copyFirst'), t('report.service.copySecond')], (copyIndex) => {
    if (copyIndex > 0) pen.newPage();
    layoutBlank(pen, input, t);
    return { heading: headingText };
  });
}

function layoutBlank(pen: Pen, input: ServiceBlankInput, t: Translate): void {
  drawTitle(pen, t('report.service.sheetTitle'), t('report.service.blankSubtitle'));
  if (input.recordId) pen.paragraph(t('report.service.blank.record', { id: input.recordId }), { size: 9, color: GREY });
  pen.space(1);
  // Known fields are printed; unknown ones are lines to write on.
  const field = (label: string, value: string | undefined): void => {
    pen.ensure(WRITE_LINE_H);
    if (value) {
      pen.paragraph(t('report.pdf.labelValue', { label, value }), { size: 9.5 });
      pen.space(1.5);
    } else {
      writeLine(pen, t('report.pdf.labelValue', { label, value: '' }), PAGE.left, PAGE.right, pen.y + WRITE_LINE_H - 1.5);
      pen.y += WRITE_LINE_H;
    }
  };
  field(t('report.pdf.hospital'), input.hospital);
  field(t('report.pdf.contract'), input.contract);
  field(t('report.service.subject'), input.subject);
  field(t('report.service.titleLabel'), input.title);
  pairOfLines(pen, t('report.service.blank.department'), t('report.service.blank.reporter'));
  ticks(pen, t('report.service.blank.kinds'), KINDS.map((k) => t(`report.service.kind.${k}`)));
  if (input.levels.length) ticks(pen, t('report.service.blank.levels'), input.levels);
  else pairOfLines(pen, t('report.service.blank.levels'), t('report.service.blank.times'));
  if (input.levels.length) pairOfLines(pen, t('report.service.blank.times'), t('report.service.blank.arrived'));
  else pairOfLines(pen, t('report.service.blank.arrived'), '');
  pairOfLines(pen, t('report.service.blank.resolved'), '');
  ruledBox(pen, t('report.service.content'), CONTENT_LINES);
  ruledBox(pen, t('report.service.blank.handling'), HANDLING_LINES);
  signatureBoxes(pen, ['department', 'it_office', 'engineer'], t, (role) => t(`report.service.role.${role}`));
  pen.paragraph(t('report.service.blank.hint'), { size: 8, color: GREY });
}

/** Two labelled writing lines side by side (the second may be empty: one line across). */
function pairOfLines(pen: Pen, left: string, right: string): void {
  pen.ensure(WRITE_LINE_H);
  const ruleY = pen.y + WRITE_LINE_H - 1.5;
  const mid = PAGE.left + CONTENT_WIDTH / 2;
  if (right) {
    writeLine(pen, left, PAGE.left, mid - 4, ruleY);
    writeLine(pen, right, mid + 2, PAGE.right, ruleY);
  } else writeLine(pen, left, PAGE.left, PAGE.right, ruleY);
  pen.y += WRITE_LINE_H;
}

/** "服务类别：□故障 □咨询 …", wrapped as one paragraph. */
function ticks(pen: Pen, label: string, options: string[]): void {
  pen.space(1);
  pen.paragraph(`${label}${options.map((o) => `□${o}`).join('  ')}`, { size: 9.5 });
  pen.space(1);
}

function ruledBox(pen: Pen, label: string, lines: number): void {
  heading(pen, label, 10.5, lines * WRITE_LINE_H + 4);
  const height = lines * WRITE_LINE_H + 2;
  pen.ensure(height);
  const top = pen.y;
  pen.strokeRect(PAGE.left, top, CONTENT_WIDTH, height, RULE, 0.2);
  for (let i = 1; i <= lines; i++) pen.hLine(PAGE.left + 3, PAGE.right - 3, top + i * WRITE_LINE_H, RULE, 0.15);
  pen.y = top + height;
}
