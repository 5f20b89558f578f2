/**
 * Whose certificate signed a pushed report, and whether the pushing device may hand it in. The
 * signer is normally the pushing device itself (device-certificate.ts). One more case is
 * accepted: a report signed on the same laptop before its key became unreadable (a Windows
 * password reset; issue 13) and pushed after it enrolled again as a new device. Then the signer
 * must be a device this office enrolled for the same engineer, with the certificate this office
 * issued it (or a self-signed one for the key it enrolled), and not revoked. Another engineer's
 * certificate is never accepted: an enrolled engineer could otherwise hand in records signed by
 * a colleague's device as their own.
 */
import type { OfficeContext } from '../context';
import type { Device } from '../storage/port';
import { checkSignerIsDevice, type SignerVerdict } from './device-certificate';

export type ReportSignerVerdict = (SignerVerdict & { ok: true; device: Device }) | { ok: false; reason: string };

/**
 * `asOfReceipt`: the console re-checking a stored report; a revocation since is not counted
 * (the report was judged when accepted), as verify-stored.ts does for the pushing device.
 */
export async function judgeReportSigner(ctx: OfficeContext, signer: Buffer | string, pusher: Device, asOfReceipt = false): Promise<ReportSignerVerdict> {
  const ca = ctx.keys.ca.certificatePem;
  const own = checkSignerIsDevice(signer, asOfReceipt ? { ...pusher, revokedAt: null } : pusher, ca);
  if (own.ok) return { ...own, device: pusher };
  // A revoked device vouches for nothing, not even for the same engineer's earlier one.
  if (pusher.revokedAt && !asOfReceipt) return own;
  for (const device of await ctx.store.listDevices()) {
    if (device.id === pusher.id || device.engineerId !== pusher.engineerId) continue;
    const verdict = checkSignerIsDevice(signer, asOfReceipt ? { ...device, revokedAt: null } : device, ca);
    if (verdict.ok) return { ...verdict, device };
  }
  return own;
}
