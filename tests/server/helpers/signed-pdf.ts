/**
 * Makes small signed PDFs the way the device does (pdf-lib, @signpdf placeholder, P12 signer),
 * with a P12 built by node-forge from a device key and a certificate.
 */
import { SignPdf } from '@signpdf/signpdf';
import { P12Signer } from '@signpdf/signer-p12';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import forge from 'node-forge';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export function makeP12(keyPem: string, certificatePems: string[]): Buffer {
  const key = forge.pki.privateKeyFromPem(keyPem);
  const certs = certificatePems.map((pem) => forge.pki.certificateFromPem(pem));
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, certs, '', { algorithm: '3des' });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** A one-page PDF with the given lines, signed with the key and certificate (chain optional). */
export async function signedPdf(lines: string[], keyPem: string, certificatePems: string[], signingTime = new Date()): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Inspection report',
    contactInfo: 'engineer@example.invalid',
    name: 'Xunjian test',
    location: 'Test',
    signingTime,
  });
  const unsigned = Buffer.from(await doc.save({ useObjectStreams: false }));
  const signer = new P12Signer(makeP12(keyPem, certificatePems));
  return new SignPdf().sign(unsigned, signer, signingTime);
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
