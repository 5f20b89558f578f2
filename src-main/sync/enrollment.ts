/**
 * Enrolling this device with an office, and what is kept afterwards: the device token in the
 * SecretStore ('office-token'), the certificate the office CA issued installed into the signing
 * identity, and a plain summary in dataDir/sync/enrollment.json (office address, pinned receipt
 * key and CA, who enrolled). The summary is written last: it is what says "enrolled".
 */
import { X509Certificate, createHash, createPublicKey } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SigningIdentity } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import type { EnrollmentSummary } from '../../src-shared/rpc/sync-channels';
import type { EnrollResponse } from '../../src-shared/sync/protocol';
import { writeFileAtomic } from '../files/atomic-write';
import type { SecretStore } from '../signing/secret-store';
import type { OfficeClient } from './office-client';

export const TOKEN_SECRET = 'office-token';

/** The slice of the signing identity (src-main/signing/identity.ts) enrollment needs. */
export interface EnrollingIdentity {
  /** Loads the key, making it on first use: a device that never signed a report has none yet. */
  describe(): Promise<SigningIdentity>;
  publicKeyPem(): Promise<string>;
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
  client: (officeUrl: string) => OfficeClient;
  identity: EnrollingIdentity;
  secrets: SecretStore;
  files: EnrollmentFiles;
  now: () => Date;
}

export async function enroll(deps: EnrollDeps, input: { officeUrl: string; code: string; deviceName: string }): Promise<EnrollmentSummary> {
  await deps.identity.describe();
  const publicKeyPem = await deps.identity.publicKeyPem();
  const response = await deps.client(input.officeUrl).enroll({ code: input.code, publicKeyPem, deviceName: input.deviceName });
  checkEnrollment(response, publicKeyPem);
  // Token first, then the certificate, then the summary: a crash in between leaves the device
  // "not enrolled" (the summary is missing) and the engineer asks for a new code; never enrolled
  // with a token it does not have.
  await deps.secrets.write(TOKEN_SECRET, Buffer.from(response.token, 'utf8'));
  await deps.identity.installCertificate(response.certificatePem, [response.office.caCertificatePem]);
  const summary: EnrollmentSummary = {
    officeUrl: input.officeUrl.replace(/\/+$/, ''),
    office: { id: response.office.officeId, name: response.office.name },
    deviceId: response.deviceId,
    deviceName: input.deviceName,
    engineer: response.engineer,
    hospitalIds: response.hospitalIds,
    receiptKey: response.office.receiptKey,
    caCertificatePem: response.office.caCertificatePem,
    certificate: certificateSummary(response.certificatePem),
    enrolledAt: deps.now().toISOString(),
  };
  await deps.files.write(summary);
  return summary;
}
