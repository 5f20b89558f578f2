/**
 * Service records as the API and the console read them: each record's clocks read against the
 * office's now (clockStatus on the schedule stored with the version), and one record's versions
 * with what each added.
 */
import { clockStatus } from '../../src-shared/sla/clock';
import { FaultPush } from '../../src-shared/sync/envelope';
import type { FaultSummary, FaultVersionInfo } from '../../src-shared/sync/service-records';
import type { OfficeContext } from '../context';
import type { ServiceRecordFilter, StoredFault, StoredServiceRecord } from '../storage/port';

export function summarize(row: StoredServiceRecord, now: Date): FaultSummary {
  const clocks = clockStatus(row.schedule, now);
  return {
    id: row.id,
    version: row.version,
    hospitalId: row.hospitalId,
    contractId: row.contractId,
    subject: row.subject,
    kind: row.kind,
    levelId: row.levelId,
    status: row.status,
    title: row.title,
    reportedAt: row.reportedAt,
    ...(row.pausedSince ? { pausedSince: row.pausedSince } : {}),
    engineerIds: row.engineerIds,
    updatedAt: row.updatedAt,
    clocks,
    breached: clocks.some((c) => c.status === 'breached'),
    fallbackYears: row.schedule.fallbackYears,
  };
}

export async function listFaults(ctx: OfficeContext, filter: Omit<ServiceRecordFilter, 'breachedAt'> & { breached?: boolean }): Promise<{ total: number; now: Date; records: FaultSummary[] }> {
  const now = ctx.now();
  const { breached, ...rest } = filter;
  const { total, records } = await ctx.store.listServiceRecords({ ...rest, ...(breached ? { breachedAt: now.toISOString() } : {}) });
  return { total, now, records: records.map((r) => summarize(r, now)) };
}

export interface FaultHistory {
  record: FaultPush;
  versions: (FaultVersionInfo & { stored: StoredFault })[];
}

/** Every version with the events it added; undefined for a fault stored before records were checked. */
export async function faultHistory(ctx: OfficeContext, id: string): Promise<FaultHistory | undefined> {
  const stored = await ctx.store.listFaultVersions(id);
  const last = stored.at(-1);
  const record = last && FaultPush.safeParse(last.body).data;
  if (!record) return undefined;
  const seen = new Set<string>();
  const versions = stored.map((v) => {
    const events = FaultPush.safeParse(v.body).data?.events ?? [];
    const addedEvents = events.filter((e) => !seen.has(e.id)).map((e) => e.id);
    for (const e of events) seen.add(e.id);
    return { version: v.version, hash: v.hash, receivedAt: v.receivedAt, engineerId: v.engineerId, deviceId: v.deviceId, addedEvents, stored: v };
  });
  return { record, versions };
}
