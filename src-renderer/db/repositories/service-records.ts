/**
 * STAND-IN (screens helper) for the store helper's service-record repository: keeps one row per
 * fault or service request in `serviceRecords`, rewritten whole on every event. Only the API the
 * screens call is here; the store helper's file (outbox, clock check, attachments) replaces it.
 */
import type { Contract } from '../../../src-shared/catalog/reference';
import type { ServiceKind } from '../../../src-shared/catalog/reference';
import { foldRecord } from '../../../src-shared/service/fold';
import type { InspectionOrigin, Reporter, ReportChannel, ServiceEvent, ServiceRecord, ServiceSubject } from '../../../src-shared/service/record';
import { checkEvent, type RuleProblem } from '../../../src-shared/service/rules';
import type { XunjianDb } from '../database';
import type { ServiceRecordRow } from '../rows';
import { StoreError } from '../store-error';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as a screen states it: the store gives it its id, its write time and its clock check. */
export type NewServiceEvent = DistributiveOmit<ServiceEvent, 'id' | 'recordedAt' | 'clock'>;

export interface CreateServiceInput {
  hospitalId: string;
  contractId: string;
  subject: ServiceSubject;
  channel: ReportChannel;
  reporter: Reporter;
  kind: ServiceKind;
  levelId: string;
  reportedAt: string;
  title: string;
  description: string;
  by: string;
  origin?: InspectionOrigin;
}

const WRITER = 'dev';

function rowOf(record: ServiceRecord, contract: Contract, previous: ServiceRecordRow | undefined, nextEventNo: number): ServiceRecordRow {
  const state = foldRecord(record);
  return {
    id: record.id,
    hospitalId: record.hospitalId,
    contractId: record.contractId,
    record,
    status: state.status,
    reportedAt: state.steps.reported?.at ?? record.createdAt,
    followUpDue: contract.followUpCalls && state.status !== 'open' && state.followUps.length === 0 ? 1 : 0,
    ...(record.origin ? { originAnswerId: record.origin.answerId } : {}),
    updatedAt: new Date().toISOString(),
    officeVersion: previous?.officeVersion ?? 0,
    nextEventNo,
  };
}

export function serviceRecordRepository(db: XunjianDb) {
  async function contractOf(id: string): Promise<Contract> {
    const contract = await db.contracts.get(id);
    if (!contract) throw new StoreError('not_found', `contract ${id} does not exist`);
    return contract;
  }

  async function create(input: CreateServiceInput): Promise<ServiceRecordRow> {
    const contract = await contractOf(input.contractId);
    const now = new Date().toISOString();
    const id = `SR-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const base = { recordedAt: now, by: input.by };
    const events: ServiceEvent[] = [
      { ...base, id: `${WRITER}-1`, type: 'step', step: 'reported', at: input.reportedAt },
      { ...base, id: `${WRITER}-2`, type: 'classify', kind: input.kind, levelId: input.levelId },
      { ...base, id: `${WRITER}-3`, type: 'text', field: 'title', value: input.title },
      ...(input.description ? [{ ...base, id: `${WRITER}-4`, type: 'text' as const, field: 'description' as const, value: input.description }] : []),
    ];
    const problems = events.flatMap((e, i) => checkEvent({ events: events.slice(0, i) }, e, contract, new Date()));
    if (problems.length > 0) throw new StoreError('invalid', problems.map((p) => p.message).join('; '));
    const record: ServiceRecord = {
      id,
      hospitalId: input.hospitalId,
      contractId: input.contractId,
      subject: input.subject,
      channel: input.channel,
      reporter: input.reporter,
      ...(input.origin ? { origin: input.origin } : {}),
      createdAt: now,
      createdBy: input.by,
      photos: [],
      events,
    };
    const row = rowOf(record, contract, undefined, events.length + 1);
    await db.serviceRecords.add(row);
    return row;
  }

  return {
    create,

    async createFromFinding(answerId: string, options: { kind: ServiceKind; levelId: string; reporter?: Reporter; by: string }): Promise<ServiceRecordRow> {
      const answer = await db.answers.get(answerId);
      const inspection = answer && (await db.inspections.get(answer.inspectionId));
      if (!answer || !inspection) throw new StoreError('not_found', `answer ${answerId} does not exist`);
      const templates = await db.templates.where('id').equals(answer.templateId).toArray();
      const item = templates.flatMap((t) => t.sections.flatMap((s) => s.items)).find((i) => i.id === answer.itemId);
      const label = item?.label.zh ?? answer.itemId;
      const subject: ServiceSubject = answer.subject.startsWith('asset:')
        ? { kind: 'asset', assetId: answer.subject.slice('asset:'.length) }
        : { kind: 'system', systemId: answer.subject.replace(/^system:[^/]*\//, '') };
      const row = await create({
        hospitalId: inspection.hospitalId,
        contractId: inspection.contractId,
        subject,
        channel: 'inspection',
        reporter: options.reporter ?? { name: inspection.engineer },
        kind: options.kind,
        levelId: options.levelId,
        reportedAt: new Date().toISOString(),
        title: label,
        description: answer.note,
        by: options.by,
        origin: { inspectionId: inspection.id, answerId, itemLabel: label, ...(answer.faultLevelId ? { suggestedLevelId: answer.faultLevelId } : {}) },
      });
      await db.answers.update(answerId, { serviceRecordId: row.id, faultLevelId: options.levelId, levelConfirmed: true });
      return row;
    },

    async append(id: string, event: NewServiceEvent): Promise<{ ok: true; row: ServiceRecordRow } | { ok: false; problems: RuleProblem[] }> {
      const row = await db.serviceRecords.get(id);
      if (!row) throw new StoreError('not_found', `service record ${id} does not exist`);
      const contract = await contractOf(row.contractId);
      const full = { ...event, id: `${WRITER}-${row.nextEventNo}`, recordedAt: new Date().toISOString() } as ServiceEvent;
      const problems = checkEvent(row.record, full, contract, new Date());
      if (problems.length > 0) return { ok: false, problems };
      const record = { ...row.record, events: [...row.record.events, full] };
      const next = rowOf(record, contract, row, row.nextEventNo + 1);
      await db.serviceRecords.put(next);
      return { ok: true, row: next };
    },

    get: (id: string): Promise<ServiceRecordRow | undefined> => db.serviceRecords.get(id),
    openAll: (): Promise<ServiceRecordRow[]> => db.serviceRecords.where('status').equals('open').toArray(),
    forHospital: (hospitalId: string, range: { from?: string; to?: string } = {}): Promise<ServiceRecordRow[]> =>
      db.serviceRecords
        .where('[hospitalId+reportedAt]')
        .between([hospitalId, range.from ?? ''], [hospitalId, range.to ?? '\uffff'], true, true)
        .toArray(),
    awaitingFollowUp: (): Promise<ServiceRecordRow[]> => db.serviceRecords.where('followUpDue').equals(1).toArray(),
    forAnswer: (answerId: string): Promise<ServiceRecordRow | undefined> => db.serviceRecords.where('originAnswerId').equals(answerId).first(),
    async setFindingLevel(answerId: string, levelId: string): Promise<void> {
      const changed = await db.answers.update(answerId, { faultLevelId: levelId, levelConfirmed: true });
      if (!changed) throw new StoreError('not_found', `answer ${answerId} does not exist`);
    },
  };
}
export type ServiceRecordRepository = ReturnType<typeof serviceRecordRepository>;
