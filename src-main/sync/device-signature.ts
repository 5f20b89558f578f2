/**
 * Signs bytes other than a PDF (the offline bundle's manifest) with the device's PDF-signing key,
 * taken from the in-memory PKCS#12 the signing identity hands its signer: RS256, with the
 * certificate the office will check it against.
 */
import { X509Certificate, sign } from 'node:crypto';
import type { SignerMaterial } from '../signing/identity';
import { openP12 } from '../signing/p12-contents';

export interface DeviceSignature {
  alg: 'RS256';
  certificatePem: string;
  value: Buffer;
}

export function signWithDeviceKey(material: Pick<SignerMaterial, 'p12' | 'passphrase'>, bytes: Uint8Array): DeviceSignature {
  const { key, certificate } = openP12(material);
  // The device certificate is the one for this key; the chain (office CA) travels separately.
  return { alg: 'RS256', certificatePem: new X509Certificate(certificate).toString(), value: sign('sha256', bytes, key) };
}
