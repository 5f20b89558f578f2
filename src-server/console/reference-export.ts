/**
 * The hospitals and contracts lists as .xlsx (like the dashboard's and the register's exports):
 * hospitals with a sheet of departments and rooms and one of contacts; contracts with a sheet of
 * systems and one of fault levels and their times. A reader's files hold only their hospitals.
 */
import ExcelJS from 'exceljs';
import { Contract, type Duration, type Hospital } from '../../src-shared/catalog/reference';
import { STEPS } from '../admin/contract-form';
import type { OfficeContext } from '../context';
import { translator, type Lang, type MessageKey, type Translate } from './i18n';
import { localized } from './layout';

type Cell = string | number;
type Book = { bytes: Uint8Array; filename: string; count: number };

function sheet(book: ExcelJS.Workbook, t: Translate, name: MessageKey, header: MessageKey[], rows: Cell[][], widths: number[] = []): void {
  const ws = book.addWorksheet(t(name), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(header.map((k) => t(k))).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  ws.columns.forEach((c, i) => (c.width = widths[i] ?? 18));
}

async function readable(ctx: OfficeContext, scope: string[] | undefined): Promise<{ hospitals: Hospital[]; contracts: Contract[] }> {
  const inScope = (id: string | null): boolean => id !== null && (scope === undefined || scope.includes(id));
  const hospitals = (await ctx.store.listReference('hospital')).filter((r) => inScope(r.hospitalId)).map((r) => r.data as Hospital);
  const contracts = (await ctx.store.listReference('contract')).filter((r) => inScope(r.hospitalId)).map((r) => Contract.safeParse(r.data).data ?? (r.data as Contract));
  return { hospitals, contracts };
}

export async function hospitalsWorkbook(ctx: OfficeContext, scope: string[] | undefined, lang: Lang): Promise<Book> {
  const t = translator(lang);
  const l = (text: { zh: string; en: string } | undefined, fallback = ''): string => localized(text, lang, fallback);
  const { hospitals, contracts } = await readable(ctx, scope);
  const units = new Map<string, number>();
  for (const a of await ctx.store.listReference('asset')) if (a.hospitalId) units.set(a.hospitalId, (units.get(a.hospitalId) ?? 0) + 1);
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  sheet(book, t, 'ref.sheet.hospitals', ['ref.x.hospitalId', 'ref.f.nameZh', 'ref.f.nameEn', 'ref.f.cityZh', 'ref.f.cityEn', 'ref.x.campusCount', 'ref.x.departmentCount', 'ref.x.contractCount', 'ref.x.unitCount'],
    hospitals.map((h) => [h.id, h.name.zh, h.name.en, h.city.zh, h.city.en, h.campuses.length, h.campuses.reduce((n, c) => n + c.departments.length, 0), contracts.filter((c) => c.hospitalId === h.id).length, units.get(h.id) ?? 0]), [20, 24, 30]);
  sheet(book, t, 'ref.sheet.departments', ['ref.x.hospitalId', 'ref.f.campus.id', 'ref.x.campusName', 'ref.f.dept.id', 'ref.x.departmentName', 'ref.f.dept.rooms'],
    hospitals.flatMap((h) => h.campuses.flatMap((c) => c.departments.map((d) => [h.id, c.id, l(c.name, c.id), d.id, l(d.name, d.id), d.rooms.join(lang === 'en' ? ', ' : '、')]))), [20, 16, 20, 16, 20, 50]);
  sheet(book, t, 'ref.sheet.contacts', ['ref.x.hospitalId', 'ref.f.contact.role', 'ref.f.contact.campus', 'ref.f.contact.department', 'ref.f.contact.name', 'ref.x.title', 'ref.f.contact.phones', 'ref.x.note'],
    hospitals.flatMap((h) => (h.contacts ?? []).map((c) => [h.id, t(`ref.role.${c.role}`), c.campusId ?? '', c.departmentId ?? '', c.name ?? '', l(c.title), c.phones.join(', '), l(c.note)])), [20, 12, 14, 14, 12, 20, 28, 30]);
  return { bytes: new Uint8Array(await book.xlsx.writeBuffer()), filename: 'hospitals.xlsx', count: hospitals.length };
}

export async function contractsWorkbook(ctx: OfficeContext, scope: string[] | undefined, lang: Lang): Promise<Book> {
  const t = translator(lang);
  const l = (text: { zh: string; en: string }, fallback: string): string => localized(text, lang, fallback);
  const { contracts } = await readable(ctx, scope);
  // "1 hour", "2 hours": English needs the singular; Chinese has one word for both.
  const time = (d: Duration | undefined): string => (d ? `${d.amount} ${t(d.amount === 1 ? `ref.unitOne.${d.unit}` : `ref.unit.${d.unit}`)}` : '');
  const days = (c: Contract): string => (c.serviceHours.days === 'workdays' ? t('ref.days.workdays') : c.serviceHours.days.map((d) => t(`ref.day.${d as 1}`)).join(' '));
  const book = new ExcelJS.Workbook();
  book.created = ctx.now();
  sheet(book, t, 'ref.sheet.contracts', ['ref.x.hospitalId', 'ref.x.contractId', 'ref.x.contract', 'ref.f.periodStart', 'ref.f.periodEnd', 'ref.x.campusIds', 'ref.x.systemCount', 'ref.x.levelCount', 'ref.x.hours', 'ref.f.calendar', 'ref.f.insp.perYear', 'ref.f.sign.copies'],
    contracts.map((c) => [c.hospitalId, c.id, l(c.name, c.id), c.period.start, c.period.end, c.campusIds.join(', '), c.systems.length, c.faultLevels.length, `${days(c)} ${c.serviceHours.start}–${c.serviceHours.end}`, c.calendar, c.inspection.perYear, c.signOff.copies]), [18, 24, 36, 12, 12, 20]);
  sheet(book, t, 'ref.sheet.systems', ['ref.x.contractId', 'ref.f.sys.id', 'ref.x.templateId', 'ref.x.name'],
    contracts.flatMap((c) => c.systems.map((s) => [c.id, s.id, s.templateId, l(s.name, s.id)])), [24, 18, 18, 30]);
  sheet(book, t, 'ref.sheet.levels', ['ref.x.contractId', 'ref.f.lvl.id', 'ref.x.name', 'ref.f.lvl.severity', 'ref.f.lvl.kinds', ...STEPS.map((s): MessageKey => `ref.f.lvl.${s}Amount`)],
    contracts.flatMap((c) => c.faultLevels.map((v) => [c.id, v.id, l(v.name, v.id), t(`ref.sev.${v.severity}`), v.kinds.map((k) => t(`ref.kind.${k}`)).join(', '), ...STEPS.map((s) => time(v[s]))])), [24, 16, 20, 10, 20]);
  return { bytes: new Uint8Array(await book.xlsx.writeBuffer()), filename: 'contracts.xlsx', count: contracts.length };
}
