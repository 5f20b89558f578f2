/**
 * Loads everything an inspection screen needs in one go: the inspection, the exact template
 * versions it was started with, its units, contract, answers and the previous answers.
 */
import type { Asset, Contract, Hospital } from '../../../src-shared/catalog/reference';
import type { Template } from '../../../src-shared/catalog/schema';
import { buildSteps, type Step } from '../../../src-shared/domain/steps';
import type { Repositories } from '../../db';
import type { AnswerRow, InspectionRow } from '../../db/rows';
import { StoreError } from '../../db/store-error';

export interface Session {
  inspection: InspectionRow;
  hospital: Hospital;
  contract: Contract;
  templates: Map<string, Template>;
  assets: Map<string, Asset>;
  steps: Step[];
  answers: Map<string, AnswerRow>;
  previous: Map<string, AnswerRow & { completedAt: string }>;
}

export async function loadSession(repos: Repositories, inspectionId: string): Promise<Session> {
  const inspection = await repos.inspections.get(inspectionId);
  if (!inspection) throw new StoreError('not_found', `inspection ${inspectionId} does not exist`);
  const [hospital, contract, templates, assetRows, answerRows] = await Promise.all([
    repos.reference.getHospital(inspection.hospitalId),
    repos.reference.getContract(inspection.contractId),
    repos.reference.templatesAt(inspection.targets.map((t) => ({ id: t.templateId, version: t.templateVersion }))),
    repos.reference.getAssets(inspection.targets.flatMap((t) => (t.kind === 'hardware' ? t.assetIds : []))),
    repos.inspections.answers(inspectionId),
  ]);
  if (!hospital || !contract) throw new StoreError('not_found', `reference data for ${inspectionId} is missing`);
  const assets = new Map(assetRows.map((a) => [a.id, a]));
  const steps = buildSteps(inspection.targets, templates, assets);
  const subjects = [...new Set(steps.map((s) => s.subject))];
  const previous = await repos.inspections.previousAnswers(inspection.hospitalId, subjects, inspection.id);
  return { inspection, hospital, contract, templates, assets, steps, answers: new Map(answerRows.map((a) => [a.stepKey, a])), previous };
}
