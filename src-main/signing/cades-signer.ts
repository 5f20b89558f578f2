/**
 * The report's signature as PAdES baseline B-B asks (ETSI EN 319 142-1): a CMS SignedData,
 * detached, SHA-256, whose signed attributes are the content type, the message digest and the
 * ESS signing-certificate-v2 naming the signer's certificate by its SHA-256 and issuer/serial
 * (RFC 5035). That last attribute is what binds the certificate to the signature: without it the
 * certificate in a signed PDF could be swapped for another one of the same key. No signing-time
 * attribute: in PAdES the time is the signature dictionary's /M.
 */
import { createHash, sign } from 'node:crypto';
import { Signer } from '@signpdf/signpdf';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { P12Contents } from './p12-contents';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();
const buffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

function parseCertificate(der: Buffer): pkijs.Certificate {
  return pkijs.Certificate.fromBER(buffer(der));
}

/** SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, one ESSCertIDv2 with SHA-256 (the default, so not written). */
function signingCertificateV2(der: Buffer, cert: pkijs.Certificate): asn1js.Sequence {
  const issuerSerial = new asn1js.Sequence({
    value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(), cert.serialNumber],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: buffer(sha256(der)) }), issuerSerial] });
  return new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] });
}

/** The DER CMS for `content` (the PDF's bytes outside the /Contents placeholder). */
export function cadesDetached(content: Uint8Array, { key, certificate, chain }: P12Contents): Buffer {
  const cert = parseCertificate(certificate);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: buffer(sha256(content)) })] }),
      new pkijs.Attribute({ type: OID.signingCertificateV2, values: [signingCertificateV2(certificate, cert)] }),
    ],
  });
  // What is signed is the attributes' DER as a SET (tag 0x31), not as the [0] they are stored under.
  const encoded = new Uint8Array(signedAttrs.toSchema().toBER(false));
  encoded[0] = 0x31;
  const signature = sign('sha256', encoded, key);
  const sha256Id = new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256Id],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    certificates: [cert, ...chain.map(parseCertificate)],
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        digestAlgorithm: sha256Id,
        signedAttrs,
        signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256WithRsa, algorithmParams: new asn1js.Null() }),
        signature: new asn1js.OctetString({ valueHex: buffer(signature) }),
      }),
    ],
  });
  const info = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(info.toSchema().toBER(false));
}

/** @signpdf's signer interface around cadesDetached. */
export class CadesSigner extends Signer {
  constructor(private readonly contents: P12Contents) {
    super();
  }

  override sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Promise.resolve(cadesDetached(pdfBuffer, this.contents));
  }
}
