/**
 * A hospital's year of records for the periodic-report benchmark: seed 002's contract (monthly
 * inspections, follow-up calls) with 500 completed inspections and 1,000 service records, each
 * with its response, resolution and (for most) a follow-up call, spread over the contract year.
 * Deterministic, built with the period tests' own record builders.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import type { PeriodFinding, PeriodInspection } from '../../src-shared/period/types';
import type { ServiceRecord } from '../../src-shared/service/record';
import { inspection, serviceRecord } from '../../tests/unit/period-fixtures';

const pad = (n: number): string => String(n).padStart(2, '0');
/** "2026-mm-dd hh:mm" on the Chinese wall clock, `minutes` after the year's start. */
function wall(minutes: number): string {
  const d = new Date(Date.UTC(2026, 0, 1, 0, 0) + minutes * 60_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const YEAR_MINUTES = 364 * 24 * 60;

export function yearOfRecords(contract: Contract, inspections = 500, services = 1000): { inspections: PeriodInspection[]; services: ServiceRecord[] } {
  const systems = contract.systems.map((s) => s.id);
  const levels = contract.faultLevels.filter((l) => l.kinds.includes('fault')).map((l) => l.id);
  const done: PeriodInspection[] = [];
  for (let i = 0; i < inspections; i++) {
    // Working hours: 09:00 plus up to 8 hours, on an even spread of days.
    const at = Math.floor((YEAR_MINUTES * i) / inspections / 1440) * 1440 + 9 * 60 + ((i * 37) % 480);
    const systemId = systems[i % systems.length]!;
    const findings: PeriodFinding[] =
      i % 3 === 0 ? [{ subject: `system:${contract.id}/${systemId}`, systemId, templateId: 'tpl', itemId: `item-${i % 17}`, label: { zh: '检查项', en: 'Item' }, faultLevelId: levels[i % levels.length]!, serviceQuality: false }] : [];
    done.push(inspection(`insp-${i}`, contract, { completed: wall(at), state: 'signed', signedAt: new Date(Date.UTC(2026, 0, 1) + (at - 8 * 60) * 60_000).toISOString(), reportNumber: `XJ-2026-${String(i + 1).padStart(4, '0')}`, systems: [systemId], findings }));
  }
  const records: ServiceRecord[] = [];
  for (let i = 0; i < services; i++) {
    const at = Math.floor((YEAR_MINUTES * i) / services) + 8 * 60;
    const respond = 5 + ((i * 13) % 70);
    const resolve = respond + 60 + ((i * 47) % 600);
    records.push(
      serviceRecord(`rec-${i}`, contract, {
        levelId: levels[i % levels.length]!,
        reported: wall(at),
        responded: wall(at + respond),
        resolved: wall(at + resolve),
        closed: wall(at + resolve + 30),
        followUps: i % 10 === 9 ? [] : [{ at: wall(at + resolve + 24 * 60), rating: i % 11 === 0 ? 'poor' : i % 3 === 0 ? 'good' : 'excellent' }],
        systemId: systems[i % systems.length]!,
        title: `故障记录 ${i + 1}`,
      }),
    );
  }
  return { inspections: done, services: records };
}
