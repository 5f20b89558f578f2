/**
 * The RPC shapes for service records' sync and the device-clock check: the renderer pushes a
 * record through the main process (which holds the device token) and reads the office time the
 * main process learned at its last call to the office.
 */
import { z } from 'zod';
import type { Receipt } from '../sync/receipt';
import { ServiceRecord } from '../service/record';

/**
 * What `PUT /api/v1/faults/<id>` carries: exactly the service record and the office version this
 * write creates (the office's current version + 1; 1 for a new record). Nothing else, so the
 * office can check it as a ServiceRecord strictly and the receipt's hash covers the record itself.
 */
export const FaultBody = ServiceRecord.extend({ version: z.number().int().min(1) }).strict();
export type FaultBody = z.infer<typeof FaultBody>;

export const PushFaultInput = z.object({ fault: FaultBody }).strict();

/**
 * The office took the version (with its signed receipt, checked by the renderer), or another
 * device wrote first: then `current` is what the office holds (its body is record + version),
 * for the device to merge and push as current.version + 1. `current` is null when the office has
 * no version of the record yet (the device sent a version after 1).
 */
export type PushFaultResult =
  | { kind: 'accepted'; created: boolean; version: number; receipt: Receipt }
  | { kind: 'conflict'; current: { version: number; hash: string; record: unknown } | null };

/**
 * The office's time now, estimated from the last office answer's `Date` header plus the machine's
 * monotonic time since (src-main/sync/office-clock.ts); absent when this device never reached the
 * office, or the machine restarted since.
 */
export interface OfficeClockReading {
  officeEstimate?: string;
  /** The device's own clock at the same moment, so the caller can measure the gap. */
  deviceNow: string;
}
