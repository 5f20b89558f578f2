/**
 * The dashboard's rows (storage schema 6), derived once per accepted report or record version so a
 * dashboard request reads small rows by window instead of every signed record's blob: for a
 * report, its PeriodInspection (src-shared/period/from-record.ts); for a service record, the day its
 * clock started and the name it was opened under. Written right after each accepted push and, for
 * what an older office stored (or what a crash between the push and this write left out), by
 * `fillPeriodFacts`, which the office starts in the background and every dashboard request awaits.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import { periodInspectionOf } from '../../src-shared/period/from-record';
import type { InspectionRecord } from '../../src-shared/report/inspection-record';
import type { PeriodServiceRecord } from '../../src-shared/period/types';
import { foldRecord, orderEvents } from '../../src-shared/service/fold';
import type { ServiceRecord } from '../../src-shared/service/record';
import { readReportRecord } from '../accept/report-record';
import type { OfficeContext } from '../context';
import { chinaDay, contractById } from '../service/derive';
import type { PeriodInspectionFact, PeriodServiceFact, StoredReport } from '../storage/port';

/** Raised when what a row holds changes meaning: every row derived before is derived again. */
export const PERIOD_DERIVATION = 1;

/** Rows derived per round of the fill, written in one transaction. */
const FILL_BATCH = 200;

export function inspectionFactOf(report: Pick<StoredReport, 'id' | 'hash' | 'hospitalId' | 'contractId' | 'signedAt' | 'reportNumber'>, record: InspectionRecord, contract: Pick<Contract, 'id'>): PeriodInspectionFact {
  const inspection = periodInspectionOf(record, { signedAt: report.signedAt, reportNumber: report.reportNumber }, contract);
  return {
    reportId: report.id,
    recordHash: report.hash,
    hospitalId: report.hospitalId,
    contractId: report.contractId,
    engineer: record.engineer,
    day: chinaDay(inspection.completedAt ?? inspection.signedAt ?? record.completedAt),
    derivedWith: PERIOD_DERIVATION,
    inspection,
  };
}

/**
 * The day a record's clock started, as the contract counts (its report, or 004's written report
 * once recorded), and the name it was opened under: its first event's `by`, the engineer's name as
 * typed on the device (`createdBy` is the device's writer id, not a person).
 */
export function serviceFactOf(record: PeriodServiceRecord & Pick<ServiceRecord, 'createdAt' | 'createdBy'>, contract: Pick<Contract, 'clockStart'>): { day: string; engineer: string } {
  const state = foldRecord(record as ServiceRecord);
  const written = contract.clockStart === 'written_report' ? state.steps.written_report?.at : undefined;
  const start = written ?? state.steps.reported?.at ?? record.createdAt;
  const first = orderEvents(record.events)[0];
  return { day: chinaDay(start), engineer: first?.by ?? record.createdBy };
}

/** Contracts by id for one round: each is parsed once, not once per record. */
function contractCache(ctx: OfficeContext): (id: string) => Promise<Contract | undefined> {
  const seen = new Map<string, Promise<Contract | undefined>>();
  return (id) => {
    let c = seen.get(id);
    if (!c) {
      c = contractById(ctx, id);
      seen.set(id, c);
    }
    return c;
  };
}

async function deriveReport(ctx: OfficeContext, id: string, contractOf: (id: string) => Promise<Contract | undefined>): Promise<PeriodInspectionFact | undefined> {
  const report = await ctx.store.getReport(id);
  const bytes = report && (await readReportRecord(ctx, report));
  const contract = report && (await contractOf(report.contractId));
  if (!report || !bytes || !contract) return undefined;
  return inspectionFactOf(report, JSON.parse(Buffer.from(bytes).toString('utf8')) as InspectionRecord, contract);
}

/** A stored version as a record: checked when it was accepted; versions an older office kept unchecked have no events. */
function storedRecord(body: Record<string, unknown>): (ServiceRecord & { version: number }) | undefined {
  return Array.isArray(body.events) && typeof body.contractId === 'string' && typeof body.id === 'string' ? (body as unknown as ServiceRecord & { version: number }) : undefined;
}

async function deriveService(ctx: OfficeContext, id: string, version: number, contractOf: (id: string) => Promise<Contract | undefined>): Promise<PeriodServiceFact | undefined> {
  const stored = await ctx.store.getFaultVersion(id, version);
  const record = stored && storedRecord(stored.body);
  const contract = record && (await contractOf(record.contractId));
  if (!record || !contract) return undefined;
  return { recordId: id, version, hospitalId: record.hospitalId, contractId: record.contractId, ...serviceFactOf(record, contract), derivedWith: PERIOD_DERIVATION };
}

interface FillState {
  /** Bumped by every accepted push: a fill that started before it may have missed that push's rows. */
  generation: number;
  /** The generation a fill last found nothing left to derive at, when, and what it skipped then. */
  clean?: { generation: number; at: number; skipped: number };
  /** The fill under way, if any. */
  current?: Promise<FillOutcome>;
  /** A fill queued behind it: callers who come meanwhile share it, so a sync burst queues one, not hundreds. */
  queued?: Promise<FillOutcome>;
}

export interface FillOutcome {
  derived: number;
  skipped: number;
}

const fills = new WeakMap<OfficeContext, FillState>();

async function fillOnce(ctx: OfficeContext): Promise<FillOutcome> {
  let derived = 0;
  const skip = new Set<string>();
  for (;;) {
    const todo = await ctx.store.periodFactsToDerive(PERIOD_DERIVATION, FILL_BATCH + skip.size);
    const reports = todo.reports.filter((r) => !skip.has(`r:${r.id}`)).slice(0, FILL_BATCH);
    const services = todo.services.filter((s) => !skip.has(`s:${s.id}`)).slice(0, FILL_BATCH);
    if (!reports.length && !services.length) break;
    const contractOf = contractCache(ctx);
    const facts: { inspections: PeriodInspectionFact[]; services: PeriodServiceFact[] } = { inspections: [], services: [] };
    for (const r of reports) {
      const fact = await deriveReport(ctx, r.id, contractOf);
      if (fact) facts.inspections.push(fact);
      else skip.add(`r:${r.id}`);
    }
    for (const s of services) {
      const fact = await deriveService(ctx, s.id, s.version, contractOf);
      if (fact) facts.services.push(fact);
      else skip.add(`s:${s.id}`);
    }
    await ctx.store.putPeriodFacts(facts);
    derived += facts.inspections.length + facts.services.length;
  }
  if (derived || skip.size) ctx.log.info({ derived, skipped: skip.size }, 'dashboard rows derived');
  return { derived, skipped: skip.size };
}

/**
 * Derives every missing or stale row, in rounds. One fill at a time per office; a caller that
 * comes while one runs gets the next one (shared by everyone who comes meanwhile), so what was
 * accepted before the call is seen. Rows that cannot be derived (a record an older office kept
 * unchecked, a contract since deleted) are skipped and counted; the dashboard does not count them.
 */
export function fillPeriodFacts(ctx: OfficeContext): Promise<FillOutcome> {
  const state = stateOf(ctx);
  if (state.queued) return state.queued;
  const start = (): Promise<FillOutcome> => {
    const generation = state.generation;
    const run = fillOnce(ctx)
      .then((outcome) => {
        state.clean = { generation, at: Date.now(), skipped: outcome.skipped };
        return outcome;
      })
      .finally(() => {
        if (state.current === run) state.current = undefined;
      });
    state.current = run;
    return run;
  };
  if (!state.current) return start();
  const queued = state.current.catch(() => undefined).then(() => {
    state.queued = undefined;
    return start();
  });
  state.queued = queued;
  return queued;
}

function stateOf(ctx: OfficeContext): FillState {
  const state = fills.get(ctx) ?? { generation: 0 };
  fills.set(ctx, state);
  return state;
}

/**
 * The CLI imports bundles from another process while the service runs: what it wrote is found by
 * the next fill, at most this long after (the CLI derives its own rows too, before it exits).
 */
const CLEAN_FOR_MS = 30_000;

/**
 * What a dashboard request awaits: nothing when a fill lately found nothing left and no push came
 * since (the rows are complete), else a fill. Saves the two anti-join scans on most requests.
 */
export async function ensureFilled(ctx: OfficeContext): Promise<FillOutcome> {
  const state = stateOf(ctx);
  const clean = state.clean;
  if (clean && clean.generation === state.generation && Date.now() - clean.at < CLEAN_FOR_MS && !state.current && !state.queued) return { derived: 0, skipped: clean.skipped };
  return fillPeriodFacts(ctx);
}

/** After an accepted push, in the background: the push's answer does not wait, and a failure is logged for the next fill to retry. */
export function scheduleFill(ctx: OfficeContext): void {
  stateOf(ctx).generation++;
  fillPeriodFacts(ctx).catch((error: unknown) => ctx.log.warn({ error: error instanceof Error ? error.message : String(error) }, 'dashboard rows not derived; the next fill will'));
}

/** Waits for the fills under way, before the store closes. */
export async function settleFills(ctx: OfficeContext): Promise<void> {
  const state = fills.get(ctx);
  await Promise.allSettled([state?.current, state?.queued]);
}
