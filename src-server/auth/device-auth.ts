/**
 * Device requests carry `Authorization: Bearer <token>`. The token is looked up by its SHA-256;
 * a revoked device, or one whose engineer is gone, is 401 like an unknown token.
 */
import type { OfficeContext } from '../context';
import { ApiError } from '../errors';
import type { Device, Engineer } from '../storage/port';
import { hashToken } from './tokens';

const TOUCH_EVERY_MS = 60_000;

export async function authenticateDevice(ctx: OfficeContext, authorization: string | undefined): Promise<{ device: Device; engineer: Engineer }> {
  // RFC 7235: the scheme is case-insensitive (`bearer`, `BEARER`), and one or more spaces follow it.
  const match = /^Bearer +([A-Za-z0-9_-]{20,200}) *$/i.exec(authorization ?? '');
  if (!match) throw new ApiError(401, 'unauthorized', 'send Authorization: Bearer <device token>');
  const device = await ctx.store.findDeviceByTokenHash(hashToken(match[1]!));
  if (!device) throw new ApiError(401, 'unauthorized', 'unknown device token');
  if (device.revokedAt) throw new ApiError(401, 'unauthorized', `this device was revoked at ${device.revokedAt}; enroll again with a new code`);
  const engineer = await ctx.store.getEngineer(device.engineerId);
  if (!engineer) throw new ApiError(401, 'unauthorized', 'the engineer of this device no longer exists');
  if (engineer.deactivatedAt) throw new ApiError(401, 'unauthorized', `the engineer of this device was deactivated at ${engineer.deactivatedAt}; ask the office`);
  const now = ctx.now();
  if (!device.lastSeenAt || now.getTime() - Date.parse(device.lastSeenAt) > TOUCH_EVERY_MS) await ctx.store.touchDevice(device.id, now.toISOString());
  return { device, engineer };
}
