/**
 * Chromium's network stack (net.fetch, electron-updater) trusts the OS certificate store; an office
 * enrolled with its own CA is trusted by pinning that CA instead (docs/sync-protocol.md, "Transport
 * and trust"). This decides one server certificate for a session's `setCertificateVerifyProc`,
 * by the same rules as node:https in office-transport.ts: issued and signed by the pinned CA, in
 * its validity period, named for the host, and meant for a server (serverAuth), since the same CA
 * issues every engineer's device certificate and none of those may pass for the office.
 *
 * Electron caches the answer per session, so each trust gets a session (partition) of its own.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { OfficeTrust } from '../sync/office-transport';

/** The answers setCertificateVerifyProc takes: accept, refuse, or Chromium's own verdict. */
export const VERIFY = { accept: 0, refuse: -2, chromium: -3 } as const;

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

export interface CertificateRequest {
  hostname: string;
  /** The server's (leaf) certificate, as Electron gives it: PEM in `data`. */
  certificate: { data: string };
}

/** Why a certificate is not the pinned office's, or null when it is. */
export function pinnedCertificateProblem(caPem: string, request: CertificateRequest, now: Date): string | null {
  let leaf: X509Certificate;
  let ca: X509Certificate;
  try {
    leaf = new X509Certificate(request.certificate.data);
    ca = new X509Certificate(caPem);
  } catch (error) {
    return `unreadable certificate: ${(error as Error).message}`;
  }
  if (!leaf.checkIssued(ca) || !leaf.verify(ca.publicKey)) return 'not issued by the office CA pinned at enrollment';
  if (now < new Date(leaf.validFrom) || now > new Date(leaf.validTo)) return 'outside its validity period';
  const named = isIP(request.hostname) ? leaf.checkIP(request.hostname) : leaf.checkHost(request.hostname);
  if (!named) return `not issued for ${request.hostname}`;
  if (!(leaf.keyUsage ?? []).includes(SERVER_AUTH)) return 'not a server certificate (no serverAuth usage)';
  return null;
}

/**
 * The verify procedure for a session that reaches the office with this trust. `system` leaves the
 * verdict to Chromium and the OS store; `first-contact` accepts any certificate, and its session is
 * used for the one `GET /office` whose CA is then checked against the fingerprint from the code.
 */
export function officeCertificateVerifier(trust: OfficeTrust, log: (line: string) => void, now: () => Date = () => new Date()) {
  return (request: CertificateRequest, callback: (result: number) => void): void => {
    if (trust.mode === 'system') return callback(VERIFY.chromium);
    if (trust.mode === 'first-contact') return callback(VERIFY.accept);
    const problem = pinnedCertificateProblem(trust.caCertificatePem, request, now());
    if (problem) log(`office certificate of ${request.hostname} refused: ${problem}`);
    callback(problem ? VERIFY.refuse : VERIFY.accept);
  };
}
