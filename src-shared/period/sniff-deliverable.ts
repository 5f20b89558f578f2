/**
 * What kind of file a deliverable is, from its bytes (issue 12 point 7): a file named .docx that
 * is a renamed text file, or a .pdf that is a photo, is refused on the device and again at the
 * office. PDF and images are told by their first bytes (service/sniff-mime.ts); Word and Excel
 * files are ZIP packages, told apart by the part the package must hold (word/document.xml,
 * xl/workbook.xml), read from the ZIP's central directory at its end.
 */
import { sniffMime } from '../service/sniff-mime';
import type { DeliverableMime } from './deliverable';

export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The type a file name claims, by its extension; undefined for a kind the register does not take. */
export function mimeOfName(name: string): DeliverableMime | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name.trim())?.[1]?.toLowerCase();
  switch (ext) {
    case 'pdf':
      return 'application/pdf';
    case 'jpg':
    case 'jpeg':
      return 'image/jpeg';
    case 'png':
      return 'image/png';
    case 'webp':
      return 'image/webp';
    case 'docx':
      return DOCX;
    case 'xlsx':
      return XLSX;
    default:
      return undefined;
  }
}

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** End of central directory: 22 bytes plus a comment of at most 65,535. */
const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

/** The names in a ZIP's central directory; undefined when the bytes are not a whole, plain ZIP (ZIP64 included: no deliverable is that large). */
export function zipEntryNames(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 22 || u32(bytes, 0) !== 0x04034b50) return undefined;
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - MAX_EOCD_SEARCH); at--) {
    if (u32(bytes, at) === EOCD_SIGNATURE) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  if (offset + size > eocd) return undefined;
  const names: string[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || u32(bytes, at) !== CENTRAL_SIGNATURE) return undefined;
    const nameLength = u16(bytes, at + 28);
    const extra = u16(bytes, at + 30);
    const comment = u16(bytes, at + 32);
    if (at + 46 + nameLength > eocd) return undefined;
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

/** The deliverable type the bytes are, or undefined when they are none of them. */
export function sniffDeliverable(bytes: Uint8Array): DeliverableMime | undefined {
  const simple = sniffMime(bytes);
  if (simple) return simple;
  const names = zipEntryNames(bytes);
  if (!names?.includes('[Content_Types].xml')) return undefined;
  if (names.includes('word/document.xml')) return DOCX;
  if (names.includes('xl/workbook.xml')) return XLSX;
  return undefined;
}
