/**
 * What the office keeps beside each service record's current version so its listing is a query:
 * hospital, contract, kind, level, state, the report's time and day in China, an open pause, and
 * the clocks' due times (storage/sqlite/service-records.ts). Whether a clock is breached depends
 * on now, so it is never stored: a due time is, and "breached now" compares it with now.
 */
import { Contract } from '../../src-shared/catalog/reference';
import { foldRecord, type ServiceState } from '../../src-shared/service/fold';
import type { ServiceRecord } from '../../src-shared/service/record';
import { scheduleClocks } from '../../src-shared/sla/clock';
import type { CalendarData } from '../../src-shared/sla/types';
import type { OfficeContext } from '../context';
import type { ServiceListing } from '../storage/port';

/** ISO instants as `toISOString` writes them (UTC, milliseconds), so SQLite can compare them as text. */
export const utc = (iso: string): string => new Date(iso).toISOString();

/** yyyy-mm-dd in China (UTC+8 all year): the day a period filter counts a report in. */
export function chinaDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * A contract from the office's reference data as the current schema reads it: rows an older office
 * stored lack fields that now have defaults (a level's `kinds`, `onSiteBy`), which the rules read.
 */
export function readContract(data: unknown): Contract | undefined {
  return Contract.safeParse(data).data;
}

export async function contractById(ctx: OfficeContext, id: string): Promise<(Contract & { deleted: boolean }) | undefined> {
  const row = await ctx.store.getReference('contract', id);
  const contract = row && readContract(row.data);
  return contract && { ...contract, deleted: row.deleted };
}

/** The contract's calendar from the office's reference data, when the office has one (else the clock falls back to Monday–Friday). */
export async function calendarOf(ctx: OfficeContext, contract: Pick<Contract, 'calendar'>): Promise<CalendarData | undefined> {
  const row = await ctx.store.getReference('calendar', contract.calendar);
  return row && !row.deleted ? (row.data as CalendarData) : undefined;
}

export function deriveListing(record: ServiceRecord, contract: Contract, calendar: CalendarData | undefined): { listing: ServiceListing; state: ServiceState } {
  const state = foldRecord(record);
  const schedule = scheduleClocks(state, contract, calendar);
  // The clock starts at the written report where the contract says so (004); the listing's period is the report's.
  const reportedAt = state.steps.reported?.at ?? record.createdAt;
  const openPause = state.pauses.at(-1);
  const listing: ServiceListing = {
    hospitalId: record.hospitalId,
    contractId: record.contractId,
    kind: state.kind,
    levelId: state.levelId,
    status: state.status,
    reportedAt: utc(reportedAt),
    reportedDay: chinaDay(reportedAt),
    ...(openPause && openPause.to === undefined ? { pausedSince: utc(openPause.from) } : {}),
    title: state.texts.title,
    subject: record.subject,
    schedule,
    clocks: schedule.clocks.map((c) => ({ step: c.step, due: utc(c.due), ...(c.doneAt ? { doneAt: utc(c.doneAt) } : {}) })),
  };
  return { listing, state };
}
