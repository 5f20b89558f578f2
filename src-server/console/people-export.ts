/** The console's "导出 Excel" of engineers, devices and console users: the lists as their pages show them. */
import type { OfficeContext } from '../context';
import { chinaDateTime } from './china-time';
import { translator, type Lang } from './i18n';
import { oneSheetWorkbook as workbook, type SheetColumn as Column } from './one-sheet';
import { engineerRows } from './pages/engineers';
import { hospitalNames, hospitalOptions } from './pages/people-form';
import type { DevicesQuery } from './pages/devices';
import { roleName, userHospitals } from './pages/users';
import { exportFilename } from './export-name';

export interface Workbook {
  bytes: Uint8Array;
  filename: string;
  count: number;
}

const when = (iso: string | null | undefined): string => (iso ? chinaDateTime(iso) : '');

export async function engineersWorkbook(ctx: OfficeContext, lang: Lang): Promise<Workbook> {
  const t = translator(lang);
  const hospitals = await hospitalOptions(ctx, lang);
  const rows = (await engineerRows(ctx)).map(({ engineer: e, active, lastSync }) => ({
    id: e.id,
    name: e.name,
    hospitals: hospitalNames(hospitals, e.hospitalIds, t),
    devices: active,
    status: e.deactivatedAt ? t('people.status.deactivated', { at: chinaDateTime(e.deactivatedAt) }) : t('people.status.active'),
    lastSync: when(lastSync),
    created: when(e.createdAt),
  }));
  const columns: Column[] = [
    { header: 'people.col.id', key: 'id', width: 16 },
    { header: 'people.col.name', key: 'name', width: 14 },
    { header: 'people.col.hospitals', key: 'hospitals', width: 40 },
    { header: 'people.col.devices', key: 'devices', width: 8 },
    { header: 'people.col.status', key: 'status', width: 24 },
    { header: 'people.col.lastSync', key: 'lastSync', width: 17 },
    { header: 'people.col.created', key: 'created', width: 17 },
  ];
  return { bytes: await workbook(ctx, lang, 'people.sheet.engineers', columns, rows), filename: 'engineers.xlsx', count: rows.length };
}

export async function devicesWorkbook(ctx: OfficeContext, q: DevicesQuery, lang: Lang): Promise<Workbook> {
  const t = translator(lang);
  const engineers = new Map((await ctx.store.listEngineers()).map((e) => [e.id, e.name]));
  const devices = (await ctx.store.listDevices()).filter((d) => !q.engineer || d.engineerId === q.engineer);
  const rows = devices.map((d) => ({
    id: d.id,
    name: d.name,
    engineerId: d.engineerId,
    engineer: engineers.get(d.engineerId) ?? d.engineerId,
    enrolled: when(d.enrolledAt),
    lastSync: when(d.lastSeenAt),
    status: d.revokedAt ? t('devices.revoked', { at: chinaDateTime(d.revokedAt) }) : t('devices.active'),
  }));
  const columns: Column[] = [
    { header: 'people.col.deviceId', key: 'id', width: 38 },
    { header: 'people.col.deviceName', key: 'name', width: 20 },
    { header: 'people.col.engineerId', key: 'engineerId', width: 16 },
    { header: 'devices.engineer', key: 'engineer', width: 14 },
    { header: 'people.col.enrolled', key: 'enrolled', width: 17 },
    { header: 'people.devices.lastSync', key: 'lastSync', width: 17 },
    { header: 'devices.status', key: 'status', width: 24 },
  ];
  const filename = exportFilename(['devices', q.engineer]);
  return { bytes: await workbook(ctx, lang, 'people.sheet.devices', columns, rows), filename, count: rows.length };
}

export async function usersWorkbook(ctx: OfficeContext, lang: Lang): Promise<Workbook> {
  const t = translator(lang);
  const hospitals = await hospitalOptions(ctx, lang);
  const rows = (await ctx.store.listAdmins()).map((u) => ({
    username: u.username,
    role: roleName(u, t),
    hospitals: userHospitals(u, hospitals, t),
    created: when(u.createdAt),
    status: u.disabledAt ? t('users.status.disabled', { at: chinaDateTime(u.disabledAt) }) : t('users.status.active'),
  }));
  const columns: Column[] = [
    { header: 'users.col.username', key: 'username', width: 16 },
    { header: 'users.col.role', key: 'role', width: 12 },
    { header: 'users.col.hospitals', key: 'hospitals', width: 40 },
    { header: 'users.col.created', key: 'created', width: 17 },
    { header: 'users.col.status', key: 'status', width: 24 },
  ];
  return { bytes: await workbook(ctx, lang, 'people.sheet.users', columns, rows), filename: 'console-users.xlsx', count: rows.length };
}
