/**
 * The deliverables register as the office reads it (issue 12 point 2): for each contract in the
 * office's reference data, each deliverable it lists and each window of it that has begun, what
 * was handed in — from the entries devices pushed, and for 「巡检报告」-type deliverables
 * (source `inspection_reports`) from the signed inspection reports the office holds. The console's
 * register page and its .xlsx export read `deliverableRegister`; the office dashboard reads the
 * counts (`missingDeliverables`).
 */
import type { Contract } from '../../src-shared/catalog/reference';
import type { Deliverable } from '../../src-shared/catalog/period-schema';
import type { OfficeContext } from '../context';
import type { StoredDeliverable } from '../storage/port';
import { chinaDay, readContract } from './derive';
import { registerWindows, type RegisterWindow } from '../../src-shared/period/deliverable-windows';

export type RegisterStatus = 'produced' | 'attached' | 'not_applicable' | 'missing';

export interface RegisterLine {
  hospitalId: string;
  contract: Contract;
  deliverable: Deliverable;
  window: RegisterWindow;
  /** The window's last day is before the day asked about. */
  ended: boolean;
  status: RegisterStatus;
  /** What a device pushed for it (a withdrawn mark shows as missing, its entry kept here). */
  entry?: StoredDeliverable;
  /** For `inspection_reports`: signed inspection reports of the contract completed in the window. */
  inspectionReports?: number;
}

export interface RegisterQuery {
  /** The hospitals a console reader may read; absent: all. */
  scope?: readonly string[];
  hospitalId?: string;
  contractId?: string;
  /** The day the register is read on: windows that begin after it are not listed. */
  asOf: Date;
}

const REPORT_PAGE = 500;

/** Completion days (China) of the contract's signed inspection reports inside its period. */
async function reportDays(ctx: OfficeContext, contract: Contract): Promise<string[]> {
  const days: string[] = [];
  for (let offset = 0; ; offset += REPORT_PAGE) {
    const page = await ctx.store.listReports({ hospitalId: contract.hospitalId, from: contract.period.start, to: contract.period.end, limit: REPORT_PAGE, offset });
    for (const r of page.reports) if (r.contractId === contract.id) days.push(chinaDay(r.completedAt));
    if (page.reports.length < REPORT_PAGE) return days;
  }
}

async function contractsOf(ctx: OfficeContext, query: RegisterQuery): Promise<Contract[]> {
  const rows = await ctx.store.listReference('contract', query.hospitalId);
  return rows
    .map((r) => readContract(r.data))
    .filter((c): c is Contract => c !== undefined && (query.contractId === undefined || c.id === query.contractId) && (!query.scope || query.scope.includes(c.hospitalId)) && c.deliverables.length > 0)
    .sort((a, b) => a.hospitalId.localeCompare(b.hospitalId) || a.id.localeCompare(b.id));
}

function statusOf(entry: StoredDeliverable | undefined, reports: number | undefined): RegisterStatus {
  if (entry && entry.state !== 'withdrawn') return entry.state;
  return reports ? 'produced' : 'missing';
}

/** Every line of the register for the contracts asked about, by hospital, contract, window end, then the contract's order of deliverables. */
export async function deliverableRegister(ctx: OfficeContext, query: RegisterQuery): Promise<RegisterLine[]> {
  const today = chinaDay(query.asOf.toISOString());
  const lines: RegisterLine[] = [];
  for (const contract of await contractsOf(ctx, query)) {
    const entries = new Map((await ctx.store.listDeliverables({ contractId: contract.id })).map((e) => [e.id, e]));
    const needsReports = contract.deliverables.some((d) => d.source.kind === 'inspection_reports');
    const days = needsReports ? await reportDays(ctx, contract) : [];
    const mine: RegisterLine[] = [];
    for (const deliverable of contract.deliverables) {
      for (const window of registerWindows(contract.period, deliverable.every)) {
        if (window.start > today) break;
        const entry = entries.get(`${contract.id}|${deliverable.id}|${window.start}`);
        const inspectionReports = deliverable.source.kind === 'inspection_reports' ? days.filter((d) => d >= window.start && d <= window.end).length : undefined;
        mine.push({
          hospitalId: contract.hospitalId,
          contract,
          deliverable,
          window,
          ended: window.end < today,
          status: statusOf(entry, inspectionReports),
          ...(entry ? { entry } : {}),
          ...(inspectionReports !== undefined ? { inspectionReports } : {}),
        });
      }
    }
    const order = new Map(contract.deliverables.map((d, i) => [d.id, i]));
    mine.sort((a, b) => a.window.end.localeCompare(b.window.end) || a.window.start.localeCompare(b.window.start) || order.get(a.deliverable.id)! - order.get(b.deliverable.id)!);
    lines.push(...mine);
  }
  return lines;
}

export interface MissingCount {
  hospitalId: string;
  contractId: string;
  windowStart: string;
  windowEnd: string;
  /** The window is over: what is missing is late, not merely still to come. */
  ended: boolean;
  /** Deliverables due in the window, and how many of them nothing was handed in for yet. */
  due: number;
  missing: number;
  missingIds: string[];
}

/**
 * For the office dashboard: per contract and window (each distinct window of the contract's
 * deliverables that has begun by `asOf`), how many deliverables are due and how many are missing.
 */
export async function missingDeliverables(ctx: OfficeContext, query: RegisterQuery): Promise<MissingCount[]> {
  const counts = new Map<string, MissingCount>();
  for (const line of await deliverableRegister(ctx, query)) {
    const key = `${line.contract.id}|${line.window.start}|${line.window.end}`;
    const count = counts.get(key) ?? { hospitalId: line.hospitalId, contractId: line.contract.id, windowStart: line.window.start, windowEnd: line.window.end, ended: line.ended, due: 0, missing: 0, missingIds: [] };
    count.due++;
    if (line.status === 'missing') {
      count.missing++;
      count.missingIds.push(line.deliverable.id);
    }
    counts.set(key, count);
  }
  return [...counts.values()];
}
