/**
 * The end of a blank sheet, what a paper record needs when nobody can sign on a screen: ruled
 * rows for the problems found, a box for handling and advice, the verdicts the contract asks for
 * (one line of tick boxes per evaluator, or none), and a box per signer with signature, printed
 * name and date lines beside the hospital's seal.
 */
import type { SignRole } from '../../src-shared/catalog/reference';
import type { BlankSheetInput } from '../../src-shared/report/model';
import { heading } from './blocks';
import type { Translate } from './labels';
import { CONTENT_WIDTH, GREY, INK, PAGE, Pen, RULE, type TextStyle } from './pen';
import { drawSeal } from './report-media';
import { drawTable, type Column } from './table';

const FINDING_ROWS = 5;
const FINDING_ROW_H = 8.5;
const ADVICE_LINES = 3;
const WRITE_LINE_H = 7.5;
/** A hospital's official seal is a 40–42 mm circle: the seal box, and the row, must take it. */
const SIGN_BOX_H = 46;
const SIGN_GAP = 3;
const LABEL: TextStyle = { size: 8.5, color: INK };

export function drawBlankClosing(pen: Pen, input: Pick<BlankSheetInput, 'roles' | 'verdicts' | 'roleNames'>, t: Translate): void {
  findingsTable(pen, t);
  adviceBox(pen, t);
  verdictLines(pen, input.verdicts, t);
  signatureBoxes(pen, input.roles, t, (role) => input.roleNames?.[role] ?? t(`report.pdf.role.${role}`));
}

function findingsTable(pen: Pen, t: Translate): void {
  heading(pen, t('report.pdf.findings'));
  pen.paragraph(t('report.pdf.blank.findingsHint'), { size: 8, color: GREY });
  pen.space(1);
  const columns: Column[] = [
    { header: t('report.pdf.col.no'), width: 10, align: 'center' },
    { header: t('report.pdf.blank.col.subject'), width: 38 },
    { header: t('report.pdf.blank.col.problem'), width: 64 },
    { header: t('report.pdf.col.level'), width: 16, align: 'center' },
    { header: t('report.pdf.blank.col.handling'), width: CONTENT_WIDTH - 128 },
  ];
  // The rows stay together with their header: a lone header at a page's foot helps nobody.
  pen.ensure(8 + FINDING_ROWS * FINDING_ROW_H);
  const rows = Array.from({ length: FINDING_ROWS }, (_, i) => ({ cells: [String(i + 1), '', '', '', ''] }));
  drawTable(pen, { columns, rows, size: 8.5, minRowHeight: FINDING_ROW_H });
}

function adviceBox(pen: Pen, t: Translate): void {
  heading(pen, t('report.pdf.recommendations'));
  const height = ADVICE_LINES * WRITE_LINE_H + 2;
  pen.ensure(height);
  const top = pen.y;
  pen.strokeRect(PAGE.left, top, CONTENT_WIDTH, height, RULE, 0.2);
  for (let i = 1; i <= ADVICE_LINES; i++) pen.hLine(PAGE.left + 3, PAGE.right - 3, top + i * WRITE_LINE_H, RULE, 0.15);
  pen.y = top + height;
}

/**
 * 服务评价, then per evaluator its words and a box per value (使用科室评价：□合格 □不合格), then a line
 * for the comment. Nothing at all where the contract asks for no verdict.
 */
function verdictLines(pen: Pen, verdicts: BlankSheetInput['verdicts'], t: Translate): void {
  if (verdicts.length === 0) return;
  heading(pen, t('report.pdf.rating'), 12, (verdicts.length + 1) * WRITE_LINE_H + 2);
  const bold: TextStyle = { style: 'bold', size: 10 };
  for (const v of verdicts) {
    pen.ensure(WRITE_LINE_H);
    const label = pen.guard.clean(t('report.pdf.labelValue', { label: v.label, value: '' }));
    pen.drawLine(label, PAGE.left, pen.y, bold);
    pen.drawLine(pen.guard.clean(v.values.map((value) => `□${value}`).join('    ')), PAGE.left + pen.width(label, bold) + 2, pen.y, { size: 10 });
    pen.y += WRITE_LINE_H;
  }
  pen.ensure(WRITE_LINE_H + 1);
  writeLine(pen, t('report.pdf.blank.ratingComment'), PAGE.left, PAGE.right, pen.y + WRITE_LINE_H - 1.5);
  pen.y += WRITE_LINE_H + 1;
}

/** A label with a rule to write on from its end to `right`, its text standing on the rule at `ruleY`. */
export function writeLine(pen: Pen, text: string, x: number, right: number, ruleY: number): void {
  const label = pen.guard.clean(text);
  pen.drawLine(label, x, ruleY - 3.6, LABEL);
  pen.hLine(x + pen.width(label, LABEL) + 1, right, ruleY, INK, 0.2);
}

/** A box per signer: signature (room above its line), printed name, date; then the seal box. */
export function signatureBoxes(pen: Pen, roles: SignRole[], t: Translate, roleLabel: (role: SignRole) => string = (role) => t(`report.pdf.role.${role}`)): void {
  // The heading never stays behind at the foot of a page without its boxes.
  heading(pen, t('report.pdf.signatures'), 12, SIGN_BOX_H + 3);
  const slots = roles.length + 1;
  const w = (CONTENT_WIDTH - SIGN_GAP * (slots - 1)) / slots;
  pen.ensure(SIGN_BOX_H + 2);
  const top = pen.y;
  roles.forEach((role, k) => {
    const x = PAGE.left + k * (w + SIGN_GAP);
    pen.strokeRect(x, top, w, SIGN_BOX_H, RULE, 0.2);
    pen.drawLine(pen.guard.clean(roleLabel(role)), x + 2, top + 1.5, { style: 'bold', size: 9 });
    writeLine(pen, t('report.pdf.signLine'), x + 2, x + w - 2, top + 20);
    writeLine(pen, t('report.pdf.blank.printedName'), x + 2, x + w - 2, top + 31);
    writeLine(pen, t('report.pdf.dateLine'), x + 2, x + w - 2, top + 42);
  });
  drawSeal(pen, PAGE.left + roles.length * (w + SIGN_GAP), w, t, SIGN_BOX_H);
  pen.y = top + SIGN_BOX_H + SIGN_GAP;
}
