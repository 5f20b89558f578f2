/**
 * X.509 certificates made with node-forge: the office CA's own certificate and the device
 * certificates it issues. RSA throughout, because the device signs PDFs with @signpdf's P12
 * signer, which is node-forge and RSA-only.
 */
import { randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface Identity {
  commonName: string;
  organization: string;
  organizationalUnit?: string;
}

// forge writes attribute values as PrintableString unless told otherwise; names here are Chinese.
// With the UTF8String tag forge encodes the JS string to UTF-8 itself (and decodes it when parsing).
const UTF8 = forge.asn1.Type.UTF8 as unknown as forge.asn1.Class;

function attributes(id: Identity): forge.pki.CertificateField[] {
  const field = (shortName: string, value: string): forge.pki.CertificateField => ({
    shortName,
    value,
    valueTagClass: UTF8,
  });
  return [
    field('CN', id.commonName),
    field('O', id.organization),
    ...(id.organizationalUnit ? [field('OU', id.organizationalUnit)] : []),
  ];
}

/** A positive 16-byte serial: the first bit cleared so DER does not read it as negative. */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date, years: number): void {
  // A little in the past: a device clock a few minutes behind must not see a future certificate.
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 60 * 60 * 1000);
}

/**
 * The CA's name is also every device certificate's issuer, and a CMS signer built on forge (as
 * @signpdf's P12 signer, which devices used before PAdES B-B) rebuilds the IssuerAndSerialNumber
 * from forge's parsed issuer, UTF-8-encoding it a second time: a non-ASCII issuer would no longer
 * name the certificate. Today's signer (pkijs) copies the bytes, but an integrator's may not.
 */
const ASCII = /^[\x20-\x7e]+$/;

export function createCaCertificate(keyPem: string, publicKeyPem: string, who: Identity, now: Date): string {
  for (const value of Object.values(who)) {
    if (typeof value === 'string' && !ASCII.test(value)) throw new Error(`the CA name must be printable ASCII: "${value}"`);
  }
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = newSerial();
  validity(cert, now, 20);
  cert.setSubject(attributes(who));
  cert.setIssuer(attributes(who));
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

export interface IssuedCertificate {
  pem: string;
  serial: string;
}

export function issueDeviceCertificate(
  ca: { keyPem: string; certificatePem: string },
  devicePublicKeyPem: string,
  who: Identity,
  now: Date,
): IssuedCertificate {
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(devicePublicKeyPem);
  cert.serialNumber = newSerial();
  validity(cert, now, 3);
  cert.setSubject(attributes(who));
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), serial: cert.serialNumber };
}

/** A host name or IP address a server certificate is for. */
export type ServerName = { dns: string } | { ip: string };

/**
 * The office's own HTTPS certificate (issue 10 §5), for the names devices reach it by. Extended
 * key usage serverAuth: devices pinning the office CA accept only a certificate that says it is
 * for a server, so none of the device certificates the same CA issues can pass for the office.
 */
export function issueServerCertificate(
  ca: { keyPem: string; certificatePem: string },
  serverPublicKeyPem: string,
  names: ServerName[],
  who: Identity,
  now: Date,
  days: number,
): IssuedCertificate {
  if (!names.length) throw new Error('a server certificate needs at least one name');
  const caCert = forge.pki.certificateFromPem(ca.certificatePem);
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(serverPublicKeyPem);
  cert.serialNumber = newSerial();
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  cert.setSubject(attributes(who));
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: names.map((n) => ('dns' in n ? { type: 2, value: n.dns } : { type: 7, ip: n.ip })) },
    { name: 'subjectKeyIdentifier' },
    { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  return { pem: forge.pki.certificateToPem(cert), serial: cert.serialNumber };
}
