/**
 * The register's rows for a chosen window: each deliverable of the contract in its own window that
 * holds the chosen one's first day (a monthly report for the month, the quarter's return visit,
 * the year's summary), with its current mark, or the signed inspection reports that satisfy it.
 */
import type { Deliverable } from '../../../src-shared/catalog/period-schema';
import type { Contract } from '../../../src-shared/catalog/reference';
import { deliverableEntryId, type DeliverableEntry } from '../../../src-shared/period/deliverable';
import type { PeriodInspection, PeriodWindow } from '../../../src-shared/period/types';
import { chinaDate, contractWindows, windowOf } from '../../../src-shared/period/windows';

export interface RegisterRow {
  deliverable: Deliverable;
  window: PeriodWindow;
  entry?: DeliverableEntry;
  /** For `inspection_reports`: the window's signed inspections' report numbers. */
  reports: string[];
  /** Handed in (produced, attached, not applicable, or signed inspection reports there). */
  done: boolean;
}

export function registerRows(contract: Contract, entries: readonly DeliverableEntry[], inspections: readonly PeriodInspection[], chosen: PeriodWindow): RegisterRow[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return contract.deliverables.flatMap((deliverable) => {
    const window = windowOf(contractWindows(contract, deliverable.every), chosen.start);
    if (!window) return [];
    const entry = byId.get(deliverableEntryId(contract.id, deliverable.id, window.start));
    const reports =
      deliverable.source.kind === 'inspection_reports'
        ? inspections
            .filter((i) => i.state === 'signed' && i.signedAt !== undefined && within(chinaDate(i.completedAt ?? i.signedAt), window))
            .map((i) => i.reportNumber ?? i.id)
        : [];
    const marked = entry !== undefined && entry.current.value.state !== 'withdrawn';
    return [{ deliverable, window, ...(entry ? { entry } : {}), reports, done: marked || reports.length > 0 }];
  });
}

const within = (day: string, w: PeriodWindow): boolean => day >= w.start && day <= w.end;
