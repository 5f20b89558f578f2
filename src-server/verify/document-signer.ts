/**
 * Who signed a service record's document, and whether they may have. A record is often worked on
 * from two devices (a merge brings the other one's documents), so the signer is not required to be
 * the device pushing: it must be a device of this office, signing with the certificate the office
 * CA issued to it (or, for a document made before its enrollment finished, a self-signed
 * certificate for exactly the key it enrolled with, as reports allow: device-certificate.ts),
 * not revoked, whose engineer is assigned to the record's hospital. An enrolled engineer
 * without that hospital cannot vouch for its records, and a key the office never enrolled
 * (another office's device, a self-signed certificate for a new key) vouches for nothing.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import type { ErrorCode } from '../../src-shared/sync/protocol';
import type { OfficeContext } from '../context';
import type { Device, Engineer } from '../storage/port';
import { checkSignerIsDevice } from './device-certificate';

export interface DocumentSigner {
  device: Device;
  engineer: Engineer | undefined;
  subject: string;
  fingerprint: string;
  selfSigned: boolean;
}

export type SignerJudgement =
  | { ok: true; signer: DocumentSigner }
  | { ok: false; code: Extract<ErrorCode, 'document_signer_unknown' | 'document_signer_not_allowed'>; reason: string; signer?: DocumentSigner };

const spki = (key: ReturnType<typeof createPublicKey>): Buffer => key.export({ type: 'spki', format: 'der' });

/** The devices of this office whose key made the signature and whose certificate (or self-signed one for its key) it carries. */
async function devicesOf(ctx: OfficeContext, signerDer: Buffer): Promise<DocumentSigner[] | string> {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(signerDer);
  } catch {
    return 'the signer certificate cannot be parsed';
  }
  const key = spki(cert.publicKey);
  const found: DocumentSigner[] = [];
  for (const device of await ctx.store.listDevices()) {
    if (!spki(createPublicKey(device.publicKeyPem)).equals(key)) continue;
    // Revocation is judged below, with the engineer's hospitals; here only whose certificate it is.
    const verdict = checkSignerIsDevice(signerDer, { ...device, revokedAt: null }, ctx.keys.ca.certificatePem);
    if (verdict.ok) found.push({ device, engineer: await ctx.store.getEngineer(device.engineerId), subject: verdict.subject, fingerprint: verdict.fingerprint, selfSigned: verdict.selfSigned });
  }
  return found.length ? found : `the signer certificate (${cert.subject.replace(/\n/g, ', ')}, issued by ${cert.issuer.replace(/\n/g, ', ')}) is not one this office issued to a device, nor a self-signed certificate for a key a device of this office enrolled`;
}

/**
 * Judges the signer of a document of a record at `hospitalId`. `asOfReceipt` (the console, showing a
 * stored document) does not count a revocation or an assignment changed since: the document was
 * judged when the office accepted it; the signer is returned for the page to say so.
 */
export async function judgeDocumentSigner(ctx: OfficeContext, signerDer: Buffer, hospitalId: string, asOfReceipt = false): Promise<SignerJudgement> {
  const found = await devicesOf(ctx, signerDer);
  if (typeof found === 'string') return { ok: false, code: 'document_signer_unknown', reason: found };
  if (asOfReceipt) return { ok: true, signer: found[0]! };
  const live = found.filter((s) => !s.device.revokedAt);
  if (!live.length) {
    const d = found[0]!.device;
    return { ok: false, code: 'document_signer_not_allowed', reason: `it was signed by device ${d.id}, which was revoked at ${d.revokedAt}`, signer: found[0]! };
  }
  const allowed = live.find((s) => s.engineer?.hospitalIds.includes(hospitalId));
  if (allowed) return { ok: true, signer: allowed };
  const s = live[0]!;
  return {
    ok: false,
    code: 'document_signer_not_allowed',
    reason: `it was signed by device ${s.device.id} of engineer ${s.device.engineerId}, who is not assigned to hospital ${hospitalId}`,
    signer: s,
  };
}
