/**
 * What an uploaded file is, before anything parses it (issue 14): an .xlsx is a zip; a
 * password-protected .xlsx and an old .xls are OLE compound files; anything else is not a
 * spreadsheet. The zip's central directory says how large its parts become when unpacked, so a
 * small file that would unpack to gigabytes is refused before exceljs inflates it.
 */

/** Uploads larger than this are refused: a 5,000-row list is about 250 KB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** What the parts of one workbook may unpack to, together. */
export const MAX_UNPACKED_BYTES = 48 * 1024 * 1024;

export type FileVerdict =
  | { ok: true }
  | { ok: false; code: 'empty' | 'tooLarge' | 'encrypted' | 'oldXls' | 'notXlsx' | 'tooLargeUnpacked' | 'corrupt' };

const ZIP_LOCAL = 0x04034b50;
const ZIP_END = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** An encrypted OOXML file is an OLE file holding a stream of this name (UTF-16LE in its directory). */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

export function checkUpload(bytes: Buffer): FileVerdict {
  if (bytes.length === 0) return { ok: false, code: 'empty' };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, code: 'tooLarge' };
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) return { ok: false, code: bytes.includes(ENCRYPTION_INFO) ? 'encrypted' : 'oldXls' };
  if (bytes.length < 30 || bytes.readUInt32LE(0) !== ZIP_LOCAL) return { ok: false, code: 'notXlsx' };
  const unpacked = unpackedSize(bytes);
  if (unpacked === undefined) return { ok: false, code: 'corrupt' };
  if (unpacked > MAX_UNPACKED_BYTES) return { ok: false, code: 'tooLargeUnpacked' };
  return { ok: true };
}

/** The sum of the entries' uncompressed sizes from the central directory; undefined if it cannot be read. */
export function unpackedSize(bytes: Buffer): number | undefined {
  // The end-of-directory record is in the last 22 + 65,535 (comment) bytes.
  const from = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes.readUInt32LE(i) === ZIP_END) {
      end = i;
      break;
    }
  }
  if (end < 0) return undefined;
  const entries = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== ZIP_CENTRAL) return undefined;
    const size = bytes.readUInt32LE(at + 24);
    // 0xffffffff: a zip64 size, which no spreadsheet of the size we accept needs.
    if (size === 0xffffffff) return Number.POSITIVE_INFINITY;
    total += size;
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return total;
}
