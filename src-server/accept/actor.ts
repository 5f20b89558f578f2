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
  error: { status: number; code: ErrorCode; message: string; details?: Record<string, unknown> },
): Promise<never> {
  const details = { code: error.code, reason: error.message, ...error.details };
  ctx.log.warn({ deviceId: who.device.id, action, target, ...details }, `refused ${action} ${target}: ${error.message}`);
  await ctx.store.audit(auditEntry(who, action, 'refused', target, details));
  throw new ApiError(error.status, error.code, error.message, error.details);
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
