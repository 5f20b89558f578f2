/**
 * Service records (issue 11): faults and service requests, one row per record with its whole
 * append-only event list (src-shared/service/record.ts), written on every create and append; each
 * write queues the record for the office in the same transaction (outbox.queueService).
 *
 * Writes refuse, never cut: a text over its limit is a StoreError('too_long'), an event the
 * contract's rules refuse is a list of RuleProblems (append) or a ServiceRuleError (create).
 * Event ids are `<writer>-<n>`: this device's writer id (service-writes.ts) and the row's counter.
 */
import type { z } from 'zod';
import type { Contract, ServiceKind } from '../../../src-shared/catalog/reference';
import { foldRecord, nextSeq } from '../../../src-shared/service/fold';
import { sniffMime } from '../../../src-shared/service/sniff-mime';
import {
  PhotoRef,
  SERVICE_LIMITS,
  type DocumentEvent,
  type Evaluator,
  type FollowUpRating,
  type InspectionOrigin,
  type ReportChannel,
  type Reporter,
  type ServiceEvent,
  type ServiceSubject,
  type Step,
  type TextField,
} from '../../../src-shared/service/record';
import { checkEvent, type RuleProblem } from '../../../src-shared/service/rules';
import { sha256Hex } from '../../../src-shared/crypto/canonical';
import type { XunjianDb } from '../database';
import type { ServiceAttachmentRow, ServiceRecordRow } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import { queueService } from './outbox';
import { serviceFindings } from './service-findings';
import { serviceSyncMethods } from './service-sync-rows';
import {
  assertEventFits,
  attachmentBytes,
  clockCheck,
  completeEvent,
  rowOf,
  ServiceRuleError,
  validRecord,
  writerId,
  type NewServiceEvent,
  type OfficeClockSource,
} from './service-writes';

export { ServiceRuleError, type NewServiceEvent, type OfficeClockSource };

export interface NewServiceRecord {
  hospitalId: string;
  contractId: string;
  subject: ServiceSubject;
  channel: ReportChannel;
  reporter: Reporter;
  kind: ServiceKind;
  levelId: string;
  /** When the hospital reported it (ISO); the clock starts here unless the contract waits for the written report. */
  reportedAt: string;
  title: string;
  description: string;
  /** Who records it (the engineer's name), on every event. */
  by: string;
  origin?: InspectionOrigin;
}

/** A photo or document copied into a new record, its bytes already hashed. */
export interface RecordFile {
  ref: z.infer<typeof PhotoRef>;
  blob: Blob;
  role: ServiceAttachmentRow['role'];
}

export type AppendResult = { ok: true; row: ServiceRecordRow } | { ok: false; problems: RuleProblem[] };

export interface ServiceRepoOptions {
  now?: () => Date;
  newId?: () => string;
  /** The office's time for the device-clock check; events carry no `clock` without one. */
  officeClock?: OfficeClockSource;
}

const IMAGE = new Set<string>(PhotoRef.shape.mime.options);

export function serviceRecordRepository(db: XunjianDb, options: ServiceRepoOptions = {}) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? (() => crypto.randomUUID());
  const tables = [db.serviceRecords, db.serviceAttachments, db.outbox, db.meta, db.syncState, db.contracts];

  const notFound = (id: string): never => {
    throw new StoreError('svc_not_found', `service record ${id} does not exist`);
  };

  /**
   * Makes a record from its header and first events, checks every event against the contract as
   * it is added, and stores it with its files and its outbox row. Call inside a transaction over
   * `tables` (plus whatever the caller writes besides).
   */
  async function insert(input: NewServiceRecord, files: readonly RecordFile[], at: string, clock: ServiceEvent['clock']): Promise<ServiceRecordRow> {
    const contract = await db.contracts.get(input.contractId);
    if (!contract || contract.hospitalId !== input.hospitalId) throw new StoreError('not_in_contract', `contract ${input.contractId} is not ${input.hospitalId}'s`);
    const writer = await writerId(db);
    let n = 1;
    const drafts: NewServiceEvent[] = [
      { type: 'classify', kind: input.kind, levelId: input.levelId, by: input.by },
      { type: 'text', field: 'title', value: input.title, by: input.by },
      ...(input.description ? [{ type: 'text' as const, field: 'description' as const, value: input.description, by: input.by }] : []),
      { type: 'step', step: 'reported', at: input.reportedAt, by: input.by },
    ];
    const events: ServiceEvent[] = [];
    const problems: RuleProblem[] = [];
    for (const draft of drafts) {
      const event = completeEvent(draft, `${writer}-${n}`, n, at, clock);
      n++;
      problems.push(...checkEvent({ events }, event, contract, now()));
      events.push(event);
    }
    if (problems.length) throw new ServiceRuleError(problems);
    const photos = new Map(files.filter((f) => f.role === 'photo').map((f) => [f.ref.sha256, f.ref]));
    const record = validRecord({
      id: newId(),
      hospitalId: input.hospitalId,
      contractId: input.contractId,
      subject: input.subject,
      channel: input.channel,
      reporter: input.reporter,
      ...(input.origin ? { origin: input.origin } : {}),
      createdAt: at,
      createdBy: writer,
      photos: [...photos.values()],
      events,
    });
    const row = rowOf(record, contract, { officeVersion: 0, nextEventNo: n }, at);
    await db.serviceRecords.add(row);
    await db.serviceAttachments.bulkAdd(files.map((f) => ({ id: newId(), recordId: record.id, sha256: f.ref.sha256, blob: f.blob, type: f.ref.mime, role: f.role, createdAt: at })));
    await queueService(db, record.id, files.reduce((sum, f) => sum + f.blob.size, 0), at);
    return row;
  }

  function assertNewFits(input: NewServiceRecord): void {
    assertEventFits({ type: 'text', field: 'title', value: input.title, by: input.by });
    assertEventFits({ type: 'text', field: 'description', value: input.description, by: input.by });
    const r = input.reporter;
    for (const [what, value, max] of [
      ['reporter', r.name.trim(), SERVICE_LIMITS.personName],
      ['department', r.department?.trim() ?? '', SERVICE_LIMITS.title],
      ['phone', r.phone?.trim() ?? '', SERVICE_LIMITS.phone],
    ] as const) {
      if (value.length > max) throw new StoreError('too_long', `${what} of ${value.length} characters`, { max });
    }
  }

  async function create(input: NewServiceRecord, files: readonly RecordFile[] = []): Promise<ServiceRecordRow> {
    assertNewFits(input);
    const at = now().toISOString();
    const clock = await clockCheck(options.officeClock, at);
    try {
      return await db.transaction('rw', tables, () => insert(input, files, at, clock));
    } catch (error) {
      throw asStoreError(error);
    }
  }

  /**
   * Adds one event (and, for a document, its file) in one transaction with the derived fields
   * and the outbox; the contract's rules first. `extra` writes more inside the same transaction.
   */
  async function appendWith(id: string, draft: NewServiceEvent, file?: RecordFile): Promise<AppendResult> {
    assertEventFits(draft);
    const at = now().toISOString();
    const clock = await clockCheck(options.officeClock, at);
    try {
      return await db.transaction('rw', tables, async (): Promise<AppendResult> => {
        const row = (await db.serviceRecords.get(id)) ?? notFound(id);
        const contract: Pick<Contract, 'faultLevels' | 'followUpCalls'> | undefined = await db.contracts.get(row.contractId);
        const writer = await writerId(db);
        const event = completeEvent(draft, `${writer}-${row.nextEventNo}`, nextSeq(row.record.events), at, clock);
        const problems = checkEvent(row.record, event, contract ?? { faultLevels: [] }, now());
        if (problems.length) return { ok: false, problems };
        const record = validRecord({ ...row.record, events: [...row.record.events, event] });
        const next = rowOf(record, contract, { officeVersion: row.officeVersion, nextEventNo: row.nextEventNo + 1 }, at);
        await db.serviceRecords.put(next);
        if (file) await db.serviceAttachments.add({ id: newId(), recordId: id, sha256: file.ref.sha256, blob: file.blob, type: file.ref.mime, role: file.role, createdAt: at });
        await queueService(db, id, await attachmentBytes(db, id), at);
        return { ok: true, row: next };
      });
    } catch (error) {
      throw asStoreError(error);
    }
  }

  const append = (id: string, event: NewServiceEvent): Promise<AppendResult> => appendWith(id, event);

  /** The step event a correction names, read from the stored record. */
  async function stepEvent(id: string, eventId: string): Promise<Extract<ServiceEvent, { type: 'step' }> | undefined> {
    const row = (await db.serviceRecords.get(id)) ?? notFound(id);
    const event = row.record.events.find((e) => e.id === eventId);
    return event?.type === 'step' ? event : undefined;
  }

  const unknownStep = (eventId: string): AppendResult => ({ ok: false, problems: [{ code: 'correction_unknown', message: `no step event ${eventId} to correct` }] });

  const findings = serviceFindings(db, { now, tables, insert, assertNewFits, officeClock: options.officeClock });

  return {
    /** A new record with its first events (classify, title, description, reported); throws ServiceRuleError or StoreError. */
    create: (input: NewServiceRecord): Promise<ServiceRecordRow> => create(input),
    /** Makes a record from a failed inspection item in one step (service-findings.ts); a second call returns the first record. */
    createFromFinding: findings.createFromFinding,
    /** The engineer confirms or changes the level a finding suggests, within the contract's levels. */
    setFindingLevel: findings.setFindingLevel,

    /** One event; `{ ok: false, problems }` when the contract's rules refuse it (nothing is stored then). */
    append,
    /** A step happened now (one tap on the board: responded, set out, arrived, resolved, closed…). */
    stepNow: (id: string, step: Step, by: string): Promise<AppendResult> => append(id, { type: 'step', step, at: now().toISOString(), by }),
    /** A step at a given time (recorded afterwards, e.g. the report came in by phone an hour ago). */
    stepAt: (id: string, step: Step, at: string, by: string): Promise<AppendResult> => append(id, { type: 'step', step, at, by }),
    /** A recorded step's time changed, with a reason; both values stay in the history. */
    async editStep(id: string, eventId: string, at: string, reason: string, by: string): Promise<AppendResult> {
      const old = await stepEvent(id, eventId);
      if (!old) return unknownStep(eventId);
      return append(id, { type: 'step', step: old.step, at, corrects: eventId, reason, by });
    },
    /** A step recorded by mistake is taken back (with a reason); it stays in the history. */
    async withdrawStep(id: string, eventId: string, reason: string, by: string): Promise<AppendResult> {
      const old = await stepEvent(id, eventId);
      if (!old) return unknownStep(eventId);
      return append(id, { type: 'step', step: old.step, at: old.at, corrects: eventId, reason, withdrawn: true, by });
    },
    pause: (id: string, reason: string, by: string, at = now().toISOString()): Promise<AppendResult> => append(id, { type: 'pause', at, reason, by }),
    resume: (id: string, by: string, at = now().toISOString()): Promise<AppendResult> => append(id, { type: 'resume', at, by }),
    /** 附件1 服务效果抽查: an evaluator's 合格/不合格 on the handled record (the rules refuse it while the record is open). */
    spotCheck: (id: string, check: { evaluator: Evaluator; result: 'pass' | 'fail'; note: string }, by: string): Promise<AppendResult> =>
      append(id, { type: 'spot_check', ...check, by }),
    /** 附件1: whether the service caused an adverse event and whether missing notice caused the failure, with the reason. */
    assess: (id: string, assessment: { adverseEvent: boolean; noticeFailure: boolean; reason: string }, by: string): Promise<AppendResult> =>
      append(id, { type: 'assess', ...assessment, reason: assessment.reason.trim(), by }),
    followUp: (id: string, call: { contact: string; phone?: string; rating: FollowUpRating; comment?: string; at?: string }, by: string): Promise<AppendResult> =>
      append(id, { type: 'follow_up', at: call.at ?? now().toISOString(), contact: call.contact, ...(call.phone ? { phone: call.phone } : {}), rating: call.rating, comment: call.comment ?? '', by }),
    setText: (id: string, field: TextField, value: string, by: string): Promise<AppendResult> => append(id, { type: 'text', field, value, by }),
    /** Changes the record's level (and kind); the first classification stays in the history. */
    async setLevel(id: string, levelId: string, by: string, reason?: string, kind?: ServiceKind): Promise<AppendResult> {
      const row = (await db.serviceRecords.get(id)) ?? notFound(id);
      return append(id, { type: 'classify', kind: kind ?? foldRecord(row.record).kind, levelId, ...(reason ? { reason } : {}), by });
    },

    /** A photo added to a record (not an event: photos are a set, merged by hash). */
    async addPhoto(id: string, blob: Blob): Promise<ServiceRecordRow> {
      const mime = blob.type;
      if (!IMAGE.has(mime)) throw new StoreError('svc_invalid', `a photo of type "${mime}"`, { detail: 'mime' });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      if (sniffMime(bytes) !== mime) throw new StoreError('svc_not_that_file', `a ${mime} whose bytes are not one`, { detail: mime });
      const ref = PhotoRef.parse({ sha256: await sha256Hex(bytes), size: blob.size, mime });
      const at = now().toISOString();
      try {
        return await db.transaction('rw', tables, async () => {
          const row = (await db.serviceRecords.get(id)) ?? notFound(id);
          if (row.record.photos.some((p) => p.sha256 === ref.sha256)) return row;
          const record = validRecord({ ...row.record, photos: [...row.record.photos, ref] });
          const next: ServiceRecordRow = { ...row, record, updatedAt: at };
          await db.serviceRecords.put(next);
          await db.serviceAttachments.add({ id: newId(), recordId: id, sha256: ref.sha256, blob, type: mime, role: 'photo', createdAt: at });
          await queueService(db, id, await attachmentBytes(db, id), at);
          return next;
        });
      } catch (error) {
        throw asStoreError(error);
      }
    },

    /** A signed document (or a scan of a wet-signed one) made for the record: its file and its event, together. */
    async attachDocument(id: string, doc: { document: DocumentEvent['document']; number: string; blob: Blob; by: string }): Promise<AppendResult> {
      const bytes = new Uint8Array(await doc.blob.arrayBuffer());
      const mime = doc.blob.type as DocumentEvent['mime'];
      // The office checks the bytes against the type, and an event cannot be taken back: a file named .pdf that is not one stops here.
      if (sniffMime(bytes) !== mime) throw new StoreError('svc_not_that_file', `a ${doc.blob.type || 'file'} whose bytes are not one`, { detail: mime });
      const sha256 = await sha256Hex(bytes);
      const draft: NewServiceEvent = { type: 'document', document: doc.document, number: doc.number, sha256, size: doc.blob.size, mime, by: doc.by };
      const role = doc.document === 'maintenance_sheet_scan' ? 'scan' : 'document';
      return appendWith(id, draft, { ref: { sha256, size: doc.blob.size, mime: mime as z.infer<typeof PhotoRef>['mime'] }, blob: doc.blob, role });
    },

    get: (id: string): Promise<ServiceRecordRow | undefined> => db.serviceRecords.get(id),
    /** For useLiveQuery: the open-work board, every record not closed, across hospitals. */
    openAll: (): Promise<ServiceRecordRow[]> => db.serviceRecords.where('status').anyOf('open', 'resolved').toArray(),
    /** For useLiveQuery: a hospital's records reported in [from, to] (ISO, inclusive), newest first. */
    forHospital: (hospitalId: string, period: { from?: string; to?: string } = {}): Promise<ServiceRecordRow[]> =>
      db.serviceRecords
        .where('[hospitalId+reportedAt]')
        .between([hospitalId, period.from ?? ''], [hospitalId, period.to ?? '\uffff'], true, true)
        .reverse()
        .toArray(),
    /** For useLiveQuery: records repaired whose contract asks for a follow-up call and have none. */
    awaitingFollowUp: (): Promise<ServiceRecordRow[]> => db.serviceRecords.where('followUpDue').equals(1).toArray(),
    /** The record made from a finding, if any. */
    forAnswer: (answerId: string): Promise<ServiceRecordRow | undefined> => db.serviceRecords.where('originAnswerId').equals(answerId).first(),
    /** The record's photos held on this device, oldest first (another device's photos stay at the office). */
    photos: (id: string): Promise<ServiceAttachmentRow[]> => db.serviceAttachments.where({ recordId: id }).filter((a) => a.role === 'photo').sortBy('createdAt'),
    /** Every file of the record held on this device: photos, documents, scans. */
    attachments: (id: string): Promise<ServiceAttachmentRow[]> => db.serviceAttachments.where({ recordId: id }).sortBy('createdAt'),

    ...serviceSyncMethods(db, { now, tables }),
  };
}
export type ServiceRecordRepository = ReturnType<typeof serviceRecordRepository>;
