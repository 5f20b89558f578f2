/**
 * Service records as a device writes them (src-shared/service/record.ts) for the office's tests:
 * a new record (classified, reported, titled) and the events a device appends to it.
 */
import type { ServiceEvent, ServiceRecord } from '../../../src-shared/service/record';
import type { FaultPush } from '../../../src-shared/sync/envelope';

export interface NewRecordOptions {
  hospitalId?: string;
  contractId?: string;
  levelId?: string;
  kind?: 'fault' | 'consultation';
  reportedAt?: string;
  title?: string;
  by?: string;
  subject?: ServiceRecord['subject'];
}

let counter = 0;

/** A fresh event id on this "device": `<prefix>-<n>`. */
export const eventId = (prefix = 'dev-a'): string => `${prefix}-${++counter}`;

export function newRecord(id: string, o: NewRecordOptions = {}): FaultPush {
  const reportedAt = o.reportedAt ?? '2026-03-16T09:00:00.000+08:00';
  const by = o.by ?? '陈杰';
  const base = { recordedAt: reportedAt, by };
  return {
    id,
    version: 1,
    hospitalId: o.hospitalId ?? 'yunan-peoples',
    contractId: o.contractId ?? 'yunan-maint-2026',
    subject: o.subject ?? { kind: 'system', systemId: 'yn-his' },
    channel: 'phone',
    reporter: { name: '李主任', department: '信息科', phone: '13800138000' },
    createdAt: reportedAt,
    createdBy: 'device-test',
    photos: [],
    events: [
      { ...base, id: `${id}-c1`, type: 'classify', kind: o.kind ?? 'fault', levelId: o.levelId ?? 'level-2' },
      { ...base, id: `${id}-r1`, type: 'step', step: 'reported', at: reportedAt },
      { ...base, id: `${id}-t1`, type: 'text', field: 'title', value: o.title ?? 'HIS 门诊收费缓慢' },
    ],
  };
}

/** A step event at `at`, written then (or at `recordedAt`). */
export function stepEvent(step: Extract<ServiceEvent, { type: 'step' }>['step'], at: string, extra: Partial<Extract<ServiceEvent, { type: 'step' }>> = {}): ServiceEvent {
  return { id: eventId(), recordedAt: at, by: '陈杰', type: 'step', step, at, ...extra };
}

/** The next version: the record with these events appended. */
export function append(record: FaultPush, ...events: ServiceEvent[]): FaultPush {
  return { ...record, version: record.version + 1, events: [...record.events, ...events] };
}
