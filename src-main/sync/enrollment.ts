/**
 * Enrolling this device with an office, and what is kept afterwards: the device token in the
 * SecretStore ('office-token'), the certificate the office CA issued installed into the signing
 * identity, and a plain summary in dataDir/sync/enrollment.json (office address, how the office
 * is trusted, pinned receipt key and CA, who enrolled). The summary is written last: it is what
 * says "enrolled".
 *
 * When the admin handed over the office CA's fingerprint with the code, the office's CA must
 * have it: over HTTPS the device then trusts that CA alone for this office, from the first call
 * that carries the code to every later one (office-transport.ts).
 */
import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SigningIdentity } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import type { EnrollmentSummary } from '../../src-shared/rpc/sync-channels';
import { caFingerprint, enrollmentChallenge, handoverProblem, sameFingerprint, splitHandover } from '../../src-shared/sync/enrollment-code';
import type { EnrollResponse } from '../../src-shared/sync/protocol';
import { writeFileAtomic } from '../files/atomic-write';
import type { SecretStore } from '../signing/secret-store';
import { OfficeError, type OfficeClient } from './office-client';
import type { OfficeTrust } from './office-transport';

export const TOKEN_SECRET = 'office-token';

/** The slice of the signing identity (src-main/signing/identity.ts) enrollment needs. */
export interface EnrollingIdentity {
  /** Loads the key, making it on first use: a device that never signed a report has none yet. */
  describe(): Promise<SigningIdentity>;
  publicKeyPem(): Promise<string>;
  certificationRequest(challenge: string): Promise<string>;
  installCertificate(certPem: string, chainPem: string[]): Promise<SigningIdentity>;
}

export interface EnrollmentFiles {
  read(): Promise<EnrollmentSummary | null>;
  write(summary: EnrollmentSummary): Promise<void>;
}

export function enrollmentFiles(dataDir: string): EnrollmentFiles {
  const file = path.join(dataDir, 'sync', 'enrollment.json');
  return {
    async read() {
      try {
        return JSON.parse(await readFile(file, 'utf8')) as EnrollmentSummary;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async write(summary) {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, Buffer.from(JSON.stringify(summary, null, 2), 'utf8'));
    },
  };
}

const spkiOf = (pem: string): Buffer => createPublicKey(pem).export({ type: 'spki', format: 'der' });

/**
 * What the office sent must be what we asked for before anything is kept: a certificate for our
 * own key, issued by the CA it names, and a receipt key whose id is its own hash.
 */
export function checkEnrollment(response: EnrollResponse, publicKeyPem: string): void {
  const refuse = (detail: string): never => {
    throw new RpcFailure('office_refused', `enrollment answer refused: ${detail}`, { status: 0, officeCode: 'bad_answer', detail });
  };
  let cert: X509Certificate;
  let ca: X509Certificate;
  try {
    cert = new X509Certificate(response.certificatePem);
    ca = new X509Certificate(response.office.caCertificatePem);
  } catch {
    return refuse('the certificates cannot be read');
  }
  if (!spkiOf(cert.publicKey.export({ type: 'spki', format: 'pem' }).toString()).equals(spkiOf(publicKeyPem))) {
    refuse("the certificate is not for this device's key");
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) refuse('the certificate is not signed by the office CA');
  const spki = Buffer.from(response.office.receiptKey.spki, 'base64');
  if (createHash('sha256').update(spki).digest('hex') !== response.office.receiptKey.keyId) refuse('the receipt key id does not match its key');
}

function certificateSummary(pem: string): EnrollmentSummary['certificate'] {
  const cert = new X509Certificate(pem);
  const oneLine = (name: string): string => name.split('\n').join(', ');
  return {
    subject: oneLine(cert.subject),
    issuer: oneLine(cert.issuer),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint: cert.fingerprint256,
  };
}

export interface EnrollDeps {
  client: (officeUrl: string, trust: OfficeTrust) => OfficeClient;
  identity: EnrollingIdentity;
  secrets: SecretStore;
  files: EnrollmentFiles;
  now: () => Date;
}

/** The office's CA must be the one whose fingerprint the admin handed over. */
async function checkCa(caCertificatePem: string, expected: string, where: string): Promise<string> {
  let actual: string;
  try {
    actual = await caFingerprint(caCertificatePem);
  } catch {
    throw new OfficeError('refused', 0, 'office_ca_mismatch', `${where}: the office sent no readable CA certificate`);
  }
  if (!sameFingerprint(actual, expected)) {
    throw new OfficeError('refused', 0, 'office_ca_mismatch', `${where}: the office CA's fingerprint is ${actual}, not ${expected} as handed over with the code`);
  }
  return actual;
}

/**
 * Which trust later calls use. With a fingerprint (only ever with an https:// address: enroll
 * refuses http:// first), the CA is fetched on first contact, kept only if it matches, and
 * pinned. Without one, the system store (or plain HTTP).
 */
async function decideTrust(deps: EnrollDeps, officeUrl: string, fingerprint: string | undefined): Promise<OfficeTrust> {
  if (!fingerprint) return { mode: 'system' };
  const info = await deps.client(officeUrl, { mode: 'first-contact' }).office();
  await checkCa(info.caCertificatePem, fingerprint, 'first contact');
  return { mode: 'office-ca', caCertificatePem: info.caCertificatePem };
}

export async function enroll(deps: EnrollDeps, input: { officeUrl: string; code: string; deviceName: string }): Promise<EnrollmentSummary> {
  const officeUrl = input.officeUrl.replace(/\/+$/, '');
  // The form says the same in the engineer's words before calling; this guards every other caller.
  const problem = handoverProblem(input.code, officeUrl);
  if (problem?.kind === 'length') throw new RpcFailure('bad_input', `the handover has ${problem.symbols} symbols: a code has 16, a code with the office CA fingerprint 36`);
  if (problem) throw new RpcFailure('bad_input', 'a handover with the office CA fingerprint is for an office serving HTTPS itself: the address must start with https://');
  const handover = splitHandover(input.code);
  const trust = await decideTrust(deps, officeUrl, handover.caFingerprint);

  await deps.identity.describe();
  const publicKeyPem = await deps.identity.publicKeyPem();
  const csrPem = await deps.identity.certificationRequest(await enrollmentChallenge(handover.code));
  const response = await deps.client(officeUrl, trust).enroll({ code: handover.code, csrPem, deviceName: input.deviceName });
  checkEnrollment(response, publicKeyPem);
  const fingerprint = handover.caFingerprint
    ? await checkCa(response.office.caCertificatePem, handover.caFingerprint, 'enrollment answer')
    : await caFingerprint(response.office.caCertificatePem);
  // Token first, then the certificate, then the summary: a crash in between leaves the device
  // "not enrolled" (the summary is missing) and the engineer asks for a new code; never enrolled
  // with a token it does not have.
  await deps.secrets.write(TOKEN_SECRET, Buffer.from(response.token, 'utf8'));
  await deps.identity.installCertificate(response.certificatePem, [response.office.caCertificatePem]);
  const summary: EnrollmentSummary = {
    officeUrl,
    office: { id: response.office.officeId, name: response.office.name },
    deviceId: response.deviceId,
    deviceName: input.deviceName,
    engineer: response.engineer,
    hospitalIds: response.hospitalIds,
    receiptKey: response.office.receiptKey,
    caCertificatePem: response.office.caCertificatePem,
    caFingerprint: fingerprint,
    officeTrust: trust.mode === 'office-ca' ? 'office-ca' : 'system',
    ...(response.office.verifyUrl ? { verifyUrl: response.office.verifyUrl } : {}),
    certificate: certificateSummary(response.certificatePem),
    enrolledAt: deps.now().toISOString(),
  };
  await deps.files.write(summary);
  return summary;
}

/** The trust of an existing enrollment; summaries written before pinning existed trust the system store. */
export const trustOf = (summary: EnrollmentSummary): OfficeTrust =>
  summary.officeTrust === 'office-ca' ? { mode: 'office-ca', caCertificatePem: summary.caCertificatePem } : { mode: 'system' };
