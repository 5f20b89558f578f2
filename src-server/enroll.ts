/**
 * Enrollment: a one-time code and a certification request in; a device token and a certificate
 * from the office CA out. Everything that can refuse the request is checked before the code is
 * spent — the shape, the proof that the device holds the key (enroll-proof.ts), the code, and
 * that no other device holds the key — so a refused request never burns the engineer's code.
 * The code is spent and the device written in one transaction (OfficeStore.enrollDevice).
 */
import { randomUUID } from 'node:crypto';
import { EnrollRequest, type EnrollResponse } from '../src-shared/sync/protocol';
import { hashEnrollmentCode, hashToken, newToken, sha256Hex } from './auth/tokens';
import { parseOrThrow } from './accept/zod-error';
import { issueDeviceCertificate } from './ca/certificates';
import type { OfficeContext } from './context';
import { provenPublicKey } from './enroll-proof';
import { ApiError } from './errors';
import { officeInfo } from './office-info';
import type { AuditEntry } from './storage/port';

const codeInvalid = (): ApiError =>
  new ApiError(403, 'enrollment_code_invalid', 'this enrollment code is unknown, already used or expired; ask the office for a new one');

const keyInUse = (deviceId: string): ApiError =>
  new ApiError(409, 'public_key_in_use', `this key is already enrolled as device ${deviceId}; the office admin must revoke that device first (the code was not spent)`, {
    deviceId,
  });

/** Before this version a device sent its bare public key; that proved nothing, so it is refused by name. */
function refuseBareKey(input: unknown): void {
  if (typeof input === 'object' && input !== null && !('csrPem' in input) && 'publicKeyPem' in input) {
    throw new ApiError(422, 'key_proof_invalid', 'a bare publicKeyPem proves nothing: send csrPem, a PKCS#10 request signed by the key (docs/sync-protocol.md §1)');
  }
}

export async function enrollDevice(ctx: OfficeContext, input: unknown, ip: string | undefined): Promise<EnrollResponse> {
  const at = (entry: Omit<AuditEntry, 'ip'>): AuditEntry => ({ ...entry, ...(ip ? { ip } : {}) });
  const deviceName = typeof input === 'object' && input !== null && 'deviceName' in input ? String(input.deviceName).slice(0, 100) : '';

  let publicKeyPem: string;
  let request: EnrollRequest;
  try {
    refuseBareKey(input);
    request = parseOrThrow(EnrollRequest, input, 'the enrollment request');
    publicKeyPem = await provenPublicKey(request.csrPem, request.code);
  } catch (error) {
    // A failed proof is what an attempt to enroll someone else's key looks like: keep a trace.
    if (error instanceof ApiError && error.code === 'key_proof_invalid') {
      await ctx.store.audit(at({ actor: 'anonymous', action: 'device.enroll', outcome: 'refused', target: 'enrollment', details: { reason: error.code, detail: error.message, deviceName } }));
    }
    throw error;
  }
  const keySha256 = sha256Hex(publicKeyPem);
  const codeHash = hashEnrollmentCode(request.code);
  const now = ctx.now();
  const codeUse = at({ actor: 'anonymous', action: 'enrollment.use', outcome: 'ok', target: `code:${codeHash.slice(0, 12)}`, details: { deviceName: request.deviceName } });

  const code = await ctx.store.findEnrollmentCode(codeHash, now.toISOString());
  if (!code) {
    await ctx.store.audit({ ...codeUse, outcome: 'refused' });
    throw codeInvalid();
  }
  const engineer = await ctx.store.getEngineer(code.engineerId);
  if (!engineer) throw new ApiError(403, 'enrollment_code_invalid', 'the engineer of this code no longer exists');

  const deviceId = randomUUID();
  const keyRefused = at({
    actor: 'anonymous',
    action: 'device.enroll',
    outcome: 'refused',
    target: 'enrollment',
    details: { reason: 'public_key_in_use', engineerId: engineer.id, deviceName: request.deviceName, keySha256 },
  });
  // Checked here to refuse without a certificate being made; enrollDevice checks again inside its transaction.
  const holder = await ctx.store.findActiveDeviceByPublicKey(publicKeyPem);
  if (holder) {
    await ctx.store.audit({ ...keyRefused, details: { ...keyRefused.details, heldBy: holder.id } });
    throw keyInUse(holder.id);
  }

  const token = newToken();
  const certificate = issueDeviceCertificate(
    ctx.keys.ca,
    publicKeyPem,
    { commonName: engineer.name, organization: ctx.office.name, organizationalUnit: `device ${deviceId}` },
    now,
  );
  const outcome = await ctx.store.enrollDevice(
    {
      codeHash,
      device: {
        id: deviceId,
        engineerId: engineer.id,
        name: request.deviceName,
        publicKeyPem,
        certificatePem: certificate.pem,
        certificateSerial: certificate.serial,
        enrolledAt: now.toISOString(),
        tokenHash: hashToken(token),
      },
    },
    {
      codeUse,
      keyRefused,
      enrolled: at({
        actor: `device:${deviceId}`,
        action: 'device.enroll',
        outcome: 'ok',
        target: deviceId,
        details: { engineerId: engineer.id, deviceName: request.deviceName, certificateSerial: certificate.serial, keySha256 },
      }),
    },
  );
  // Lost a race: another request spent the code, or enrolled the same key, in between.
  if (outcome.outcome === 'code_invalid') throw codeInvalid();
  if (outcome.outcome === 'key_in_use') throw keyInUse(outcome.deviceId);
  return {
    deviceId,
    engineer: { id: engineer.id, name: engineer.name },
    token,
    certificatePem: certificate.pem,
    office: officeInfo(ctx),
    hospitalIds: engineer.hospitalIds,
  };
}
