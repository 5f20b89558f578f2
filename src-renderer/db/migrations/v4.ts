/**
 * Version 4: office sync. `outbox` holds one row per signed report waiting to reach the office
 * (written in the same transaction as the report file row) and keeps the office's receipt once
 * it has been verified; `syncState` keeps the reference-data cursor and the enrollment summary
 * (never the device token, which stays in the main process).
 */
import type { Transaction } from 'dexie';
import type { OutboxRow, ReportFileRow } from '../rows';

export const V4_STORES = {
  outbox: 'id, state, [state+nextAttemptAt], recordId',
  syncState: 'key',
};

/**
 * Reports signed before this version have no outbox row: queue each one, or it would never reach
 * the office. The row is spelled out here, not built by a helper, so later changes to the helper
 * cannot change what this version did.
 */
export async function upgradeToV4(tx: Transaction): Promise<void> {
  const at = new Date().toISOString();
  const rows: OutboxRow[] = [];
  await tx.table<ReportFileRow, string>('reports').each((report) => {
    rows.push({
      id: `report:${report.inspectionId}`,
      kind: 'report',
      recordId: report.inspectionId,
      state: 'pending',
      attempts: 0,
      nextAttemptAt: at,
      bytesTotal: report.size,
      bytesSent: 0,
      createdAt: at,
      updatedAt: at,
    });
  });
  await tx.table<OutboxRow, string>('outbox').bulkPut(rows);
}
