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
}

export type ContractProblem = { code: 'outside_period'; start: string; end: string } | { code: 'no_cadence' };

export interface AnnexWindow {
  window: PeriodWindow;
  /** The quarter holding today: its grade is "so far". */
  current: boolean;
  result: Annex004Result;
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
  annex: AnnexWindow[];
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
export async function selectedContracts(ctx: OfficeContext, q: Pick<DashboardQuery, 'hospital' | 'contract'>): Promise<Contract[]> {
  const rows = await ctx.store.listReference('contract', q.hospital);
  return rows
    .map((r) => contractOf(r))
    .filter((c): c is Contract => c !== undefined && (!q.hospital || c.hospitalId === q.hospital) && (!q.contract || c.id === q.contract))
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
  if (contract.inspection.cadence) {
    view.late = planContract({ contract, assets: mine, inspections, asOf }).cells.filter((c) => c.state === 'late' && overlaps(c.window, window));
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
    const today = chinaDay(asOf);
    for (const w of contractWindows(contract, annex.every)) {
      // Quarters of the window that have begun: a grade for a quarter not yet started would be invented.
      if (!overlaps(w, window) || w.start > today) continue;
      view.annex.push({ window: w, current: w.start <= today && today <= w.end, result: evaluateAnnex004({ contract, inspections, services, calendar, window: w, asOf }) });
    }
  }
  if (contract.deliverables.length) view.deliverables = deliverables.filter((d) => d.contractId === contract.id && overlaps({ start: d.windowStart, end: d.windowEnd }, window));
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
    ? await missingDeliverables(ctx, { ...(q.hospital ? { hospitalId: q.hospital } : {}), ...(q.contract ? { contractId: q.contract } : {}), asOf: now })
    : [];
  const views: ContractView[] = [];
  for (const c of contracts) views.push(await contractView(ctx, c, q, day, asOf, assets, deliverables));
  return { asOf, day, contracts: views, skipped };
}
