/**
 * A report names its contract, what it inspected (systems of a contract, assets) and the template
 * versions it used. Each must be one the office's reference data has known at the report's
 * hospital, else the report could never be found by contract or system, or be read against its
 * checklist. "Has known": a contract, asset or template removed since the device pulled it (a
 * tombstone) still counts, as a signed report cannot change; a system is checked against its
 * contract as the office has it now, unless the contract itself was removed.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import { modeProblem, verdictProblem, type RecordEvaluation } from '../../src-shared/report/verdicts';
import type { ReportEnvelope } from '../../src-shared/sync/envelope';
import type { ReferenceKind } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import type { ReferenceChange } from '../storage/port';

export interface ReferenceProblem {
  message: string;
  details: Record<string, unknown>;
}

export async function referenceProblem(ctx: OfficeContext, env: Pick<ReportEnvelope, 'hospitalId' | 'contractId' | 'subjects'>): Promise<ReferenceProblem | undefined> {
  const seen = new Map<string, ReferenceChange | undefined>();
  const lookup = async (kind: ReferenceKind, key: string): Promise<ReferenceChange | undefined> => {
    const id = `${kind}:${key}`;
    if (!seen.has(id)) seen.set(id, await ctx.store.getReference(kind, key));
    return seen.get(id);
  };
  const contractAtHospital = async (contractId: string): Promise<ReferenceChange | undefined> => {
    const contract = await lookup('contract', contractId);
    return contract?.hospitalId === env.hospitalId ? contract : undefined;
  };

  if (!(await contractAtHospital(env.contractId))) {
    return { message: `contract ${env.contractId} is not a contract of hospital ${env.hospitalId} at this office`, details: { contractId: env.contractId } };
  }
  for (const s of env.subjects) {
    const problem = (message: string): ReferenceProblem => ({ message: `${s.subject}: ${message}`, details: { subject: s.subject } });
    if (!(await lookup('template', `${s.templateId}@${s.templateVersion}`))) return problem(`template ${s.templateId} version ${s.templateVersion} is not known to this office`);
    const colon = s.subject.indexOf(':');
    const kind = s.subject.slice(0, colon);
    const name = s.subject.slice(colon + 1);
    if (kind === 'system') {
      // `system:<contract>/<system>` as the device keys them, or `system:<system>` of the report's contract.
      const [contractId, systemId] = name.includes('/') ? (name.split('/') as [string, string]) : [env.contractId, name];
      const contract = await contractAtHospital(contractId);
      if (!contract) return problem(`contract ${contractId} is not a contract of hospital ${env.hospitalId} at this office`);
      if (!contract.deleted && !(contract.data as Contract).systems.some((system) => system.id === systemId)) {
        return problem(`system ${systemId} is not covered by contract ${contractId}`);
      }
    } else if (kind === 'asset') {
      const asset = await lookup('asset', name);
      if (asset?.hospitalId !== env.hospitalId) return problem(`asset ${name} is not an asset of hospital ${env.hospitalId} at this office`);
    }
    // `type:<templateId>`: the template check above is the whole check.
  }
  return undefined;
}

/**
 * Whether a record's verdicts and mode fit its contract as the office holds it (issue 12): the
 * scale and the evaluators of `evaluation.signOff`, the modes of `inspection.cadence`. A record
 * signed before issue 12 (a `rating`, no mode) always fits. Called after referenceProblem, so the
 * contract is known; a removed contract (tombstone) is not judged, as a signed report cannot change.
 */
export async function evaluationProblem(ctx: OfficeContext, contractId: string, record: { evaluation: RecordEvaluation; mode?: unknown }): Promise<string | undefined> {
  const stored = await ctx.store.getReference('contract', contractId);
  if (!stored || stored.deleted) return undefined;
  // Contract data stored before issue 12 has no evaluation: it asked for no verdict.
  const contract = stored.data as Omit<Contract, 'evaluation'> & { evaluation?: Contract['evaluation'] };
  const scheme = contract.evaluation?.signOff ?? { scale: 'none', by: [] };
  return verdictProblem(record.evaluation, scheme) ?? modeProblem(record.mode, contract.inspection.cadence?.modes);
}
