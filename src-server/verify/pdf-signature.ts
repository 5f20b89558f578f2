/**
 * Checks the PAdES signature of a PDF as the device made it (@signpdf, node-forge, CMS detached,
 * SHA-256): one /ByteRange covering the whole file except the /Contents hex, the messageDigest
 * signed attribute equal to the SHA-256 of those ranges, and the CMS signature valid for the
 * certificate it names. Whose certificate that is, is decided by device-certificate.ts.
 */
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const OID = {
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
} as const;

export type PdfSignatureResult =
  | { ok: true; signerCertificateDer: Buffer; signingTime?: Date }
  | { ok: false; reason: string };

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;

/** The signed bytes and the CMS blob, or why the PDF's signature structure is unusable. */
export function splitSignedPdf(pdf: Buffer): { ok: true; signed: Buffer; cms: Buffer } | { ok: false; reason: string } {
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
  return { ok: true, signed: Buffer.concat([pdf.subarray(a, a + b), pdf.subarray(c, c + d)]), cms: Buffer.from(hex, 'hex') };
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

export async function checkPdfSignature(pdf: Buffer): Promise<PdfSignatureResult> {
  const split = splitSignedPdf(pdf);
  if (!split.ok) return split;
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

  const time = attribute(signerInfo, OID.signingTime);
  const signingTime = time instanceof asn1js.UTCTime || time instanceof asn1js.GeneralizedTime ? time.toDate() : undefined;
  return {
    ok: true,
    signerCertificateDer: Buffer.from(verified.signerCertificate.toSchema().toBER(false)),
    ...(signingTime ? { signingTime } : {}),
  };
}
