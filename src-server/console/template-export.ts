/** The checklists as .xlsx: every template with its latest version and counts, and the items of one version. */
import ExcelJS from 'exceljs';
import type { Template } from '../../src-shared/catalog/schema';
import type { OfficeContext } from '../context';
import { translator, type Lang } from './i18n';
import { localized } from './layout';
import { templateSummaries } from './pages/template-list';
import { itemDetail, kindName, requireName, severityName, templateKind } from './pages/template-parts';
import type { ConsoleSession } from './session';

type Book = { bytes: Uint8Array; filename: string; count: number };

function sheetOf(book: ExcelJS.Workbook, name: string, columns: { header: string; key: string; width: number }[]): ExcelJS.Worksheet {
  const sheet = book.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns;
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

export async function templatesWorkbook(ctx: OfficeContext, session: ConsoleSession, lang: Lang): Promise<Book> {
  const t = translator(lang);
  const summaries = await templateSummaries(ctx, session);
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  const sheet = sheetOf(book, t('templates.title'), [
    { header: t('tpl.field.id'), key: 'id', width: 24 },
    { header: t('tpl.col.template'), key: 'name', width: 28 },
    { header: t('tpl.col.type'), key: 'type', width: 20 },
    { header: t('tpl.col.latest'), key: 'latest', width: 10 },
    { header: t('tpl.col.versions'), key: 'versions', width: 10 },
    { header: t('tpl.col.sections'), key: 'sections', width: 10 },
    { header: t('tpl.col.items'), key: 'items', width: 10 },
    { header: t('tpl.col.contracts'), key: 'contracts', width: 40 },
    { header: t('tpl.col.draft'), key: 'draft', width: 24 },
  ]);
  for (const s of summaries) {
    sheet.addRow({
      id: s.id,
      name: localized(s.name, lang, s.id),
      type: templateKind(t, s.kind),
      latest: s.latest?.version ?? '',
      versions: s.versions.length,
      sections: s.latest?.sections.length ?? '',
      items: s.latest ? s.items : '',
      contracts: s.contracts.map((c) => localized(c.name, lang, c.id)).join('；'),
      draft: s.draft ? `${s.draft.updatedBy.replace(/^admin:/, '')} ${s.draft.updatedAt.slice(0, 10)}` : '',
    });
  }
  return { bytes: new Uint8Array(await book.xlsx.writeBuffer()), filename: 'templates.xlsx', count: summaries.length };
}

export async function templateVersionWorkbook(ctx: OfficeContext, tpl: Template, lang: Lang): Promise<Book> {
  const t = translator(lang);
  const pc = { t, lang };
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  const sheet = sheetOf(book, `${tpl.id}@${tpl.version}`.slice(0, 31), [
    { header: t('tpl.col.section'), key: 'section', width: 18 },
    { header: '#', key: 'n', width: 5 },
    { header: t('tpl.field.id'), key: 'id', width: 22 },
    { header: t('tpl.field.label.zh'), key: 'labelZh', width: 26 },
    { header: t('tpl.field.label.en'), key: 'labelEn', width: 30 },
    { header: t('tpl.field.kind'), key: 'kind', width: 8 },
    { header: t('tpl.col.detail'), key: 'detail', width: 30 },
    { header: t('tpl.field.guidance.zh'), key: 'guidanceZh', width: 40 },
    { header: t('tpl.field.guidance.en'), key: 'guidanceEn', width: 40 },
    { header: t('tpl.field.severity'), key: 'severity', width: 10 },
    { header: t('tpl.field.require'), key: 'require', width: 16 },
    { header: t('tpl.field.perAsset'), key: 'perAsset', width: 10 },
  ]);
  let n = 0;
  for (const section of tpl.sections) {
    for (const item of section.items) {
      sheet.addRow({
        section: localized(section.title, lang, section.id),
        n: ++n,
        id: item.id,
        labelZh: item.label.zh,
        labelEn: item.label.en,
        kind: kindName(t, item.kind),
        detail: itemDetail(pc, item),
        guidanceZh: item.guidance.zh,
        guidanceEn: item.guidance.en,
        severity: severityName(t, item.onFail.severity),
        require: requireName(t, item.onFail.require),
        perAsset: item.perAsset ? t('tpl.yes') : t('tpl.no'),
      });
    }
  }
  sheet.getColumn('guidanceZh').alignment = { wrapText: true, vertical: 'top' };
  sheet.getColumn('guidanceEn').alignment = { wrapText: true, vertical: 'top' };
  return { bytes: new Uint8Array(await book.xlsx.writeBuffer()), filename: `${tpl.id}_v${tpl.version}.xlsx`, count: n };
}
