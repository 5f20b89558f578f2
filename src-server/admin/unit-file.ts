/**
 * What an uploaded file is, before anything parses it (issue 14): an .xlsx is a zip; a
 * password-protected .xlsx and an old .xls are OLE compound files; anything else is not a
 * spreadsheet. Every part of the zip is unpacked here, each with a hard cap on its output (the size
 * its directory entry declares), so a small file that would unpack to gigabytes is refused after at
 * most MAX_UNPACKED_BYTES of real output, and exceljs is only ever given parts already unpacked.
 */
import { crc32, inflateRawSync } from 'node:zlib';

/** Uploads larger than this are refused: a 5,000-row list is about 250 KB. */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** What the parts of one workbook may unpack to, together. */
export const MAX_UNPACKED_BYTES = 48 * 1024 * 1024;

export type FileProblem = 'empty' | 'tooLarge' | 'encrypted' | 'oldXls' | 'notXlsx' | 'tooLargeUnpacked' | 'corrupt' | 'method';

/** The parts of the workbook by name (no leading slash), unpacked and checked. */
export type XlsxParts = Map<string, Buffer>;

export type FileVerdict = { ok: true; parts: XlsxParts } | { ok: false; code: FileProblem };

const ZIP_LOCAL = 0x04034b50;
const ZIP_END = 0x06054b50;
const ZIP_CENTRAL = 0x02014b50;
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** An encrypted OOXML file is an OLE file holding a stream of this name (UTF-16LE in its directory). */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');
const STORED = 0;
const DEFLATED = 8;

export function checkUpload(bytes: Buffer): FileVerdict {
  if (bytes.length === 0) return { ok: false, code: 'empty' };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, code: 'tooLarge' };
  if (bytes.subarray(0, 8).equals(OLE_MAGIC)) return { ok: false, code: bytes.includes(ENCRYPTION_INFO) ? 'encrypted' : 'oldXls' };
  if (bytes.length < 30 || bytes.readUInt32LE(0) !== ZIP_LOCAL) return { ok: false, code: 'notXlsx' };
  return unpackXlsx(bytes);
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  packed: number;
  size: number;
  local: number;
}

/** The central directory's entries; undefined if it cannot be read. */
function directory(bytes: Buffer): Entry[] | undefined {
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
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const entries: Entry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== ZIP_CENTRAL) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      packed: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      local: bytes.readUInt32LE(at + 42),
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength).replace(/^\/+/, ''),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/**
 * Unpacks every part, refusing: a directory that cannot be read, an encrypted part, a compression
 * other than stored or deflated, a part whose data does not unpack to exactly the size it declares
 * (inflation stops one byte past it), and parts that declare more than MAX_UNPACKED_BYTES together.
 */
export function unpackXlsx(bytes: Buffer): FileVerdict {
  const entries = directory(bytes);
  if (!entries) return { ok: false, code: 'corrupt' };
  let total = 0;
  for (const e of entries) {
    // 0xffffffff: a zip64 size, which no spreadsheet of the size we accept needs.
    if (e.size === 0xffffffff || e.packed === 0xffffffff) return { ok: false, code: 'tooLargeUnpacked' };
    total += e.size;
  }
  if (total > MAX_UNPACKED_BYTES) return { ok: false, code: 'tooLargeUnpacked' };
  const parts: XlsxParts = new Map();
  for (const e of entries) {
    if (e.flags & 1) return { ok: false, code: 'encrypted' };
    if (e.method !== STORED && e.method !== DEFLATED) return { ok: false, code: 'method' };
    if (e.local + 30 > bytes.length || bytes.readUInt32LE(e.local) !== ZIP_LOCAL) return { ok: false, code: 'corrupt' };
    const start = e.local + 30 + bytes.readUInt16LE(e.local + 26) + bytes.readUInt16LE(e.local + 28);
    if (start + e.packed > bytes.length) return { ok: false, code: 'corrupt' };
    const data = bytes.subarray(start, start + e.packed);
    let out: Buffer;
    if (e.method === STORED) out = Buffer.from(data);
    else {
      try {
        // One byte more than declared is enough to know the declaration was false.
        out = inflateRawSync(data, { maxOutputLength: e.size + 1 });
      } catch {
        // Past the cap (RangeError) or not a deflate stream.
        return { ok: false, code: 'corrupt' };
      }
    }
    if (out.length !== e.size) return { ok: false, code: 'corrupt' };
    if (e.name.endsWith('/')) continue;
    parts.set(e.name, out);
  }
  return { ok: true, parts };
}

/** The parts as a zip of stored (uncompressed) entries: what exceljs is given, never the upload itself. */
export function storedZip(parts: XlsxParts): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(ZIP_LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6); // names in UTF-8
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(ZIP_CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directoryBytes = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(ZIP_END, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directoryBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directoryBytes, end]);
}
