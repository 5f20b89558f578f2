/**
 * Enrollment: a one-time code and the device's public key in; a device token and a certificate
 * from the office CA out. The key is checked before the code is spent, so a malformed request
 * does not burn the engineer's code.
 */
import { createPublicKey, randomUUID } from 'node:crypto';
import { EnrollRequest, type EnrollResponse } from '../src-shared/sync/protocol';
import { hashEnrollmentCode, hashToken, newToken } from './auth/tokens';
import { parseOrThrow } from './accept/zod-error';
import { issueDeviceCertificate } from './ca/certificates';
import type { OfficeContext } from './context';
import { ApiError } from './errors';
import { officeInfo } from './office-info';

const MIN_RSA_BITS = 2048;

function checkPublicKey(pem: string): string {
  let key;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ApiError(400, 'public_key_invalid', 'publicKeyPem is not a PEM public key');
  }
  // RSA because the device signs PDFs with @signpdf's P12 signer (node-forge), which is RSA-only.
  if (key.asymmetricKeyType !== 'rsa' || (key.asymmetricKeyDetails?.modulusLength ?? 0) < MIN_RSA_BITS) {
    throw new ApiError(400, 'public_key_invalid', `publicKeyPem must be an RSA key of at least ${MIN_RSA_BITS} bits`);
  }
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

export async function enrollDevice(ctx: OfficeContext, input: unknown, ip: string | undefined): Promise<EnrollResponse> {
  const request = parseOrThrow(EnrollRequest, input, 'the enrollment request');
  const publicKeyPem = checkPublicKey(request.publicKeyPem);
  const codeHash = hashEnrollmentCode(request.code);
  const now = ctx.now();
  const consumed = await ctx.store.consumeEnrollmentCode(codeHash, now.toISOString(), {
    actor: 'anonymous',
    action: 'enrollment.use',
    outcome: 'ok',
    target: `code:${codeHash.slice(0, 12)}`,
    details: { deviceName: request.deviceName },
    ...(ip ? { ip } : {}),
  });
  if (!consumed) throw new ApiError(403, 'enrollment_code_invalid', 'this enrollment code is unknown, already used or expired; ask the office for a new one');
  const engineer = await ctx.store.getEngineer(consumed.engineerId);
  if (!engineer) throw new ApiError(403, 'enrollment_code_invalid', 'the engineer of this code no longer exists');

  const deviceId = randomUUID();
  const token = newToken();
  const certificate = issueDeviceCertificate(
    ctx.keys.ca,
    publicKeyPem,
    { commonName: engineer.name, organization: ctx.office.name, organizationalUnit: `device ${deviceId}` },
    now,
  );
  await ctx.store.insertDevice(
    {
      id: deviceId,
      engineerId: engineer.id,
      name: request.deviceName,
      publicKeyPem,
      certificatePem: certificate.pem,
      certificateSerial: certificate.serial,
      enrolledAt: now.toISOString(),
      tokenHash: hashToken(token),
    },
    {
      actor: `device:${deviceId}`,
      action: 'device.enroll',
      outcome: 'ok',
      target: deviceId,
      details: { engineerId: engineer.id, deviceName: request.deviceName, certificateSerial: certificate.serial },
      ...(ip ? { ip } : {}),
    },
  );
  return {
    deviceId,
    engineer: { id: engineer.id, name: engineer.name },
    token,
    certificatePem: certificate.pem,
    office: officeInfo(ctx),
    hospitalIds: engineer.hospitalIds,
  };
}
