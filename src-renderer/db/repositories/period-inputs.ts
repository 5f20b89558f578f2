/**
 * What the period computations (src-shared/period/) read of one contract, taken from the device's
 * rows: its inspections (drafts, completed, signed) with their findings and verdicts, and its
 * service records, for a span of China dates. Reads only; every read goes through an index.
 *
 * A hospital can hold years of inspections, so nothing here walks the hospital's whole history:
 * inspections are read by `[hospitalId+updatedAt]` from the span's first day (one counts by its
 * completion day, and `updatedAt` moves on completion and signing, never earlier), plus the hospital's
 * drafts by `[hospitalId+status]` (few, and a draft is "in progress" whenever it started); a
 * finding's answers only for the inspections whose row counts findings (one id range each); service
 * records by `[hospitalId+reportedAt]` with the same margin (004 starts its clock at the written
 * report, which follows the report). The computations then place each one in its window.
 */
import Dexie from 'dexie';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { Template } from '../../../src-shared/catalog/schema';
import { isFinding } from '../../../src-shared/domain/answer';
import { templateKey } from '../../../src-shared/domain/steps';
import type { PeriodFinding, PeriodInspection } from '../../../src-shared/period/types';
import type { ServiceRecord } from '../../../src-shared/service/record';
import { chinaDayStart, DAY_MS } from '../../../src-shared/sla/china-time';
import type { XunjianDb } from '../database';
import { answerIdRange, type AnswerRow, type InspectionRow } from '../rows';

/** How long before a span its service records may have been reported and still count in it (004: the written report follows). */
export const LOOKBACK_DAYS = 62;

export interface DaySpan {
  /** China dates, `end` inclusive. */
  start: string;
  end: string;
}

export interface PeriodInputs {
  inspections: PeriodInspection[];
  services: ServiceRecord[];
}

const dayNumber = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The instants bounding a span's reads: from LOOKBACK_DAYS before its first day to the end of its last. */
export function readBounds(span: DaySpan): { from: string; before: string } {
  return {
    from: new Date(chinaDayStart(dayNumber(span.start) - LOOKBACK_DAYS)).toISOString(),
    before: new Date(chinaDayStart(dayNumber(span.end) + 1)).toISOString(),
  };
}

/** `system:<contract>/<system>` → the contract's own system id. */
const systemIdOf = (subject: string): string | undefined => (subject.startsWith('system:') ? subject.slice(subject.indexOf('/') + 1) : undefined);
const assetIdOf = (subject: string): string | undefined => (subject.startsWith('asset:') ? subject.slice('asset:'.length) : undefined);

function findingOf(answer: AnswerRow, row: InspectionRow, templates: Map<string, Template>): PeriodFinding {
  const target = row.targets.find((t) => t.templateId === answer.templateId);
  const template = target ? templates.get(templateKey(target.templateId, target.templateVersion)) : undefined;
  const item = template?.sections.flatMap((s) => s.items).find((i) => i.id === answer.itemId);
  const systemId = systemIdOf(answer.subject);
  const assetId = assetIdOf(answer.subject);
  return {
    subject: answer.subject,
    ...(systemId !== undefined ? { systemId } : {}),
    ...(assetId !== undefined ? { assetId } : {}),
    templateId: answer.templateId,
    itemId: answer.itemId,
    label: item?.label ?? { zh: answer.itemId, en: answer.itemId },
    ...(answer.faultLevelId !== undefined && answer.serviceQuality !== true ? { faultLevelId: answer.faultLevelId } : {}),
    serviceQuality: answer.serviceQuality === true,
  };
}

/** One inspection row as the computations read it; signed rows carry their number, time and verdicts. */
export function periodInspectionOfRow(row: InspectionRow, findings: PeriodFinding[]): PeriodInspection {
  const systems = row.targets.flatMap((t) => (t.kind === 'system' ? [t.systemId.slice(t.systemId.indexOf('/') + 1)] : []));
  const assets = row.targets.flatMap((t) => (t.kind === 'hardware' ? t.assetIds : []));
  return {
    id: row.id,
    hospitalId: row.hospitalId,
    contractId: row.contractId,
    engineer: row.engineer,
    state: row.status,
    startedAt: row.createdAt,
    ...(row.completedAt !== undefined && row.status !== 'draft' ? { completedAt: row.completedAt } : {}),
    ...(row.signoff ? { signedAt: row.signoff.signedAt, reportNumber: row.signoff.reportNumber } : {}),
    ...(row.mode !== undefined ? { mode: row.mode } : {}),
    systems,
    assets,
    findings,
    verdicts: row.signoff?.verdicts ?? [],
  };
}

export function periodInputsRepository(db: XunjianDb) {
  async function inspectionRows(contract: Contract, span: DaySpan): Promise<InspectionRow[]> {
    const { before } = readBounds(span);
    // `updatedAt` moves when an inspection is completed and when it is signed, never before its
    // completion: every row completed in the span was updated at or after the span's first instant,
    // however long ago it was started (a draft left open for months still counts where it ended).
    const spanStart = new Date(chinaDayStart(dayNumber(span.start))).toISOString();
    const [finished, drafts] = await Promise.all([
      db.inspections.where('[hospitalId+updatedAt]').between([contract.hospitalId, spanStart], [contract.hospitalId, Dexie.maxKey], true, true).toArray(),
      db.inspections.where('[hospitalId+status]').equals([contract.hospitalId, 'draft']).toArray(),
    ]);
    const byId = new Map<string, InspectionRow>();
    const completedInSpan = (row: InspectionRow): boolean => {
      const at = row.completedAt ?? row.updatedAt;
      return row.status === 'draft' || (spanStart <= at && at < before);
    };
    for (const row of [...finished, ...drafts]) if (row.contractId === contract.id && completedInSpan(row)) byId.set(row.id, row);
    return [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  return {
    /**
     * The contract's inspections and service records that can count in the span (a window, or the
     * whole contract period for a plan), as PeriodInspection[] and ServiceRecord[].
     */
    async read(contract: Contract, span: DaySpan): Promise<PeriodInputs> {
      return db.transaction('r', [db.inspections, db.answers, db.templates, db.serviceRecords], async () => {
        const rows = await inspectionRows(contract, span);
        const keys = new Map<string, [string, number]>();
        for (const row of rows) for (const t of row.targets) keys.set(templateKey(t.templateId, t.templateVersion), [t.templateId, t.templateVersion]);
        const templateRows = await db.templates.bulkGet([...keys.values()]);
        const templates = new Map(templateRows.filter((t): t is Template => t !== undefined).map((t) => [templateKey(t.id, t.version), t]));
        // A draft's findings do not count for any figure; a finished row's findingCount is final.
        const inspections = await Promise.all(
          rows.map(async (row) => {
            if (row.status === 'draft' || row.findingCount === 0) return periodInspectionOfRow(row, []);
            const answers = await db.answers.where(':id').between(...answerIdRange(row.id)).toArray();
            return periodInspectionOfRow(row, answers.filter((a) => isFinding(a.outcome)).map((a) => findingOf(a, row, templates)));
          }),
        );
        const { from, before } = readBounds(span);
        const serviceRows = await db.serviceRecords
          .where('[hospitalId+reportedAt]')
          .between([contract.hospitalId, from], [contract.hospitalId, before], true, false)
          .toArray();
        const services = serviceRows.filter((r) => r.contractId === contract.id).map((r) => r.record);
        return { inspections, services };
      });
    },
  };
}
export type PeriodInputsRepository = ReturnType<typeof periodInputsRepository>;
