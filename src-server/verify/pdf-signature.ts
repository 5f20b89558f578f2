/**
 * Checks the PAdES B-B signature of a PDF as the device makes it (src-main/signing/cades-signer.ts):
 * SubFilter ETSI.CAdES.detached; one /ByteRange covering the whole file except the /Contents hex;
 * the messageDigest signed attribute equal to the SHA-256 of those ranges; the ESS
 * signing-certificate-v2 signed attribute naming, by its SHA-256, the very certificate that
 * verifies the signature (so it cannot be swapped for another certificate of the same key); and
 * the CMS signature valid for it. Whose certificate that is, is decided by device-certificate.ts.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { pdfLatin1, signatureDictionary } from './pdf-dictionary';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

/** PAdES baseline signatures (ETSI EN 319 142-1); adbe.pkcs7.detached does not bind the certificate. */
export const PADES_SUBFILTER = 'ETSI.CAdES.detached';

export type PdfSignatureResult =
  | { ok: true; signerCertificateDer: Buffer; signingTime?: Date }
  | { ok: false; reason: string };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** The signed bytes and the CMS blob, or why the PDF's signature structure is unusable. */
export function splitSignedPdf(pdf: Buffer): { ok: true; signed: Buffer; cms: Buffer; byteRangeAt: number } | { ok: false; reason: string } {
  // latin1 maps bytes 1:1 to characters, so string offsets are byte offsets.
  const text = pdf.toString('latin1');
  const ranges = [...text.matchAll(BYTE_RANGE)];
  if (ranges.length !== 1) return { ok: false, reason: `expected exactly one signature /ByteRange, found ${ranges.length}` };
  const [a, b, c, d] = ranges[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  // The whole file must be signed: anything appended after the signature would be unsigned content.
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) {
    return { ok: false, reason: `the signature does not cover the whole document (ByteRange ${a} ${b} ${c} ${d}, file ${pdf.length} bytes)` };
  }
  if (text[b] !== '<' || text[c - 1] !== '>') return { ok: false, reason: 'the ByteRange gap is not the /Contents hex string' };
  const hex = text.slice(b + 1, c - 1);
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) return { ok: false, reason: '/Contents is not a hex string' };
  return { ok: true, signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), cms: Buffer.from(hex, 'hex'), byteRangeAt: ranges[0]!.index };
}

function parseSignedData(cms: Buffer): pkijs.SignedData {
  // The hex is zero-padded to the placeholder's size; BER parsing stops at the end of the structure.
  const asn1 = asn1js.fromBER(new Uint8Array(cms));
  if (asn1.offset === -1) throw new Error('the signature is not valid DER');
  const info = new pkijs.ContentInfo({ schema: asn1.result });
  if (info.contentType !== OID.signedData) throw new Error(`the signature is not CMS SignedData (${info.contentType})`);
  return new pkijs.SignedData({ schema: info.content });
}

function attribute(signerInfo: pkijs.SignerInfo, oid: string): asn1js.AsnType | undefined {
  return signerInfo.signedAttrs?.attributes.find((a) => a.type === oid)?.values[0] as asn1js.AsnType | undefined;
}

/** The SHA-256 the ESS signing-certificate-v2 attribute names the signer's certificate by, or why there is none. */
function essCertHash(signerInfo: pkijs.SignerInfo): { ok: true; hash: Buffer } | { ok: false; reason: string } {
  const value = attribute(signerInfo, OID.signingCertificateV2);
  const certs = value instanceof asn1js.Sequence ? value.valueBlock.value[0] : undefined;
  const first = certs instanceof asn1js.Sequence ? certs.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return { ok: false, reason: 'the signature has no ESS signing-certificate-v2 attribute binding its certificate (PAdES B-B)' };
  const [head, next] = first.valueBlock.value;
  // hashAlgorithm is DEFAULT sha256 and then absent; when present it must say SHA-256.
  if (head instanceof asn1js.Sequence) {
    const algorithm = head.valueBlock.value[0];
    if (!(algorithm instanceof asn1js.ObjectIdentifier) || algorithm.valueBlock.toString() !== OID.sha256) {
      return { ok: false, reason: 'the ESS signing-certificate-v2 attribute does not hash the certificate with SHA-256' };
    }
  }
  const hash = head instanceof asn1js.OctetString ? head : next;
  if (!(hash instanceof asn1js.OctetString)) return { ok: false, reason: 'the ESS signing-certificate-v2 attribute has no certificate hash' };
  return { ok: true, hash: Buffer.from(hash.valueBlock.valueHexView) };
}

export async function checkPdfSignature(pdf: Buffer): Promise<PdfSignatureResult> {
  const split = splitSignedPdf(pdf);
  if (!split.ok) return split;
  const dictionary = signatureDictionary(pdfLatin1(pdf), split.byteRangeAt);
  if (dictionary.subFilter !== PADES_SUBFILTER) {
    return { ok: false, reason: `the signature is ${dictionary.subFilter ?? 'of no stated kind'}, not ${PADES_SUBFILTER} (PAdES B-B)` };
  }
  let sd: pkijs.SignedData;
  try {
    sd = parseSignedData(split.cms);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (sd.signerInfos.length !== 1) return { ok: false, reason: `expected one signer, found ${sd.signerInfos.length}` };
  if (sd.encapContentInfo.eContent) return { ok: false, reason: 'the signature is not detached' };
  const signerInfo = sd.signerInfos[0]!;
  if (signerInfo.digestAlgorithm.algorithmId !== OID.sha256) {
    return { ok: false, reason: `digest algorithm ${signerInfo.digestAlgorithm.algorithmId} is not SHA-256` };
  }
  const digest = attribute(signerInfo, OID.messageDigest);
  if (!(digest instanceof asn1js.OctetString)) return { ok: false, reason: 'the signature has no messageDigest signed attribute' };
  const actual = createHash('sha256').update(split.signed).digest();
  if (!actual.equals(Buffer.from(digest.valueBlock.valueHexView))) {
    return { ok: false, reason: 'the document bytes do not match the signed messageDigest (the PDF was changed after signing)' };
  }

  let verified: pkijs.SignedDataVerifyResult;
  try {
    const data = split.signed.buffer.slice(split.signed.byteOffset, split.signed.byteOffset + split.signed.byteLength) as ArrayBuffer;
    verified = await sd.verify({ signer: 0, data, checkChain: false, extendedMode: true });
  } catch (error) {
    return { ok: false, reason: `the CMS signature does not verify: ${(error as Error).message}` };
  }
  if (!verified.signatureVerified || !verified.signerCertificate) return { ok: false, reason: 'the CMS signature does not verify' };

  const signerCertificateDer = Buffer.from(verified.signerCertificate.toSchema().toBER(false));
  const ess = essCertHash(signerInfo);
  if (!ess.ok) return ess;
  if (!ess.hash.equals(createHash('sha256').update(signerCertificateDer).digest())) {
    return { ok: false, reason: 'the certificate in the signature is not the one its signed attributes name (ESS signing-certificate-v2)' };
  }
  return { ok: true, signerCertificateDer, ...(dictionary.signedAt ? { signingTime: dictionary.signedAt } : {}) };
}
