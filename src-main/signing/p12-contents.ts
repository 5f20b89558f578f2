/**
 * What the in-memory PKCS#12 of the signing identity holds: the device's private key, its own
 * certificate (the one for that key) and the rest of the chain. Both signers take them from here:
 * the report's CAdES signer and the offline bundle's RS256 signature.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import type { SignerMaterial } from './identity';

export interface P12Contents {
  key: KeyObject;
  /** DER of the certificate for `key`. */
  certificate: Buffer;
  /** DER of the other certificates the PKCS#12 carries (the issuing CA, once enrolled). */
  chain: Buffer[];
}

const der = (cert: forge.pki.Certificate): Buffer => Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');

export function openP12(material: Pick<SignerMaterial, 'p12' | 'passphrase'>): P12Contents {
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(material.p12.toString('binary')), material.passphrase);
  const keyOid = forge.pki.oids.pkcs8ShroudedKeyBag!;
  const certOid = forge.pki.oids.certBag!;
  const keyBag = p12.getBags({ bagType: keyOid })[keyOid]?.[0];
  if (!keyBag?.key) throw new Error('the signing material holds no private key');
  const key = keyBag.key as forge.pki.rsa.PrivateKey;
  const certs = (p12.getBags({ bagType: certOid })[certOid] ?? []).map((bag) => bag.cert).filter((cert): cert is forge.pki.Certificate => cert !== undefined);
  const own = certs.find((cert) => {
    const pub = cert.publicKey as forge.pki.rsa.PublicKey;
    return pub.n?.compareTo(key.n) === 0 && pub.e.compareTo(key.e) === 0;
  });
  if (!own) throw new Error('the signing material holds no certificate for its key');
  return { key: createPrivateKey(forge.pki.privateKeyToPem(key)), certificate: der(own), chain: certs.filter((c) => c !== own).map(der) };
}
