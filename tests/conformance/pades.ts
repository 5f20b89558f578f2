/**
 * A signed report PDF made from the protocol document's "Signing profile" with general libraries
 * only: pdf-lib for the file, @signpdf's placeholder for the signature field, pkijs/asn1js for
 * the CMS. No code of the product: if the document is wrong or incomplete, the office refuses this.
 */
import { createHash , type webcrypto } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf, Signer } from '@signpdf/signpdf';
import * as asn1js from 'asn1js';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import * as pkijs from 'pkijs';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
};

const arrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

export function certificateDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, ''), 'base64');
}

/** Detached CMS SignedData over `content`, with contentType, messageDigest and ESS signing-certificate-v2. */
async function cms(content: Uint8Array, key: webcrypto.CryptoKey, certificatePem: string): Promise<Buffer> {
  const der = certificateDer(certificatePem);
  const certificate = pkijs.Certificate.fromBER(arrayBuffer(der));
  // SigningCertificateV2 { certs: [ ESSCertIDv2 { certHash } ] }: hashAlgorithm left out (SHA-256 by default), no issuerSerial.
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: arrayBuffer(sha256(der)) })] });
  const signingCertificateV2 = new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [certificate],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
            new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: arrayBuffer(sha256(content)) })] }),
            new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2] }),
          ],
        }),
      }),
    ],
  });
  // pkijs signs the signed attributes' DER as a SET with the key (RSASSA-PKCS1-v1_5, SHA-256).
  await signedData.sign(key, 0, 'SHA-256');
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

class ProfileSigner extends Signer {
  constructor(
    private readonly key: webcrypto.CryptoKey,
    private readonly certificatePem: string,
  ) {
    super();
  }

  override sign(pdf: Buffer): Promise<Buffer> {
    return cms(pdf, this.key, this.certificatePem);
  }
}

export interface PdfOptions {
  keywords: string;
  key: webcrypto.CryptoKey;
  certificatePem: string;
  /** The profile's is ETSI.CAdES.detached; anything else is there to be refused. */
  subFilter?: string;
}

export async function signedReportPdf(lines: string[], { keywords, key, certificatePem, subFilter = 'ETSI.CAdES.detached' }: PdfOptions): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const page = doc.addPage([595, 842]);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 12, font }));
  doc.setKeywords([keywords]);
  const certificateBytes = certificateDer(certificatePem).length;
  pdflibAddPlaceholder({
    pdfDoc: doc,
    reason: 'Inspection report',
    contactInfo: 'conformance@example.invalid',
    name: 'Conformance client',
    location: 'Test',
    signingTime: new Date(),
    // The profile's sizing: 2 × (certificate bytes + 2048) hex digits.
    signatureLength: 2 * (certificateBytes + 2048),
    subFilter,
  });
  // Classic cross-reference table, no object streams.
  const withPlaceholder = Buffer.from(await doc.save({ useObjectStreams: false }));
  return new SignPdf().sign(withPlaceholder, new ProfileSigner(key, certificatePem));
}
