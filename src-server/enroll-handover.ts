/**
 * What the admin hands an engineer with a new enrollment code: the code, the office CA's short
 * fingerprint, and the two as one string for an office that serves HTTPS itself — the device
 * pins the CA with that fingerprint before it sends the code (docs/sync-protocol.md §1).
 */
import { caFingerprint, handoverString } from '../src-shared/sync/enrollment-code';
import { chinaDateTime } from './console/china-time';
import type { OfficeContext } from './context';

export const officeCaFingerprint = (ctx: OfficeContext): Promise<string> => caFingerprint(ctx.keys.ca.certificatePem);

export async function handoverText(ctx: OfficeContext, engineerId: string, code: string, expiresAt: string): Promise<string> {
  const fingerprint = await officeCaFingerprint(ctx);
  return [
    `enrollment code for ${engineerId}: ${code}`,
    `office CA fingerprint:          ${fingerprint}`,
    `to enter on the device when its address serves a certificate of this office's CA (--tls, or a proxy`,
    `with the certificate of admin tls-cert), code and fingerprint as one:`,
    `  ${handoverString(code, fingerprint)}`,
    `(behind a proxy with a publicly trusted certificate, or over plain HTTP, the code alone)`,
    // China time first, as the console's code page says it; the ISO instant for scripts.
    `valid until ${chinaDateTime(expiresAt)} China time (${expiresAt}); it works once.`,
  ].join('\n');
}
