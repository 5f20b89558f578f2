/**
 * Reading service records back from the office (GET /faults, GET /faults/<id>): the listing with
 * each record's SLA state at the office's now, and one record with the history of its versions.
 * An engineer reads the records of their hospitals; docs/sync-protocol.md "Service records".
 */
import { z } from 'zod';
import { PromiseStep, ServiceKind, Duration } from '../catalog/reference';
import { Slug } from '../catalog/schema';
import { ServiceSubject } from '../service/record';
import { FaultPush } from './envelope';

const Day = z.iso.date();

export const FaultListQuery = z
  .object({
    hospital: Slug.optional(),
    state: z.enum(['open', 'resolved', 'closed']).optional(),
    /** `true`: only records with a clock not met and past due now (an open pause stops the clock). */
    breached: z.enum(['true', 'false']).optional(),
    level: Slug.optional(),
    /** Days in China (yyyy-mm-dd), inclusive, on the report's time. */
    from: Day.optional(),
    to: Day.optional(),
    /** Records any version of which this engineer pushed. */
    engineer: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    offset: z.coerce.number().int().min(0).default(0),
  })
  .strict();
export type FaultListQuery = z.infer<typeof FaultListQuery>;

/** One clock read at the office's now (src-shared/sla/types.ts ClockReading). */
export const ClockReadingSchema = z
  .object({
    step: PromiseStep,
    target: Duration,
    basis: z.enum(['in_hours', 'outside_hours']),
    start: z.string(),
    due: z.string(),
    doneAt: z.string().optional(),
    pausedMs: z.number(),
    status: z.enum(['met', 'met_late', 'running', 'breached', 'paused']),
    remainingMs: z.number(),
  })
  .strict();

export const FaultSummary = z
  .object({
    id: z.string(),
    version: z.number().int(),
    hospitalId: Slug,
    contractId: Slug,
    subject: ServiceSubject,
    kind: ServiceKind,
    levelId: Slug,
    status: z.enum(['open', 'resolved', 'closed']),
    title: z.string(),
    reportedAt: z.string(),
    pausedSince: z.string().optional(),
    /** Engineers who pushed any version. */
    engineerIds: z.array(z.string()),
    updatedAt: z.string(),
    clocks: z.array(ClockReadingSchema),
    /** Some clock is breached now. */
    breached: z.boolean(),
    /** Years the clock counted Monday–Friday for want of calendar data. */
    fallbackYears: z.array(z.number().int()),
  })
  .strict();
export type FaultSummary = z.infer<typeof FaultSummary>;

export const FaultList = z
  .object({ total: z.number().int(), now: z.string(), records: z.array(FaultSummary) })
  .strict();
export type FaultList = z.infer<typeof FaultList>;

export const FaultVersionInfo = z
  .object({
    version: z.number().int(),
    hash: z.string(),
    receivedAt: z.string(),
    engineerId: z.string(),
    deviceId: z.string(),
    /** Ids of the events this version added to the one before it. */
    addedEvents: z.array(z.string()),
  })
  .strict();
export type FaultVersionInfo = z.infer<typeof FaultVersionInfo>;

export const FaultDetail = z
  .object({ now: z.string(), summary: FaultSummary, record: FaultPush, versions: z.array(FaultVersionInfo) })
  .strict();
export type FaultDetail = z.infer<typeof FaultDetail>;
