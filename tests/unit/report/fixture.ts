/**
 * A realistic report for tests and the benchmark: the first items of three real catalog templates
 * (two systems and a queue-calling screen), readings in and out of range, findings with notes,
 * three signatures. Deterministic: the same input every run.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template, type Item } from '../../../src-shared/catalog/schema';
import { ReportInput, type ReportRow, type ReportSection } from '../../../src-shared/report/model';
import { encodeRawPng } from '../../helpers/png';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const FONTS_DIR = path.join(ROOT, 'assets/fonts');

function template(id: string): Template {
  return Template.parse(JSON.parse(readFileSync(path.join(ROOT, 'assets/catalog/templates', `${id}.json`), 'utf8')));
}

function rangeText(item: Extract<Item, { kind: 'number' }>): string {
  const { min, max } = item.normal;
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  return max !== undefined ? `≤ ${max}` : `≥ ${min}`;
}

function rowsOf(t: Template, count: number, locale: 'zh-CN' | 'en', failEvery: number): ReportRow[] {
  const items = t.sections.flatMap((s) => s.items).slice(0, count);
  return items.map((item, i) => {
    const label = locale === 'en' ? item.label.en : item.label.zh;
    const fail = i % failEvery === failEvery - 1;
    const base = { no: String(i + 1), item: label, finding: fail };
    if (item.kind === 'number') {
      const { min = 0, max = min + 100 } = item.normal;
      const value = fail ? max + Math.max(1, (max - min) * 0.2) : min + (max - min) * 0.55;
      return { ...base, result: 'value' as const, value: value.toFixed(item.decimals), unit: item.unit, range: rangeText(item), ...(fail ? { note: '超出正常范围，已通知信息科。', level: '三级' } : {}) };
    }
    if (item.kind === 'text') return { ...base, result: 'value' as const, value: '运行正常，无用户投诉。', finding: false };
    if (fail) return { ...base, result: 'fail' as const, note: `${label}异常：现场检查发现问题，已记录并约定下次巡检复查。`, level: '二级' };
    return { ...base, result: i % 11 === 10 ? ('na' as const) : ('pass' as const) };
  });
}

/** A signature as the pad makes it: a dark scribble on a transparent 1050×240 RGBA canvas (700×160 CSS px at 1.5×). */
export function signaturePng(seed: number): string {
  const w = 1050;
  const h = 240;
  const raw = Buffer.alloc((w * 4 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 4 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      if (x < 200 || x > 800) continue;
      const curve = 120 + 45 * Math.sin((x + seed * 17) / 35) * Math.cos(x / 61);
      if (Math.abs(y - curve) < 3.5) raw.writeUInt32BE(0x101828ff, y * (w * 4 + 1) + 1 + x * 4);
    }
  }
  return encodeRawPng(w, h, 6, raw).toString('base64');
}

export interface FixtureOptions {
  locale?: 'zh-CN' | 'en';
  photos?: ReportInput['photos'];
  duplicate?: boolean;
  reportNumber?: string;
}

/** 60 items: HIS (19), LIS (17), PACS (11) and a consultation-room screen (13). */
export function sixtyItemReport({ locale = 'zh-CN', photos = [], duplicate = false, reportNumber = 'XJ-2025-0001' }: FixtureOptions = {}): ReportInput {
  const pick = (t: Template, n: number, failEvery: number, subtitle?: string): ReportSection => ({
    kind: subtitle ? 'unit' : 'system',
    title: locale === 'en' ? t.name.en : t.name.zh,
    ...(subtitle ? { subtitle } : {}),
    rows: rowsOf(t, n, locale, failEvery),
  });
  const sections = [
    pick(template('his'), 19, 9),
    pick(template('lis'), 17, 12),
    pick(template('pacs'), 11, 5),
    pick(template('queue-room-screen'), 13, 7, '诊室叫号屏 · MZ-SCR-003 · 门诊部 / 内科 3 诊室'),
  ];
  const findings = sections.flatMap((s) => s.rows.filter((r) => r.finding).map((r) => ({ section: s.title, item: r.item, note: r.note ?? '', ...(r.level ? { level: r.level } : {}) })));
  return ReportInput.parse({
    locale,
    reportId: '7d1c3c0e-2b1f-4d6a-9a53-0c4b8e2f9a11',
    reportNumber,
    hash: 'a3f1c9e07b25d4e8f6a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607',
    hospital: { id: 'yunan-peoples', name: '郁南县人民医院' },
    campus: '主院区',
    departments: ['信息科', '门诊部'],
    contract: { id: 'yunan-2025', name: '郁南县人民医院信息系统售后维保服务', number: 'YN-2025-017' },
    engineer: '李工程师',
    startedAt: '2025-03-14T01:30:00.000Z',
    completedAt: '2025-03-14T07:05:00.000Z',
    sections,
    findings,
    recommendations: '1. 建议信息科在下个月内完成数据库备份恢复演练，并保留记录。\n2. 门诊 3 诊室叫号屏亮度偏低，建议更换背光模组。',
    photos,
    signatures: [
      { role: 'engineer', name: '李工程师', signedAt: '2025-03-14T07:06:00.000Z', pngBase64: signaturePng(1) },
      { role: 'department', name: '王主任', signedAt: '2025-03-14T07:10:00.000Z', pngBase64: signaturePng(2) },
      { role: 'it_office', name: '陈科长', signedAt: '2025-03-14T07:12:00.000Z', pngBase64: signaturePng(3) },
    ],
    rating: { value: 'good', comment: '响应及时，处理认真。' },
    duplicate,
  });
}
