/**
 * A blank inspection sheet for wet-ink sign-off when no screen signature can be taken: each
 * template's items with empty result, value and note columns tall enough to write in, items that
 * repeat per hardware unit printed once per unit; then what the paper record needs to stand
 * on its own (blank-closing.ts): findings, advice, the rating and the signers' boxes with the seal.
 */
import { localized, type Locale } from '../../src-shared/i18n/translate';
import type { Item } from '../../src-shared/catalog/schema';
import type { BlankSheetInput, BlankSheetUnit } from '../../src-shared/report/model';
import { drawTitle, heading } from './blocks';
import { loadReportFonts } from './fonts';
import { labelsFor, type Translate } from './labels';
import { drawBlankClosing } from './blank-closing';
import { CONTENT_WIDTH, GREY, Pen } from './pen';
import { layoutCopies, type RenderedPdf } from './render-report';
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
  drawBlankClosing(pen, input, t);
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
