/**
 * A completed or signed inspection record (the signed content, src-shared/report/inspection-record.ts)
 * as the period computations read it. The office builds these from the records it stored and the
 * device from the ones it signed, so both count a window alike.
 */
import type { InspectionMode } from '../catalog/period-schema';
import type { Contract } from '../catalog/reference';
import type { LocalizedText } from '../catalog/schema';
import { isFinding } from '../domain/answer';
import type { InspectionRecord, RecordAnswer } from '../report/inspection-record';
import type { PeriodFinding, PeriodInspection, SignOffVerdictValue } from './types';

/**
 * The fields issue 12 adds to the signed record (verdicts, mode, serviceQuality), read where
 * present: records signed before it lack them and are read as they were.
 */
type RecordWithPeriodFields = InspectionRecord & { verdicts?: SignOffVerdictValue[]; mode?: InspectionMode };
type AnswerWithQuality = RecordAnswer & { serviceQuality?: true };

/** An item's label, where the caller has the template; the item id is printed otherwise. */
export type LabelLookup = (templateId: string, itemId: string) => LocalizedText | undefined;

function findingOf(answer: AnswerWithQuality, contractId: string, labels: LabelLookup | undefined): PeriodFinding {
  const finding: PeriodFinding = {
    subject: answer.subject,
    templateId: answer.templateId,
    itemId: answer.itemId,
    label: labels?.(answer.templateId, answer.itemId) ?? { zh: answer.itemId, en: answer.itemId },
    serviceQuality: answer.serviceQuality === true,
  };
  if (answer.subject.startsWith('system:')) {
    // `system:<id>`, or `system:<contract>/<id>` where a subject names its contract.
    const rest = answer.subject.slice('system:'.length);
    finding.systemId = rest.startsWith(`${contractId}/`) ? rest.slice(contractId.length + 1) : rest;
  }
  if (answer.subject.startsWith('asset:')) finding.assetId = answer.subject.slice('asset:'.length);
  // A service-quality item judges the vendor, so it carries no system fault level.
  if (answer.faultLevelId !== undefined && !finding.serviceQuality) finding.faultLevelId = answer.faultLevelId;
  return finding;
}

export function periodInspectionOf(
  record: InspectionRecord,
  signed: { signedAt: string; reportNumber: string } | undefined,
  contract: Pick<Contract, 'id'>,
  labels?: LabelLookup,
): PeriodInspection {
  const r: RecordWithPeriodFields = record;
  const answers: readonly AnswerWithQuality[] = r.answers;
  const out: PeriodInspection = {
    id: r.id,
    hospitalId: r.hospitalId,
    contractId: r.contractId,
    engineer: r.engineer,
    state: signed ? 'signed' : 'completed',
    startedAt: r.startedAt,
    completedAt: r.completedAt,
    systems: r.targets.flatMap((t) => (t.kind === 'system' ? [t.systemId] : [])),
    assets: r.targets.flatMap((t) => (t.kind === 'hardware' ? t.assetIds : [])),
    findings: answers.filter((a) => isFinding(a.outcome)).map((a) => findingOf(a, contract.id, labels)),
    verdicts: r.verdicts ?? [],
  };
  if (signed) {
    out.signedAt = signed.signedAt;
    out.reportNumber = signed.reportNumber;
  }
  if (r.mode !== undefined) out.mode = r.mode;
  return out;
}
