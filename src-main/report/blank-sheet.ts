/**
 * A blank inspection sheet for wet-ink sign-off when no screen signature can be taken: each
 * template's items with empty result, value and note columns tall enough to write in, items that
 * repeat per hardware unit printed once per unit, and signature lines with the seal box.
 */
import { localized, type Locale } from '../../src-shared/i18n/translate';
import type { Item } from '../../src-shared/catalog/schema';
import type { SignRole } from '../../src-shared/catalog/reference';
import type { BlankSheetInput, BlankSheetUnit } from '../../src-shared/report/model';
import { drawTitle, heading } from './blocks';
import { loadReportFonts } from './fonts';
import { labelsFor, type Translate } from './labels';
import { CONTENT_WIDTH, GREY, INK, PAGE, Pen, RULE } from './pen';
import { layoutCopies, type RenderedPdf } from './render-report';
import { drawSeal } from './report-media';
import { drawTable, type Column, type TableRow } from './table';

export async function renderBlankSheet(input: BlankSheetInput, { fontsDir }: { fontsDir: string }): Promise<RenderedPdf> {
  const fonts = await loadReportFonts(fontsDir);
  const t = labelsFor(input.locale);
  const pen = new Pen(fonts);
  const title = t('report.pdf.blankTitle');
  pen.doc.setProperties({ title, creator: 'Xunjian' });
  const headingText = pen.guard.clean(input.hospital ? `${title} · ${input.hospital}` : title);
  return layoutCopies(pen, t, input.duplicate, (copyIndex) => {
    if (copyIndex > 0) pen.newPage();
    layoutSheet(pen, input, t);
    return { heading: headingText };
  });
}

function layoutSheet(pen: Pen, input: BlankSheetInput, t: Translate): void {
  drawTitle(pen, t('report.pdf.blankTitle'), t('report.pdf.blankSubtitle'));
  const blank = '____________';
  pen.paragraph(t('report.pdf.blankHeader', { hospital: input.hospital ?? blank, contract: input.contract ?? blank }), { size: 9.5 });
  pen.paragraph(t('report.pdf.blankFields'), { size: 9.5 });
  for (const template of input.templates) {
    heading(pen, localized(input.locale, template.name));
    const items = template.sections.flatMap((s) => s.items);
    const once = items.filter((i) => !i.perAsset);
    const repeated = items.filter((i) => i.perAsset);
    if (once.length) itemTable(pen, once, input.locale, t);
    if (repeated.length) {
      const units: (BlankSheetUnit | undefined)[] = input.units.filter((u) => u.templateId === template.id);
      for (const unit of units.length ? units : [undefined]) {
        pen.space(2);
        pen.ensure(30);
        const line = unit
          ? t('report.pdf.unitLine', { name: unit.name, tag: unit.assetTag, location: unit.location ?? '' })
          : t('report.pdf.unitBlank');
        pen.paragraph(line, { style: 'bold', size: 9.5 });
        pen.space(1);
        itemTable(pen, repeated, input.locale, t);
      }
    }
  }
  blankSignatures(pen, input.roles, t);
}

function rangeOf(item: Item): string {
  if (item.kind !== 'number') return '';
  const { min, max } = item.normal;
  const span = min !== undefined && max !== undefined ? `${min} – ${max}` : max !== undefined ? `≤ ${max}` : min !== undefined ? `≥ ${min}` : '';
  return span ? `${span} ${item.unit}` : item.unit;
}

function resultOf(item: Item, locale: Locale, t: Translate): string {
  switch (item.kind) {
    case 'choice':
      return item.options.map((o) => `□${localized(locale, o.label)}`).join('\n');
    case 'text':
    case 'photo':
      return '';
    default:
      return t('report.pdf.blankResult');
  }
}

function itemTable(pen: Pen, items: Item[], locale: Locale, t: Translate): void {
  const columns: Column[] = [
    { header: t('report.pdf.col.no'), width: 9, align: 'center' },
    { header: t('report.pdf.col.item'), width: 68 },
    { header: t('report.pdf.col.range'), width: 20, align: 'center' },
    { header: t('report.pdf.col.result'), width: 22 },
    { header: t('report.pdf.col.value'), width: 22 },
    { header: t('report.pdf.col.note'), width: CONTENT_WIDTH - 141 },
  ];
  const rows: TableRow[] = items.map((item, i) => ({
    cells: [
      String(i + 1),
      [{ text: localized(locale, item.label) }, { text: localized(locale, item.guidance), style: { size: 6.5, color: GREY } }],
      rangeOf(item),
      resultOf(item, locale, t),
      '',
      '',
    ],
  }));
  drawTable(pen, { columns, rows, size: 8.5, minRowHeight: 11 });
}

const BOX_H = 32;

/** A box per signer with signature and date lines, and the seal box. */
function blankSignatures(pen: Pen, roles: SignRole[], t: Translate): void {
  heading(pen, t('report.pdf.signatures'));
  const slots = roles.length + 1;
  const gap = 3;
  const w = (CONTENT_WIDTH - gap * (slots - 1)) / slots;
  pen.ensure(BOX_H + 2);
  const top = pen.y;
  roles.forEach((role, k) => {
    const x = PAGE.left + k * (w + gap);
    pen.strokeRect(x, top, w, BOX_H, RULE, 0.2);
    pen.drawLine(pen.guard.clean(t(`report.pdf.role.${role}`)), x + 2, top + 1.5, { style: 'bold', size: 9 });
    pen.drawLine(pen.guard.clean(t('report.pdf.signLine')), x + 2, top + 13, { size: 8.5, color: INK });
    pen.hLine(x + 14, x + w - 2, top + 17.5, INK, 0.2);
    pen.drawLine(pen.guard.clean(t('report.pdf.dateLine')), x + 2, top + 23, { size: 8.5, color: INK });
    pen.hLine(x + 14, x + w - 2, top + 27.5, INK, 0.2);
  });
  drawSeal(pen, PAGE.left + roles.length * (w + gap), w, t, BOX_H);
  pen.y = top + BOX_H + gap;
}
