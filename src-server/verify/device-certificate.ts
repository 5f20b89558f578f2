/**
 * Whether the certificate that signed a PDF (or a bundle) belongs to the device that sent it:
 * the certificate the office CA issued to that device, or, for reports signed before enrollment
 * finished, a self-signed certificate for exactly the key the device enrolled with.
 */
import { X509Certificate, createPublicKey } from 'node:crypto';
import type { Device } from '../storage/port';

export type SignerVerdict =
  | { ok: true; subject: string; fingerprint: string; selfSigned: boolean }
  | { ok: false; reason: string };

const spkiOf = (pem: string): Buffer => createPublicKey(pem).export({ type: 'spki', format: 'der' });

/** The CN of a Node X509 subject ("CN=…\nO=…"), for display. */
function commonName(cert: X509Certificate): string {
  const line = cert.subject.split('\n').find((l) => l.startsWith('CN='));
  return line ? line.slice(3) : cert.subject;
}

export function checkSignerIsDevice(signer: Buffer | string, device: Device, caCertificatePem: string): SignerVerdict {
  if (device.revokedAt) return { ok: false, reason: `device ${device.id} was revoked at ${device.revokedAt}` };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(signer);
  } catch {
    return { ok: false, reason: 'the signer certificate cannot be parsed' };
  }
  const ca = new X509Certificate(caCertificatePem);
  const issued = new X509Certificate(device.certificatePem);
  const fingerprint = cert.fingerprint256.replace(/:/g, '').toLowerCase();

  if (cert.raw.equals(issued.raw)) {
    // Checked again although the office wrote it: a database edited by hand must not pass.
    if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return { ok: false, reason: 'the device certificate is not signed by this office CA' };
    return { ok: true, subject: commonName(cert), fingerprint, selfSigned: false };
  }
  // Self-signed: it names itself as issuer and its own key verifies it. Not checkIssued(cert):
  // OpenSSL's issuer check also wants keyCertSign in the key usage, which the device's signing
  // certificate rightly lacks, so every report signed before enrollment was refused.
  const selfSigned = cert.subject === cert.issuer && cert.verify(cert.publicKey);
  if (selfSigned && spkiOf(cert.publicKey.export({ type: 'spki', format: 'pem' }).toString()).equals(spkiOf(device.publicKeyPem))) {
    return { ok: true, subject: commonName(cert), fingerprint, selfSigned: true };
  }
  if (cert.checkIssued(ca) && cert.verify(ca.publicKey)) {
    return { ok: false, reason: `signed with certificate serial ${cert.serialNumber}, which is not the certificate of device ${device.id}` };
  }
  return { ok: false, reason: `the signer certificate (${cert.subject.replace(/\n/g, ', ')}) is neither this office's certificate for device ${device.id} nor a self-signed certificate for its key` };
}
