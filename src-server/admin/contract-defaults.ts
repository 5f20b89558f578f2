/**
 * What a new contract's form starts with, pure: the hospital's campuses, a year from today, workday
 * hours, three common fault levels and a quarterly inspection, in both languages.
 */
import type { Fields } from './form-fields';
import { STEPS } from './contract-form';

/** A new contract's form: the hospital's campuses, workday hours, three common levels, quarterly inspection. */
export function newContractFields(campusIds: string[], calendar: string, today: string): Fields {
  const end = new Date(`${today}T00:00:00Z`);
  end.setUTCFullYear(end.getUTCFullYear() + 1);
  end.setUTCDate(end.getUTCDate() - 1);
  const level = (id: string, zh: string, en: string, descZh: string, descEn: string, severity: string, times: Partial<Record<(typeof STEPS)[number], [number, string]>>): Fields => ({
    id,
    nameZh: zh,
    nameEn: en,
    descZh,
    descEn,
    severity,
    'kind.fault': 'on',
    proposeFrom: 'start',
    onSiteBy: 'arrival',
    ...Object.fromEntries(STEPS.flatMap((s) => [[`${s}Amount`, times[s] ? String(times[s][0]) : ''], [`${s}Unit`, times[s]?.[1] ?? 'hour']])),
  });
  const levels = [
    level('level-1', '一级故障', 'Level 1', '系统瘫痪或核心业务中断。', 'The system is down or core work has stopped.', 'critical', { respond: [30, 'minute'], onSite: [2, 'hour'], resolve: [8, 'hour'] }),
    level('level-2', '二级故障', 'Level 2', '部分功能不可用，业务受影响。', 'Some functions fail and work is affected.', 'major', { respond: [1, 'hour'], onSite: [1, 'working_day'], resolve: [2, 'working_day'] }),
    level('level-3', '三级故障', 'Level 3', '一般问题或使用咨询，不影响业务。', 'A minor problem or a question; work goes on.', 'minor', { respond: [4, 'working_hour'], resolve: [5, 'working_day'] }),
  ];
  const f: Fields = {
    id: '',
    nameZh: '',
    nameEn: '',
    seed: '',
    periodStart: today,
    periodEnd: end.toISOString().slice(0, 10),
    calendar,
    clockStart: 'reported',
    'hours.days': 'workdays',
    'hours.start': '08:00',
    'hours.end': '17:30',
    'hours.descZh': '工作日 8:00–17:30 提供服务。',
    'hours.descEn': 'Service on workdays, 8:00–17:30.',
    'insp.perYear': '4',
    'insp.descZh': '每季度巡检一次。',
    'insp.descEn': 'One inspection a quarter.',
    'insp.every': '',
    'insp.quote': '',
    'sign.role.engineer': 'on',
    'sign.role.department': 'on',
    'sign.copies': '2',
    'sign.descZh': '巡检单一式两份，由工程师和使用科室签字确认。',
    'sign.descEn': 'Inspection sheets in duplicate, signed by the engineer and the department.',
  };
  campusIds.forEach((id) => (f[`campus.${id}`] = 'on'));
  levels.forEach((l, i) => Object.entries(l).forEach(([k, v]) => (f[`lvl.${i}.${k}`] = v)));
  return f;
}
