/**
 * The dashboard's numbers: for each contract the filter selects, the window of its own cadence that
 * holds the chosen day, and in it the period figures (src-shared/period/figures.ts), the plan's
 * late targets, seed 004's 附件1 for each quarter of the window begun so far, and the deliverables
 * missing (service/deliverables.ts). Read from the dashboard's rows (facts.ts), never from the
 * signed records' blobs. A contract with no window on that day, or no cadence, carries a problem
 * the page says in words instead of a number.
 */
import type { WindowUnit } from '../../src-shared/catalog/period-schema';
import type { Asset, Contract } from '../../src-shared/catalog/reference';
import { evaluateAnnex004 } from '../../src-shared/period/annex-004';
import { periodFigures } from '../../src-shared/period/figures';
import { planContract } from '../../src-shared/period/plan';
import type { Annex004Result, PeriodFigures, PeriodInspection, PeriodServiceRecord, PeriodWindow, PlanCell } from '../../src-shared/period/types';
import { contractWindows, overlaps, windowOf } from '../../src-shared/period/windows';
import type { OfficeContext } from '../context';
import { calendarOf, chinaDay, readContract } from '../service/derive';
import { missingDeliverables, type MissingCount } from '../service/deliverables';
import { ensureFilled } from './facts';

export interface DashboardQuery {
  hospital?: string;
  contract?: string;
  engineer?: string;
  /** A China day: each contract's window containing it. Today when absent. */
  day?: string;
  /** The hospitals a console reader may read (set by the route, never from the URL); absent: all. */
  scope?: readonly string[];
}

export type ContractProblem = { code: 'outside_period'; start: string; end: string } | { code: 'no_cadence' };

export interface AnnexWindow {
  window: PeriodWindow;
  /** The quarter holding the chosen day: the one the contracts table grades, listed first. */
  current: boolean;
  /** The quarter holding today: its grade is "so far"; any other begun quarter has ended. */
  running: boolean;
  result: Annex004Result;
}

/** The contract from its first day to today (or its last day): what the device's dashboard counts. */
export interface ContractToDate {
  start: string;
  end: string;
  /** Plan targets late in any window so far; null without a cadence. */
  late: number | null;
  /** Deliverables missing in every window begun so far; undefined when the contract lists none. */
  deliverablesMissing?: number;
}

/** Per engineer (as the records name them) in one contract's window. */
export interface EngineerTally {
  engineer: string;
  inspections: number;
  findings: number;
  services: number;
  faults: number;
  slaMet: number;
  slaMissed: number;
}

export interface ContractView {
  contract: Contract;
  /** The unit of the contract's windows: its cadence, or a quarter where it has none. */
  unit: WindowUnit;
  windows: PeriodWindow[];
  window?: PeriodWindow;
  problems: ContractProblem[];
  /** Over every record of the window: the plan, late targets and 附件1 belong to the contract. */
  plan?: PeriodFigures['plan'];
  late: PlanCell[];
  /** Over the engineer's records when the filter names one. */
  figures?: PeriodFigures;
  /** The current quarter first (the one holding the chosen day), then the window's other begun quarters in order. */
  annex: AnnexWindow[];
  /** Beside the window's counts, so they can be compared with the device's (which counts the contract so far). */
  toDate?: ContractToDate;
  /** Undefined when the contract lists no deliverable. */
  deliverables?: MissingCount[];
  engineers: EngineerTally[];
}

export interface Dashboard {
  asOf: string;
  day: string;
  contracts: ContractView[];
  /** Reports or records whose dashboard row could not be derived: said on the page, not counted. */
  skipped: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/**
 * Contracts as parsed, by the hash of their reference row: the schema's parse of a contract with
 * nineteen systems is most of a millisecond, and every request would otherwise parse each again.
 */
const parsed = new Map<string, Contract | undefined>();

function contractOf(row: { hash: string | null; data: unknown }): Contract | undefined {
  if (row.hash === null) return readContract(row.data);
  if (!parsed.has(row.hash)) {
    // A bounded cache: contracts change rarely, so clearing it now and then costs nothing.
    if (parsed.size > 500) parsed.clear();
    parsed.set(row.hash, readContract(row.data));
  }
  return parsed.get(row.hash);
}

/** The contracts the filter selects, by hospital then id. */
export async function selectedContracts(ctx: OfficeContext, q: Pick<DashboardQuery, 'hospital' | 'contract' | 'scope'>): Promise<Contract[]> {
  const rows = await ctx.store.listReference('contract', q.hospital);
  return rows
    .map((r) => contractOf(r))
    .filter((c): c is Contract => c !== undefined && (!q.hospital || c.hospitalId === q.hospital) && (!q.contract || c.id === q.contract) && (!q.scope || q.scope.includes(c.hospitalId)))
    .sort((a, b) => a.hospitalId.localeCompare(b.hospitalId) || a.id.localeCompare(b.id));
}

export function windowUnit(contract: Contract): WindowUnit {
  return contract.inspection.cadence?.every ?? 'quarter';
}

/** Counts per engineer from the figures' trace: each row names its record, each record its engineer. */
function tallyEngineers(figures: PeriodFigures, inspections: readonly PeriodInspection[], services: readonly { id: string; engineer: string }[]): EngineerTally[] {
  const whose = new Map<string, string>([...inspections.map((i): [string, string] => [i.id, i.engineer]), ...services.map((s): [string, string] => [s.id, s.engineer])]);
  const tallies = new Map<string, EngineerTally>();
  const of = (id: string): EngineerTally | undefined => {
    const engineer = whose.get(id);
    if (engineer === undefined) return undefined;
    const t = tallies.get(engineer) ?? { engineer, inspections: 0, findings: 0, services: 0, faults: 0, slaMet: 0, slaMissed: 0 };
    tallies.set(engineer, t);
    return t;
  };
  for (const row of figures.trace) {
    if (!row.counted) continue;
    const t = of(row.id);
    if (!t) continue;
    if (row.figure === 'inspections_done') t.inspections++;
    else if (row.figure === 'findings') t.findings++;
    else if (row.figure === 'faults') t.faults++;
    else if (row.figure === 'sla_met') t.slaMet++;
    else if (row.figure === 'sla_missed') t.slaMissed++;
  }
  // Every record of the window counts once, whether or not it figures elsewhere.
  const windowServices = new Set(figures.trace.filter((r) => r.kind === 'service').map((r) => r.id));
  for (const s of services) if (windowServices.has(s.id)) of(s.id)!.services++;
  return [...tallies.values()].sort((a, b) => a.engineer.localeCompare(b.engineer, 'zh-CN'));
}

async function contractView(ctx: OfficeContext, contract: Contract, q: DashboardQuery, day: string, asOf: string, assets: readonly Asset[], deliverables: readonly MissingCount[]): Promise<ContractView> {
  const unit = windowUnit(contract);
  const windows = contractWindows(contract, unit);
  const window = windowOf(windows, day);
  const view: ContractView = { contract, unit, windows, problems: [], late: [], annex: [], engineers: [] };
  if (!contract.inspection.cadence) view.problems.push({ code: 'no_cadence' });
  if (!window) {
    view.problems.push({ code: 'outside_period', start: contract.period.start, end: contract.period.end });
    return view;
  }
  view.window = window;
  const range = { contractIds: [contract.id], from: window.start, to: window.end };
  const inspections = (await ctx.store.listPeriodInspections(range)).map((f) => f.inspection);
  const stored = await ctx.store.listPeriodServices(range);
  // Bodies were checked when accepted (accept/fault.ts) and are stored as parsed.
  const services = stored.map((s) => s.body as unknown as PeriodServiceRecord);
  const calendar = await calendarOf(ctx, contract);
  const mine = assets.filter((a) => a.contractId === contract.id);
  const all = periodFigures({ contract, assets: mine, inspections, services, calendar, window, asOf });
  view.plan = all.plan;
  const today = chinaDay(asOf);
  const toDateEnd = today < contract.period.end ? (today < contract.period.start ? contract.period.start : today) : contract.period.end;
  view.toDate = { start: contract.period.start, end: toDateEnd, late: null };
  if (contract.inspection.cadence) {
    // The plan over the contract so far (as on the device), and over the chosen window when it lies ahead of today.
    const planTo = window.end > toDateEnd ? window.end : toDateEnd;
    const planInspections = (await ctx.store.listPeriodInspections({ contractIds: [contract.id], from: contract.period.start, to: planTo })).map((f) => f.inspection);
    const plan = planContract({ contract, assets: mine, inspections: planInspections, asOf });
    view.late = plan.cells.filter((c) => c.state === 'late' && overlaps(c.window, window));
    view.toDate.late = plan.counts.late;
  }
  const engineerOf = stored.map((s) => ({ id: s.recordId, engineer: s.engineer }));
  view.engineers = tallyEngineers(all, inspections, engineerOf);
  view.figures =
    q.engineer === undefined
      ? all
      : periodFigures({
          contract,
          assets: mine,
          inspections: inspections.filter((i) => i.engineer === q.engineer),
          services: stored.filter((s) => s.engineer === q.engineer).map((s) => s.body as unknown as PeriodServiceRecord),
          calendar,
          window,
          asOf,
        });
  const annex = contract.evaluation.annex004;
  if (annex) {
    const holds = (w: PeriodWindow, d: string): boolean => w.start <= d && d <= w.end;
    for (const w of contractWindows(contract, annex.every)) {
      // Quarters of the window that have begun: a grade for a quarter not yet started would be invented.
      if (!overlaps(w, window) || w.start > today) continue;
      view.annex.push({ window: w, current: holds(w, day), running: holds(w, today), result: evaluateAnnex004({ contract, inspections, services, calendar, window: w, asOf }) });
    }
    // The quarter holding the chosen day first: the one the contracts table and the export grade.
    view.annex.sort((a, b) => Number(b.current) - Number(a.current));
  }
  if (contract.deliverables.length) {
    const own = deliverables.filter((d) => d.contractId === contract.id);
    view.deliverables = own.filter((d) => overlaps({ start: d.windowStart, end: d.windowEnd }, window));
    view.toDate.deliverablesMissing = own.reduce((n, d) => n + d.missing, 0);
  }
  return view;
}

export async function loadDashboard(ctx: OfficeContext, q: DashboardQuery): Promise<Dashboard> {
  const { skipped } = await ensureFilled(ctx);
  const now = ctx.now();
  const asOf = now.toISOString();
  const day = q.day ?? chinaDay(asOf);
  const contracts = await selectedContracts(ctx, q);
  const assets = (await ctx.store.listReference('asset', q.hospital)).map((r) => r.data as Asset);
  // Deliverables due by the end of the day asked about (a window's own deliverables are due once it has begun).
  const deliverables = contracts.some((c) => c.deliverables.length)
    ? await missingDeliverables(ctx, { ...(q.hospital ? { hospitalId: q.hospital } : {}), ...(q.contract ? { contractId: q.contract } : {}), ...(q.scope ? { scope: q.scope } : {}), asOf: now })
    : [];
  const views: ContractView[] = [];
  for (const c of contracts) views.push(await contractView(ctx, c, q, day, asOf, assets, deliverables));
  return { asOf, day, contracts: views, skipped };
}
