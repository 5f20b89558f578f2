/**
 * Makes small signed PDFs the way the device does (its own signPdf: PAdES B-B with the ESS
 * signing-certificate-v2), with a PKCS#12 built by node-forge from a device key and certificate,
 * naming a record in their /Keywords as the app's reports do.
 */
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { signPdf } from '../../../src-main/signing/sign-pdf';
import { identityKeywords, type ReportIdentity } from '../../../src-shared/report/pdf-identity';

export function makeP12(keyPem: string, certificatePems: string[]): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const certs = certificatePems.map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, '', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** A one-page PDF with the given lines, naming `identity`, signed with the key and certificate (chain optional). */
export async function signedPdf(lines: string[], keyPem: string, certificatePems: string[], identity?: ReportIdentity, signingTime = new Date()): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  if (identity) doc.setKeywords([identityKeywords(identity)]);
  const unsigned = await doc.save({ useObjectStreams: false });
  const material = { p12: makeP12(keyPem, certificatePems), passphrase: '', certificateBytes: certificatePems.join('').length };
  const details = { reason: 'Inspection report', name: 'Xunjian test', location: 'Test', contactInfo: 'engineer@example.invalid', signingTime };
  return signPdf(unsigned, { ...material, info: { subject: '', issuer: '', fingerprint: '', selfSigned: false, notAfter: '' } }, details);
}

/** A self-signed certificate for a key, as the device has before the office issues one. */
export function selfSignedCertificate(keyPem: string, publicKeyPem: string, commonName: string): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const attrs = [{ shortName: 'CN', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
