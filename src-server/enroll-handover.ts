/**
 * What the admin hands an engineer with a new enrollment code: the code, the office CA's short
 * fingerprint, and the two as one string for an office that serves HTTPS itself — the device
 * pins the CA with that fingerprint before it sends the code (docs/sync-protocol.md §1).
 */
import { caFingerprint, handoverString } from '../src-shared/sync/enrollment-code';
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
    `valid until ${expiresAt}; it works once.`,
  ].join('\n');
}
