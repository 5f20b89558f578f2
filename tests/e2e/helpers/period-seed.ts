/**
 * A contract year written into the app's IndexedDB as the store leaves it (extends history.ts):
 * inspections with their mode, findings and verdicts, and service records (faults with their
 * steps, levels, follow-up calls, 附件1 spot checks and assessments) as rows the repository would
 * have written (rowOf keeps the index fields in step). Walking a year through the UI would take
 * the test hours; the screens under test then read them exactly as they read their own writes.
 */
import type { Page } from 'playwright-core';
import type { InspectionMode } from '../../../src-shared/catalog/period-schema';
import type { Contract, ServiceKind } from '../../../src-shared/catalog/reference';
import type { SignOffVerdictValue } from '../../../src-shared/period/types';
import type { ServiceEvent, ServiceRecord } from '../../../src-shared/service/record';
import { DB_NAME } from '../../../src-renderer/db/database';
import { rowOf } from '../../../src-renderer/db/repositories/service-writes';
import type { AnswerRow, InspectionRow, ServiceRecordRow } from '../../../src-renderer/db/rows';
import { subjectsOf } from '../../../src-renderer/db/subjects';
import type { Target } from '../../../src-shared/domain/steps';
import { checkAnswer, signedInspection } from './history';

/** An instant in China time: `cst('2026-09-10 09:00')`. */
export const cst = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
const plusMinutes = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

export interface SeedInspection {
  id: string;
  hospitalId: string;
  contractId: string;
  /** China time of completion (and signing, an hour later unless a draft). */
  completed: string;
  targets: Target[];
  mode?: InspectionMode;
  verdicts?: SignOffVerdictValue[];
  draft?: boolean;
  findings?: { subject: string; templateId: string; itemId: string; faultLevelId: string }[];
}

/** A signed (or draft) inspection row and its finding answers. */
export function inspectionOf(s: SeedInspection): { row: InspectionRow; answers: AnswerRow[] } {
  const completedAt = cst(s.completed);
  const startedAt = new Date(Date.parse(completedAt) - 3_600_000);
  const base = signedInspection(s.id, s.hospitalId, s.contractId, startedAt, s.targets, 10);
  const answers = (s.findings ?? []).map((f) =>
    checkAnswer(s.id, f.subject, f.templateId, f.itemId, completedAt, { note: '巡检发现的问题', severity: 'minor', faultLevelId: f.faultLevelId }),
  );
  if (s.draft) {
    const draft: InspectionRow = { ...base };
    delete draft.signoff;
    delete draft.completedAt;
    return { row: { ...draft, status: 'draft', updatedAt: startedAt.toISOString(), answeredCount: 0, ...(s.mode ? { mode: s.mode } : {}) }, answers: [] };
  }
  const row: InspectionRow = {
    ...base,
    completedAt,
    updatedAt: plusMinutes(completedAt, 60),
    ...(s.mode ? { mode: s.mode } : {}),
    signoff: { ...base.signoff!, signedAt: plusMinutes(completedAt, 60), reportNumber: `XJ-${s.id}`, verdicts: s.verdicts ?? [] },
  };
  return { row, answers };
}

export interface SeedService {
  id: string;
  contract: Contract;
  subject: ServiceRecord['subject'];
  kind: ServiceKind;
  levelId: string;
  title: string;
  /** China time the hospital reported it. */
  reported: string;
  /** Minutes after the report: the written report (004's clock start), the response, the resolution. */
  writtenAfter?: number;
  respondedAfter?: number;
  resolvedAfter?: number;
  followUp?: 'excellent' | 'good' | 'poor';
  spotChecks?: { evaluator: 'department' | 'it_office'; result: 'pass' | 'fail' }[];
  assess?: { adverseEvent: boolean; noticeFailure: boolean; reason: string };
}

export function serviceOf(s: SeedService): ServiceRecordRow {
  const reportedAt = cst(s.reported);
  let n = 0;
  const base = (at: string) => ({ id: `seed-${++n}`, seq: n, recordedAt: at, by: '赵工' });
  const step = (step: Extract<ServiceEvent, { type: 'step' }>['step'], at: string): ServiceEvent => ({ ...base(at), type: 'step', step, at });
  const events: ServiceEvent[] = [step('reported', reportedAt), { ...base(reportedAt), type: 'classify', kind: s.kind, levelId: s.levelId }, { ...base(reportedAt), type: 'text', field: 'title', value: s.title }];
  if (s.writtenAfter !== undefined) events.push(step('written_report', plusMinutes(reportedAt, s.writtenAfter)));
  const start = plusMinutes(reportedAt, s.writtenAfter ?? 0);
  if (s.respondedAfter !== undefined) events.push(step('responded', plusMinutes(start, s.respondedAfter)));
  if (s.resolvedAfter !== undefined) events.push(step('resolved', plusMinutes(start, s.resolvedAfter)));
  const after = plusMinutes(start, (s.resolvedAfter ?? 0) + 60);
  if (s.followUp) events.push({ ...base(after), type: 'follow_up', at: after, contact: '陈主任', rating: s.followUp, comment: '' });
  for (const c of s.spotChecks ?? []) events.push({ ...base(after), type: 'spot_check', evaluator: c.evaluator, result: c.result, note: '' });
  if (s.assess) events.push({ ...base(after), type: 'assess', ...s.assess });
  const record: ServiceRecord = {
    id: s.id,
    hospitalId: s.contract.hospitalId,
    contractId: s.contract.id,
    subject: s.subject,
    channel: 'phone',
    reporter: { name: '刘护士长' },
    createdAt: reportedAt,
    createdBy: 'seed',
    photos: [],
    events,
  };
  return rowOf(record, s.contract, { officeVersion: 0, nextEventNo: n + 1 }, after);
}

/** Writes the rows beside what the app stored (and any extra contract rows), then reloads. */
export async function seedPeriod(page: Page, data: { inspections: SeedInspection[]; services: SeedService[]; contracts?: Contract[] }): Promise<void> {
  const built = data.inspections.map(inspectionOf);
  const inspections = built.map(({ row, answers }) => ({ ...row, findingCount: answers.length, subjects: subjectsOf(row.targets) }));
  const answers = built.flatMap((b) => b.answers);
  const services = data.services.map(serviceOf);
  await page.evaluate(
    async ({ name, inspections, answers, services, contracts }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['inspections', 'answers', 'serviceRecords', 'contracts'], 'readwrite');
        for (const row of inspections) tx.objectStore('inspections').put(row);
        for (const row of answers) tx.objectStore('answers').put(row);
        for (const row of services) tx.objectStore('serviceRecords').put(row);
        for (const row of contracts) tx.objectStore('contracts').put(row);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DB_NAME, inspections, answers, services, contracts: data.contracts ?? [] },
  );
  await page.reload();
}
