/**
 * The fields of a hardware unit as a spreadsheet names them (issue 14): the template's header
 * names in zh-CN and English, the other names hospitals' equipment lists use for the same
 * column, and the names a unit's type goes by. Pure data and matching, shared by the import
 * (guessing a sheet's columns, reading a type cell) and the template and export workbooks.
 */
import type { HardwareType } from '../../src-shared/catalog/schema';

export const UNIT_FIELDS = ['assetTag', 'hardwareType', 'model', 'nameZh', 'nameEn', 'campus', 'department', 'room', 'contract', 'template'] as const;
export type UnitField = (typeof UNIT_FIELDS)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** The template's header for each field; the header cell reads "资产编号 Asset tag". */
export const FIELD_HEADERS: Record<UnitField, Bilingual> = {
  assetTag: { zh: '资产编号', en: 'Asset tag' },
  hardwareType: { zh: '设备类型', en: 'Type' },
  model: { zh: '型号', en: 'Model' },
  nameZh: { zh: '名称', en: 'Name' },
  nameEn: { zh: '英文名称', en: 'English name' },
  campus: { zh: '院区', en: 'Campus' },
  department: { zh: '科室', en: 'Department' },
  room: { zh: '房间', en: 'Room' },
  contract: { zh: '合同', en: 'Contract' },
  template: { zh: '检查表', en: 'Checklist' },
};

/** Other headers seen in hospitals' lists, besides the template's own. Matched after normalizing. */
const FIELD_ALIASES: Record<UnitField, string[]> = {
  assetTag: ['资产编号', '资产标签', '资产编码', '资产号', '设备编号', '设备编码', '固定资产编号', '标签号', 'asset tag', 'tag', 'asset no', 'asset number', 'asset id'],
  hardwareType: ['设备类型', '类型', '硬件类型', '设备类别', '类别', 'type', 'hardware type', 'unit type', 'device type', 'category'],
  model: ['型号', '规格型号', '设备型号', '规格', 'model', 'model no'],
  nameZh: ['名称', '设备名称', '中文名称', '名称中文', 'name', 'unit name', 'device name', 'name zh', 'chinese name'],
  nameEn: ['英文名称', '名称英文', 'english name', 'name en', 'name english'],
  campus: ['院区', '院区名称', 'campus', 'site'],
  department: ['科室', '使用科室', '所属科室', '部门', 'department', 'dept'],
  room: ['房间', '位置', '安装位置', '存放位置', '房间号', 'room', 'location', 'room no'],
  contract: ['合同', '合同编号', '合同名称', '所属合同', 'contract', 'contract id', 'contract no'],
  template: ['检查表', '巡检模板', '检查模板', '模板', '巡检表', 'checklist', 'template', 'inspection template'],
};

/** What a type is called in a sheet: the template's zh and en names, and other names in use. */
export const TYPE_LABELS: Record<HardwareType, Bilingual & { aliases: string[] }> = {
  waiting_screen: { zh: '分诊台候诊屏', en: 'Waiting-area screen', aliases: ['候诊屏', 'waiting screen'] },
  room_screen: { zh: '诊室叫号屏', en: 'Room screen', aliases: ['叫号屏', '诊室屏', '门口屏', 'consulting room screen'] },
  kiosk: { zh: '自助终端', en: 'Self-service kiosk', aliases: ['自助机', 'kiosk'] },
  caller_keypad: { zh: '物理叫号器', en: 'Caller keypad', aliases: ['叫号器', '呼叫器', 'keypad'] },
  peripheral: { zh: '其他外设', en: 'Other peripheral', aliases: ['外设', 'peripheral'] },
  ambulance_kit: { zh: '救护车 5G 车载套装', en: 'Ambulance 5G kit', aliases: ['车载套装', 'ambulance kit'] },
};

/**
 * Text compared loosely: full-width letters and digits as half-width (NFKC), lower case, without
 * spaces and the punctuation people put around headers ("*资产编号（必填）" is 资产编号必填).
 */
export function looseKey(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s*:：()（）[\]【】/\\_\-.·、,，'"]/g, '');
}

const aliasKeys: [UnitField, string][] = UNIT_FIELDS.flatMap((f) => [...FIELD_ALIASES[f], FIELD_HEADERS[f].zh, FIELD_HEADERS[f].en].map((a): [UnitField, string] => [f, looseKey(a)]));

/**
 * Which column each field is in, guessed from the headers: a header equal to a known name wins,
 * then the longest known name a header contains; each column and each field is taken once.
 * Columns are indexes into `headers`; a field no header names is left out.
 */
export function guessMapping(headers: string[]): Partial<Record<UnitField, number>> {
  const candidates: { score: number; column: number; field: UnitField }[] = [];
  headers.forEach((header, column) => {
    const key = looseKey(header);
    if (!key) return;
    const best = new Map<UnitField, number>();
    for (const [field, alias] of aliasKeys) {
      const score = key === alias ? 1000 + alias.length : key.includes(alias) ? alias.length : 0;
      if (score > (best.get(field) ?? 0)) best.set(field, score);
    }
    for (const [field, score] of best) candidates.push({ score, column, field });
  });
  candidates.sort((a, b) => b.score - a.score || a.column - b.column);
  const mapping: Partial<Record<UnitField, number>> = {};
  const used = new Set<number>();
  for (const c of candidates) {
    if (mapping[c.field] !== undefined || used.has(c.column)) continue;
    mapping[c.field] = c.column;
    used.add(c.column);
  }
  return mapping;
}

/** How many fields a row of headers names: the header row is the one among the first that names most. */
export function headerScore(headers: string[]): number {
  return Object.keys(guessMapping(headers)).length;
}

const typeKeys = new Map(
  (Object.entries(TYPE_LABELS) as [HardwareType, (typeof TYPE_LABELS)[HardwareType]][]).flatMap(([type, label]) =>
    [type, label.zh, label.en, ...label.aliases].map((name): [string, HardwareType] => [looseKey(name), type]),
  ),
);

/** The type a cell names (the enum value, a zh or en name), or undefined. */
export function typeFromText(text: string): HardwareType | undefined {
  return typeKeys.get(looseKey(text));
}

/**
 * Whether a cell names its type by an alias ("叫号器" for 物理叫号器) rather than by the type's own
 * zh or en label or enum value: the preview asks the administrator to check such a row, since a
 * hospital's word may mean another type.
 */
export function typeByAlias(text: string): boolean {
  const type = typeFromText(text);
  if (!type) return false;
  const key = looseKey(text);
  return ![type, TYPE_LABELS[type].zh, TYPE_LABELS[type].en].some((name) => looseKey(name) === key);
}

/** A column's letters as Excel shows them: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
