/**
 * The contract year the period tests read (tests/e2e/period.test.ts), worked out by hand from the
 * seeds' rules so each figure the screens and reports show has a known right answer:
 * - 004 (wuhan-central / whch-drg-2026, half-yearly, quarters for 附件1): Q3 (09-01…11-30) has two
 *   signed sheets (department pass+fail, IT pass+pass) and three faults each spot-checked pass by
 *   both: department 4/5 = 80 % (合格, the boundary), IT 5/5 = 100 % (优秀), so the quarter is 合格;
 *   one fault answered after 90 min and solved after 210 min (2 × −1 %), one 严重 notice failure (3 %).
 *   Q4 (today's quarter) has one fault spot-checked 100 % but assessed an adverse event: 不合格.
 * - 002 (zhanjiang-central / zjcph-5g-emergency-2026, monthly, system + 2 ambulance kits): signed in
 *   every month but April and August; September covers one kit only; December has a draft.
 *   Plan: 17 done, 5 late, 1 in progress, 1 due. Follow-ups: 优 1, 良 1, 差 1, one owed.
 * - 001 (gd-provincial / gdph-einvoice-2024, quarterly, ended 2025-06-30): quarters 1, 2 and 4
 *   signed, quarter 3 missing: 3 done, 1 late.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Contract } from '../../../src-shared/catalog/reference';
import type { SeedInspection, SeedService } from './period-seed';

/** "Today" for the tests: 2 December 2026, 10:00 in China. */
export const TODAY = '2026-12-02T10:00:00+08:00';

export function contractOf(file: string): Contract {
  const json = JSON.parse(readFileSync(path.resolve('assets/catalog/hospitals', file), 'utf8')) as { contracts: unknown[] };
  return Contract.parse(json.contracts[0]);
}

export const WH = contractOf('wuhan-central.json');
export const ZJ = contractOf('zhanjiang-central.json');
export const GD = contractOf('gd-provincial.json');

const sys = (contract: Contract, templateId: string): { kind: 'system'; systemId: string; templateId: string; templateVersion: number } => ({
  kind: 'system',
  systemId: `${contract.id}/${contract.systems[0]!.id}`,
  templateId,
  templateVersion: 1,
});
const kits = (ids: string[]) => ({ kind: 'hardware' as const, templateId: 'ambulance-kit', templateVersion: 1, assetIds: ids });
const both = (department: 'pass' | 'fail', it: 'pass' | 'fail') => [
  { role: 'department' as const, scale: 'pass_fail' as const, value: department },
  { role: 'it_office' as const, scale: 'pass_fail' as const, value: it },
];
const sysSubject = (contract: Contract) => `system:${contract.id}/${contract.systems[0]!.id}`;

export function wuhanYear(): { inspections: SeedInspection[]; services: SeedService[] } {
  const h = { hospitalId: 'wuhan-central', contractId: WH.id };
  const t = [sys(WH, 'drg')];
  const inspections: SeedInspection[] = [
    { ...h, id: 'wh-h1', completed: '2026-04-20 10:00', targets: t, mode: 'on_site', verdicts: both('pass', 'pass'), findings: [{ subject: sysSubject(WH), templateId: 'drg', itemId: 'env-logs', faultLevelId: 'minor' }] },
    { ...h, id: 'wh-q3a', completed: '2026-10-15 15:00', targets: t, mode: 'remote', verdicts: both('pass', 'pass') },
    { ...h, id: 'wh-q3b', completed: '2026-11-05 11:00', targets: t, mode: 'on_site', verdicts: both('fail', 'pass'), findings: [{ subject: sysSubject(WH), templateId: 'drg', itemId: 'db-backup', faultLevelId: 'fatal' }] },
  ];
  const subject = { kind: 'system' as const, systemId: 'wh-drg' };
  const checks = [
    { evaluator: 'department' as const, result: 'pass' as const },
    { evaluator: 'it_office' as const, result: 'pass' as const },
  ];
  const services: SeedService[] = [
    { id: 'wh-f1', contract: WH, subject, kind: 'fault', levelId: 'fatal', title: 'DRG分组服务中断', reported: '2026-09-10 08:50', writtenAfter: 10, respondedAfter: 90, resolvedAfter: 210, spotChecks: checks, assess: { adverseEvent: false, noticeFailure: false, reason: '已核实' } },
    { id: 'wh-f2', contract: WH, subject, kind: 'fault', levelId: 'serious', title: '升级前未通知导致病案首页上传失败', reported: '2026-10-08 13:55', writtenAfter: 5, respondedAfter: 20, resolvedAfter: 50, spotChecks: checks, assess: { adverseEvent: false, noticeFailure: true, reason: '升级未提前通知信息中心' } },
    { id: 'wh-f3', contract: WH, subject, kind: 'fault', levelId: 'minor', title: '报表导出格式错误', reported: '2026-11-12 08:55', writtenAfter: 5, respondedAfter: 30, resolvedAfter: 55, spotChecks: checks },
    { id: 'wh-f4', contract: WH, subject, kind: 'fault', levelId: 'fatal', title: '结算清单数据被误删', reported: '2026-12-01 09:55', writtenAfter: 5, respondedAfter: 20, resolvedAfter: 50, spotChecks: checks, assess: { adverseEvent: true, noticeFailure: false, reason: '维护操作误删数据，造成不良事件' } },
  ];
  return { inspections, services };
}

export function zhanjiangYear(): { inspections: SeedInspection[]; services: SeedService[] } {
  const h = { hospitalId: 'zhanjiang-central', contractId: ZJ.id };
  const inspections: SeedInspection[] = [];
  for (let month = 1; month <= 11; month++) {
    if (month === 4 || month === 8) continue;
    const mm = String(month).padStart(2, '0');
    const units = month === 9 ? ['zj-amb-kit-1'] : ['zj-amb-kit-1', 'zj-amb-kit-2'];
    inspections.push({
      ...h,
      id: `zj-m${mm}`,
      completed: `2026-${mm}-15 16:00`,
      targets: [sys(ZJ, 'emergency-5g-platform'), kits(units)],
      mode: 'on_site',
      verdicts: [{ role: 'it_office', scale: 'satisfaction', value: month % 3 === 0 ? 'good' : 'excellent' }],
      findings:
        month === 11
          ? [
              { subject: sysSubject(ZJ), templateId: 'emergency-5g-platform', itemId: 'env-logs', faultLevelId: 'general' },
              { subject: 'asset:zj-amb-kit-2', templateId: 'ambulance-kit', itemId: 'kit-power', faultLevelId: 'general' },
            ]
          : month === 6
            ? [{ subject: sysSubject(ZJ), templateId: 'emergency-5g-platform', itemId: 'db-backup', faultLevelId: 'catastrophic' }]
            : [],
    });
  }
  inspections.push({ ...h, id: 'zj-m12-draft', completed: '2026-12-01 10:00', targets: [sys(ZJ, 'emergency-5g-platform')], mode: 'on_site', draft: true });
  const subject = { kind: 'system' as const, systemId: 'zj-5g-emergency' };
  const services: SeedService[] = [
    { id: 'zj-f1', contract: ZJ, subject, kind: 'fault', levelId: 'general', title: '车载视频回传卡顿', reported: '2026-03-03 09:00', respondedAfter: 30, resolvedAfter: 300, followUp: 'excellent' },
    { id: 'zj-f2', contract: ZJ, subject, kind: 'fault', levelId: 'catastrophic', title: '急救平台无法登录', reported: '2026-06-10 10:00', respondedAfter: 90, resolvedAfter: 240, followUp: 'good' },
    { id: 'zj-c1', contract: ZJ, subject, kind: 'change', levelId: 'change-request', title: '新增出车统计字段', reported: '2026-07-01 10:00', respondedAfter: 60, resolvedAfter: 2000, followUp: 'poor' },
    { id: 'zj-f3', contract: ZJ, subject: { kind: 'asset', assetId: 'zj-amb-kit-2' }, kind: 'fault', levelId: 'general', title: '2号车5G路由器掉线', reported: '2026-11-20 09:00', respondedAfter: 40, resolvedAfter: 1500 },
  ];
  return { inspections, services };
}

export function gdYear(): { inspections: SeedInspection[]; services: SeedService[] } {
  const h = { hospitalId: 'gd-provincial', contractId: GD.id };
  const t = [sys(GD, 'e-invoice')];
  return {
    inspections: [
      { ...h, id: 'gd-q1', completed: '2024-08-20 10:00', targets: t, mode: 'on_site' },
      { ...h, id: 'gd-q2', completed: '2024-11-18 10:00', targets: t, mode: 'remote' },
      { ...h, id: 'gd-q4', completed: '2025-05-12 10:00', targets: t, mode: 'on_site', findings: [{ subject: sysSubject(GD), templateId: 'e-invoice', itemId: 'db-instance', faultLevelId: 'fault' }] },
    ],
    services: [{ id: 'gd-f1', contract: GD, subject: { kind: 'system', systemId: 'gdph-e-invoice' }, kind: 'fault', levelId: 'fault', title: '电子票据开具失败', reported: '2025-05-06 10:00', respondedAfter: 20, resolvedAfter: 600 }],
  };
}
