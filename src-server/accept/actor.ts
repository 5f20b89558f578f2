/** Who is pushing: an enrolled device and its engineer, online or through an imported bundle. */
import type { Device, Engineer } from '../storage/port';
import type { AuditEntry } from '../storage/port';
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import type { ErrorCode } from '../../src-shared/sync/protocol';

export interface DeviceActor {
  device: Device;
  engineer: Engineer;
  via: 'push' | 'bundle';
  ip?: string;
  /** For bundle imports: the admin who imported it and the bundle id, recorded in the audit log. */
  importedBy?: string;
  bundleId?: string;
}

export function auditEntry(who: DeviceActor, action: string, outcome: AuditEntry['outcome'], target: string, details: Record<string, unknown>): AuditEntry {
  return {
    actor: `device:${who.device.id}`,
    action,
    outcome,
    target,
    details: {
      engineerId: who.engineer.id,
      via: who.via,
      ...(who.importedBy ? { importedBy: who.importedBy, bundleId: who.bundleId } : {}),
      ...details,
    },
    ...(who.ip ? { ip: who.ip } : {}),
  };
}

/** Logs, audits and throws a refusal: every refused push leaves a trace of who tried what. */
export async function refuse(
  ctx: OfficeContext,
  who: DeviceActor,
  action: string,
  target: string,
  error: { status: number; code: ErrorCode; message: string; details?: Record<string, unknown>; auditOnly?: Record<string, unknown> },
): Promise<never> {
  const details = { code: error.code, reason: error.message, ...error.details, ...error.auditOnly };
  ctx.log.warn({ deviceId: who.device.id, action, target, ...details }, `refused ${action} ${target}: ${error.message}`);
  await ctx.store.audit(auditEntry(who, action, 'refused', target, details));
  throw new ApiError(error.status, error.code, error.message, error.details);
}

/** Whether this engineer may read records of this hospital: the one rule for every detail an answer gives away. */
export function mayRead(who: DeviceActor, hospitalId: string): boolean {
  return who.engineer.hospitalIds.includes(hospitalId);
}

/**
 * The id is taken by a record the caller may not read. The answer says only that (not where, what
 * or when): ids are the device's UUIDs, so this is a bug or someone probing. The audit entry keeps
 * the hospital for the office.
 */
export function refuseTakenId(ctx: OfficeContext, who: DeviceActor, action: string, kind: 'report' | 'fault' | 'deliverable', id: string, hospitalId: string): Promise<never> {
  return refuse(ctx, who, action, id, {
    status: 409,
    code: 'id_taken',
    message: `${kind} id ${id} is already used by a record this device may not read; a new record needs a new id`,
    auditOnly: { storedHospitalId: hospitalId },
  });
}

export async function requireHospital(ctx: OfficeContext, who: DeviceActor, action: string, target: string, hospitalId: string): Promise<void> {
  if (who.engineer.hospitalIds.includes(hospitalId)) return;
  await refuse(ctx, who, action, target, {
    status: 403,
    code: 'forbidden',
    message: `engineer ${who.engineer.id} is not assigned to hospital ${hospitalId}`,
    details: { hospitalId },
  });
}
