/**
 * Signs bytes other than a PDF (the offline bundle's manifest) with the device's PDF-signing key,
 * taken from the in-memory PKCS#12 the signing identity hands its signer: RS256, with the
 * certificate the office will check it against.
 */
import { createPrivateKey, sign } from 'node:crypto';
import forge from 'node-forge';
import type { SignerMaterial } from '../signing/identity';

export interface DeviceSignature {
  alg: 'RS256';
  certificatePem: string;
  value: Buffer;
}

export function signWithDeviceKey(material: Pick<SignerMaterial, 'p12' | 'passphrase'>, bytes: Uint8Array): DeviceSignature {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(material.p12.toString('binary')), material.passphrase);
  const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag!;
  const certOid = forge.pki.oids.certBag!;
  const keyBag = p12.getBags({ bagType: keyOid })[keyOid]?.[0];
  if (!keyBag?.key) throw new Error('the signing material holds no private key');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  // The device certificate is the one for this key; the chain (office CA) travels separately.
  const certs = (p12.getBags({ bagType: certOid })[certOid] ?? [])
    .map((bag) => bag.cert)
    .filter((cert): cert is forge.pki.Certificate => cert !== undefined);
  const own = certs.find((cert) => {
    const pub = cert.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!own) throw new Error('the signing material holds no certificate for its key');
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(key));
  return { alg: 'RS256', certificatePem: forge.pki.certificateToPem(own), value: sign('sha256', bytes, privateKey) };
}
