/**
 * Where inspections meet service records: a failed item becomes a record in one step (its note,
 * its photos, a link both ways), and the level a finding suggests is confirmed or changed by the
 * engineer on the answer (AnswerRow.faultLevelId + levelConfirmed), which the report prints.
 */
import type { Table } from 'dexie';
import type { ServiceKind } from '../../../src-shared/catalog/reference';
import { isFinding, suggestFaultLevel } from '../../../src-shared/domain/answer';
import { sha256Hex } from '../../../src-shared/crypto/canonical';
import { PhotoRef, type Reporter, type ServiceEvent, type ServiceSubject } from '../../../src-shared/service/record';
import type { RuleProblem } from '../../../src-shared/service/rules';
import type { XunjianDb } from '../database';
import type { AnswerRow, ServiceRecordRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import type { NewServiceRecord, RecordFile } from './service-records';
import { clockCheck, type OfficeClockSource } from './service-writes';

interface FindingDeps {
  now: () => Date;
  tables: Table[];
  insert(input: NewServiceRecord, files: readonly RecordFile[], at: string, clock: ServiceEvent['clock']): Promise<ServiceRecordRow>;
  assertNewFits(input: NewServiceRecord): void;
  officeClock: OfficeClockSource | undefined;
}

export type LevelResult = { ok: true; answer: AnswerRow } | { ok: false; problems: RuleProblem[] };

/** `system:<contract>/<system>`, `asset:<id>`, `type:<template>` (domain/steps.ts) as a record's subject. */
export function subjectOfStep(subject: string): ServiceSubject {
  if (subject.startsWith('asset:')) return { kind: 'asset', assetId: subject.slice('asset:'.length) };
  if (subject.startsWith('system:')) return { kind: 'system', systemId: subject.slice('system:'.length).split('/').at(-1) ?? '' };
  return { kind: 'contract' };
}

/** A copy of the finding's photos changed while they were being hashed: hash them again. */
class PhotosMoved extends Error {}

export function serviceFindings(db: XunjianDb, deps: FindingDeps) {
  const notFound = (id: string): never => {
    throw new StoreError('svc_not_found', `answer ${id} does not exist`);
  };

  async function existing(answer: AnswerRow): Promise<ServiceRecordRow | undefined> {
    if (answer.serviceRecordId) {
      const row = await db.serviceRecords.get(answer.serviceRecordId);
      if (row) return row;
    }
    return db.serviceRecords.where('originAnswerId').equals(answer.id).first();
  }

  /** The item's label as the catalog names it in Chinese (records and their documents are Chinese). */
  async function itemLabel(answer: AnswerRow, targets: readonly { templateId: string; templateVersion: number }[]): Promise<string> {
    const version = targets.find((t) => t.templateId === answer.templateId)?.templateVersion;
    const template = version === undefined ? undefined : await db.templates.get([answer.templateId, version]);
    const item = template?.sections.flatMap((s) => s.items).find((i) => i.id === answer.itemId);
    return item ? item.label.zh : answer.itemId;
  }

  async function attempt(answerId: string, choice: { kind: ServiceKind; levelId: string; reporter?: Reporter; by: string }): Promise<ServiceRecordRow> {
    const answer = (await db.answers.get(answerId)) ?? notFound(answerId);
    const made = await existing(answer);
    if (made) return made;
    if (!isFinding(answer.outcome)) throw new StoreError('svc_not_finding', `answer ${answerId} is not a finding`);
    if (answer.serviceQuality) throw new StoreError('svc_service_quality', `answer ${answerId} judges the vendor's service, not the system`);
    const inspection = await db.inspections.get(answer.inspectionId);
    const contract = inspection && (await db.contracts.get(inspection.contractId));
    if (!inspection || !contract) throw new StoreError('svc_not_found', `inspection ${answer.inspectionId} or its contract is not on this device`);

    // Hashing is not IndexedDB work and would end a transaction: the photos are hashed first and
    // the transaction checks that they are still the same ones.
    const photos = await db.attachments.where({ answerId }).sortBy('createdAt');
    const files: RecordFile[] = [];
    for (const a of photos) {
      const mime = a.blob.type || a.type;
      const ref = PhotoRef.safeParse({ sha256: await sha256Hex(new Uint8Array(await a.blob.arrayBuffer())), size: a.blob.size, mime });
      if (!ref.success) throw new StoreError('svc_invalid', `photo ${a.id} is "${mime}"`, { detail: 'mime' });
      if (!files.some((f) => f.ref.sha256 === ref.data.sha256)) files.push({ ref: ref.data, blob: a.blob, role: 'photo' });
    }
    const label = await itemLabel(answer, inspection.targets);
    const suggested = answer.severity ? suggestFaultLevel(contract, answer.severity) : undefined;
    const input: NewServiceRecord = {
      hospitalId: inspection.hospitalId,
      contractId: inspection.contractId,
      subject: subjectOfStep(answer.subject),
      channel: 'inspection',
      reporter: choice.reporter ?? { name: inspection.engineer },
      kind: choice.kind,
      levelId: choice.levelId,
      // The finding was known to the vendor when the engineer recorded it, not when the record is
      // made (maybe hours later, after the round): the clock starts at the answer's time.
      reportedAt: answer.answeredAt,
      title: label,
      description: answer.note,
      by: choice.by,
      origin: { inspectionId: inspection.id, answerId, itemLabel: label, ...(suggested ? { suggestedLevelId: suggested.id } : {}) },
    };
    deps.assertNewFits(input);
    const at = deps.now().toISOString();
    const clock = await clockCheck(deps.officeClock, at);
    const ids = photos.map((p) => p.id).join();
    return db.transaction('rw', [...deps.tables, db.answers, db.attachments, db.inspections], async () => {
      const fresh = (await db.answers.get(answerId)) ?? notFound(answerId);
      const raced = await existing(fresh);
      if (raced) return raced;
      if ((await db.attachments.where({ answerId }).sortBy('createdAt')).map((p) => p.id).join() !== ids) throw new PhotosMoved();
      const row = await deps.insert(input, files, at, clock);
      const locked = (await db.inspections.get(fresh.inspectionId))?.status === 'signed';
      // The record's level is the engineer's choice for the finding too, unless the report is signed (its level is then part of what was signed).
      await db.answers.update(answerId, locked ? { serviceRecordId: row.id } : { serviceRecordId: row.id, faultLevelId: choice.levelId, levelConfirmed: true });
      return row;
    });
  }

  return {
    /**
     * A record from a failed item, in one transaction: the answer's note as the description, its
     * photos (copied, hashed), the item's label as the title, channel 'inspection', reported at
     * the answer's time, `origin` naming the item and its suggested level, and the answer linked
     * back (`serviceRecordId`). A second call for the same answer returns the first record.
     */
    async createFromFinding(answerId: string, choice: { kind: ServiceKind; levelId: string; reporter?: Reporter; by: string }): Promise<ServiceRecordRow> {
      for (let tries = 0; ; tries++) {
        try {
          return await attempt(answerId, choice);
        } catch (error) {
          if (error instanceof PhotosMoved && tries < 3) continue;
          throw asStoreError(error);
        }
      }
    },

    /**
     * The engineer confirms or changes a finding's level, within its contract's fault levels
     * (others answer `level_unknown` / `level_wrong_kind`). Refused once the inspection is signed.
     */
    async setFindingLevel(answerId: string, levelId: string): Promise<LevelResult> {
      return db.transaction('rw', db.answers, db.inspections, db.contracts, async (): Promise<LevelResult> => {
        const answer = (await db.answers.get(answerId)) ?? notFound(answerId);
        if (!isFinding(answer.outcome)) throw new StoreError('svc_not_finding', `answer ${answerId} is not a finding`);
        if (answer.serviceQuality) throw new StoreError('svc_service_quality', `answer ${answerId} judges the vendor's service: it has no fault level`);
        const inspection = await db.inspections.get(answer.inspectionId);
        if (inspection?.status === 'signed') throw new StoreError('signed', `inspection ${answer.inspectionId} is signed and locked`);
        const contract = inspection && (await db.contracts.get(inspection.contractId));
        const level = contract?.faultLevels.find((l) => l.id === levelId);
        if (!level) return { ok: false, problems: [{ code: 'level_unknown', message: `the contract has no level "${levelId}"` }] };
        if (!level.kinds.includes('fault')) return { ok: false, problems: [{ code: 'level_wrong_kind', message: `level "${levelId}" is not for faults` }] };
        const next: AnswerRow = { ...answer, faultLevelId: levelId, levelConfirmed: true };
        await db.answers.put(next);
        return { ok: true, answer: next };
      });
    },
  };
}
