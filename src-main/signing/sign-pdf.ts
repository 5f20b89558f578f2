/**
 * Signs a finished PDF: pdf-lib adds a signature field with a placeholder, and @signpdf fills it
 * with a PAdES B-B signature (ETSI.CAdES.detached, SHA-256, the certificate bound by ESS
 * signing-certificate-v2: cades-signer.ts) over the whole file but the signature itself, made with
 * the device's key and certificate.
 */
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { PDFDocument } from 'pdf-lib';
import { RpcFailure } from '../../src-shared/rpc/result';
import { CadesSigner } from './cades-signer';
import type { SignerMaterial } from './identity';
import { openP12 } from './p12-contents';

export interface SignatureDetails {
  reason: string;
  /** The signer's name as shown by PDF readers. */
  name: string;
  location: string;
  contactInfo: string;
  signingTime: Date;
}

/**
 * Room for the CMS, in hex digits (the unit the placeholder counts in): the certificates it
 * carries plus signer info, attributes and an RSA signature of up to 4096 bits. Every spare byte
 * costs two characters of zeros in the file.
 */
const signatureLength = (certificateBytes: number): number => 2 * (certificateBytes + 2048);

export async function signPdf(unsigned: Uint8Array, material: SignerMaterial, details: SignatureDetails): Promise<Buffer> {
  try {
    const pdfDoc = await PDFDocument.load(unsigned, { updateMetadata: false });
    pdflibAddPlaceholder({
      pdfDoc,
      reason: pdfText(details.reason),
      name: pdfText(details.name),
      location: pdfText(details.location),
      contactInfo: pdfText(details.contactInfo),
      signingTime: details.signingTime,
      signatureLength: signatureLength(material.certificateBytes),
      appName: 'Xunjian',
      subFilter: 'ETSI.CAdES.detached',
    });
    // The signer looks for the placeholder in plain objects: no object streams.
    const withPlaceholder = Buffer.from(await pdfDoc.save({ useObjectStreams: false }));
    return await new SignPdf().sign(withPlaceholder, new CadesSigner(openP12(material)), details.signingTime);
  } catch (error) {
    if (error instanceof RpcFailure) throw error;
    throw new RpcFailure('signing_failed', `signing failed: ${(error as Error).message}`, { detail: (error as Error).message });
  }
}

/**
 * The placeholder writes its texts verbatim between parentheses, which cannot hold Chinese. This
 * returns the body of a PDF text string in UTF-16BE with its byte-order mark, every byte outside
 * plain ASCII (and the delimiters) as an octal escape, so readers show "李工程师" correctly.
 */
export function pdfText(text: string): string {
  const utf16 = Buffer.from(`\ufeff${text}`, 'utf16le').swap16();
  let out = '';
  for (const byte of utf16) {
    const plain = byte >= 0x20 && byte <= 0x7e && byte !== 0x28 && byte !== 0x29 && byte !== 0x5c;
    out += plain ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return out;
}
