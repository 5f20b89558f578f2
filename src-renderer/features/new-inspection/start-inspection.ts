/** Turns the engineer's choice of systems and units into a stored draft with pinned template versions. */
import type { InspectionMode } from '../../../src-shared/catalog/period-schema';
import type { Contract } from '../../../src-shared/catalog/reference';
import { modeProblem } from '../../../src-shared/report/verdicts';
import { buildSteps, requiredPhotos, type Target } from '../../../src-shared/domain/steps';
import type { Repositories } from '../../db';
import type { AssetRow, InspectionRow, SystemRow } from '../../db/rows';
import { StoreError } from '../../db/store-error';

export async function startInspection(
  repos: Repositories,
  input: { hospitalId: string; contractId: string; engineer: string; systems: SystemRow[]; assets: AssetRow[]; mode?: InspectionMode },
): Promise<InspectionRow> {
  const contract = await repos.reference.getContract(input.contractId);
  const mode = input.mode ?? defaultMode(contract);
  const misfit = modeProblem(mode, contract?.inspection.cadence?.modes);
  if (misfit) throw new StoreError('mode_not_allowed', misfit);
  // Only what the contract covers at this hospital, whatever a stale form sends.
  const foreign = [...input.systems, ...input.assets].find((x) => x.contractId !== input.contractId || x.hospitalId !== input.hospitalId);
  if (foreign) throw new StoreError('not_in_contract', `${foreign.id} is not under contract ${input.contractId} at ${input.hospitalId}`);
  const templateIds = [...new Set([...input.systems.map((s) => s.templateId), ...input.assets.map((a) => a.templateId)])];
  const latest = await repos.reference.latestTemplates(templateIds);
  const targets: Target[] = [];
  for (const system of input.systems) {
    const template = latest.get(system.templateId);
    if (template) targets.push({ kind: 'system', systemId: system.id, templateId: template.id, templateVersion: template.version });
  }
  for (const [templateId, template] of latest) {
    const assetIds = input.assets.filter((a) => a.templateId === templateId).map((a) => a.id);
    if (template.kind === 'hardware' && assetIds.length > 0) {
      targets.push({ kind: 'hardware', templateId, templateVersion: template.version, assetIds });
    }
  }
  const templates = new Map([...latest.values()].map((t) => [`${t.id}@${t.version}`, t]));
  const steps = buildSteps(targets, templates, new Map(input.assets.map((a) => [a.id, a])));
  return repos.inspections.create({
    hospitalId: input.hospitalId,
    contractId: input.contractId,
    engineer: input.engineer,
    targets,
    totalSteps: steps.length,
    requiredPhotos: requiredPhotos(steps),
    firstStep: steps[0]?.key ?? null,
    mode,
  });
}

/** The contract's first mode (its default); on site where it names none. */
export function defaultMode(contract: Pick<Contract, 'inspection'> | undefined): InspectionMode {
  return contract?.inspection.cadence?.modes[0] ?? 'on_site';
}

/** Both modes allowed: the engineer is asked which (现场 / 远程). One: it is used without asking. */
export const asksMode = (contract: Pick<Contract, 'inspection'> | undefined): boolean => (contract?.inspection.cadence?.modes.length ?? 0) > 1;
