/**
 * What every write of a service record shares: the device's writer id (the left half of its event
 * ids, kept in `meta`), the text limits (refused, never cut), the device-clock check and the
 * index fields derived from the record. Used by service-records.ts and service-findings.ts.
 */
import type { z } from 'zod';
import type { Contract } from '../../../src-shared/catalog/reference';
import type { OfficeClockReading } from '../../../src-shared/rpc/service-sync';
import { foldRecord } from '../../../src-shared/service/fold';
import { SERVICE_LIMITS, ServiceEvent, ServiceRecord, type ClockCheck } from '../../../src-shared/service/record';
import type { RuleProblem } from '../../../src-shared/service/rules';
import type { XunjianDb } from '../database';
import { OFFICE_SYNC_KEY, type ServiceRecordRow } from '../rows';
import { StoreError } from '../store-error';

/** An event as a caller gives it: the store fills in its id, its device time and the clock check. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type NewServiceEvent = DistributiveOmit<z.input<typeof ServiceEvent>, 'id' | 'seq' | 'recordedAt' | 'clock'>;

/** Where the office's time comes from: the main process (RPC `clock.read`) in the app; a fake in tests. */
export type OfficeClockSource = () => Promise<OfficeClockReading | undefined>;

/** A write the contract's rules refuse (service/rules.ts): the screens show one sentence per problem (`rule.<code>`). */
export class ServiceRuleError extends StoreError {
  constructor(readonly problems: RuleProblem[]) {
    super('svc_rule', problems.map((p) => `${p.code}: ${p.message}`).join('; '), { rule: problems[0]?.code ?? '' });
    this.name = 'ServiceRuleError';
  }
}

const WRITER_KEY = 'service.writer';

/**
 * This device's writer id, chosen once and kept: the enrolled device id when the device was
 * enrolled at its first service write (the office's logs then name it), else a random one. It must
 * never change, or two of its own events could share an id; re-enrolling does not change it.
 * Call inside a transaction over meta and syncState.
 */
export async function writerId(db: XunjianDb): Promise<string> {
  const kept = await db.meta.get(WRITER_KEY);
  if (typeof kept?.value === 'string') return kept.value;
  const deviceId = (await db.syncState.get(OFFICE_SYNC_KEY))?.enrollment?.deviceId;
  const cleaned = deviceId?.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60);
  const id = cleaned || `d${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await db.meta.put({ key: WRITER_KEY, value: id });
  return id;
}

/** The number of an event id this writer gave (`<writer>-<n>`), or 0 for another writer's. */
export function ownNumber(writer: string, eventId: string): number {
  if (!eventId.startsWith(`${writer}-`)) return 0;
  const n = Number(eventId.slice(writer.length + 1));
  return Number.isSafeInteger(n) ? n : 0;
}

const tooLong = (what: string, length: number, max: number): never => {
  throw new StoreError('too_long', `${what} of ${length} characters`, { max });
};

/** Refuses any text over its limit (service/record.ts SERVICE_LIMITS), naming the limit. */
export function assertEventFits(event: NewServiceEvent): void {
  const by = event.by.trim();
  if (by.length > SERVICE_LIMITS.personName) tooLong('name', by.length, SERVICE_LIMITS.personName);
  if ('reason' in event && event.reason !== undefined && event.reason.trim().length > SERVICE_LIMITS.reason) tooLong('reason', event.reason.trim().length, SERVICE_LIMITS.reason);
  if (event.type === 'text') {
    const max = event.field === 'title' ? SERVICE_LIMITS.title : SERVICE_LIMITS.text;
    if (event.value.length > max) tooLong(event.field, event.value.length, max);
  }
  if (event.type === 'spot_check' && (event.note?.length ?? 0) > SERVICE_LIMITS.reason) tooLong('note', event.note?.length ?? 0, SERVICE_LIMITS.reason);
  if (event.type === 'follow_up') {
    if (event.contact.trim().length > SERVICE_LIMITS.personName) tooLong('contact', event.contact.trim().length, SERVICE_LIMITS.personName);
    if ((event.phone?.trim().length ?? 0) > SERVICE_LIMITS.phone) tooLong('phone', event.phone?.trim().length ?? 0, SERVICE_LIMITS.phone);
    if ((event.comment?.length ?? 0) > SERVICE_LIMITS.followUpComment) tooLong('comment', event.comment?.length ?? 0, SERVICE_LIMITS.followUpComment);
  }
}

/**
 * The gap between the device's clock (`recordedAt`) and the office's time as the main process
 * estimates it; undefined when there is no estimate (never synced, rebooted since) or the main
 * process cannot be asked. Read before a transaction opens: an RPC inside one would end it.
 */
export async function clockCheck(source: OfficeClockSource | undefined, recordedAt: string): Promise<ClockCheck | undefined> {
  if (!source) return undefined;
  const reading = await source().catch(() => undefined);
  if (!reading?.officeEstimate) return undefined;
  const estimate = Date.parse(reading.officeEstimate);
  if (!Number.isFinite(estimate)) return undefined;
  return { officeEstimate: new Date(estimate).toISOString(), skewMs: Math.round(Date.parse(recordedAt) - estimate), basis: 'monotonic' };
}

/** Completes an event; a shape the schema refuses is a caller's mistake, reported as `svc_invalid`. */
export function completeEvent(event: NewServiceEvent, id: string, seq: number, recordedAt: string, clock: ClockCheck | undefined): ServiceEvent {
  const parsed = ServiceEvent.safeParse({ ...event, id, seq, recordedAt, ...(clock ? { clock } : {}) });
  if (!parsed.success) throw new StoreError('svc_invalid', `event: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { detail: parsed.error.issues[0]?.path.join('.') ?? '' });
  return parsed.data;
}

/** The most a record may weigh as JSON, so that the office takes its push (SERVICE_LIMITS.recordBytes). */
export const MAX_RECORD_BYTES = SERVICE_LIMITS.recordBytes;

/** The whole record, checked as the office will check it; refuses more events or photos than it holds. */
export function validRecord(record: ServiceRecord): ServiceRecord {
  if (record.events.length > SERVICE_LIMITS.events) throw new StoreError('svc_too_many_events', `${record.events.length} events`, { max: SERVICE_LIMITS.events });
  const bytes = new TextEncoder().encode(JSON.stringify(record)).length;
  if (bytes > MAX_RECORD_BYTES) throw new StoreError('svc_too_heavy', `the record would weigh ${bytes} bytes`, { max: Math.floor(MAX_RECORD_BYTES / (1024 * 1024)) });
  if (record.photos.length > SERVICE_LIMITS.photos) throw new StoreError('svc_too_many_photos', `${record.photos.length} photos`, { max: SERVICE_LIMITS.photos });
  const parsed = ServiceRecord.safeParse(record);
  if (!parsed.success) throw new StoreError('svc_invalid', `record: ${parsed.error.issues[0]?.message ?? 'invalid'}`, { detail: parsed.error.issues[0]?.path.join('.') ?? '' });
  return parsed.data;
}

/** The row for a record, with the index fields in step with it (rows.ts ServiceRecordRow). */
export function rowOf(
  record: ServiceRecord,
  contract: Pick<Contract, 'followUpCalls'> | undefined,
  base: Pick<ServiceRecordRow, 'officeVersion' | 'nextEventNo'>,
  at: string,
): ServiceRecordRow {
  const state = foldRecord(record);
  const repaired = state.status !== 'open';
  const called = state.followUps.length > 0 || state.steps.followed_up !== undefined;
  return {
    id: record.id,
    hospitalId: record.hospitalId,
    contractId: record.contractId,
    record,
    status: state.status,
    reportedAt: state.steps.reported?.at ?? record.createdAt,
    followUpDue: repaired && contract?.followUpCalls === true && !called ? 1 : 0,
    ...(record.origin ? { originAnswerId: record.origin.answerId } : {}),
    updatedAt: at,
    officeVersion: base.officeVersion,
    nextEventNo: base.nextEventNo,
  };
}

/** Bytes a push of the record carries (its local attachments), for the outbox's progress. */
export async function attachmentBytes(db: XunjianDb, recordId: string): Promise<number> {
  let bytes = 0;
  await db.serviceAttachments.where({ recordId }).each((a) => (bytes += a.blob.size));
  return bytes;
}
