/**
 * The QR code printed on every page: the report's id, number and content hash.
 */
import { crc32, deflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import type { jsPDF } from 'jspdf';

/** What the code says: enough to find the report and check its content against the office copy. */
export function qrPayload(reportId: string, reportNumber: string, hash: string): string {
  return `xunjian:report?id=${encodeURIComponent(reportId)}&no=${encodeURIComponent(reportNumber)}&sha256=${hash}`;
}

export interface QrMatrix {
  size: number;
  /** Dark module at row r, column c. */
  dark(r: number, c: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (r, c) => Boolean(modules.get(r, c)) };
}

/** Pixels per module: enough that a viewer's image smoothing cannot blur the edges. */
const SCALE = 4;
const QUIET = 2;

/**
 * The code as a small greyscale PNG. One image is embedded once per document and placed on every
 * page (jsPDF reuses an image by its alias): drawn as vector squares it cost ~4 KB per page.
 */
export function qrPng(matrix: QrMatrix): Buffer {
  const side = (matrix.size + 2 * QUIET) * SCALE;
  const raw = Buffer.alloc((side + 1) * side, 0xff);
  for (let y = 0; y < side; y++) {
    raw[y * (side + 1)] = 0; // filter: none
    const r = Math.floor(y / SCALE) - QUIET;
    for (let x = 0; x < side; x++) {
      const c = Math.floor(x / SCALE) - QUIET;
      if (r >= 0 && c >= 0 && r < matrix.size && c < matrix.size && matrix.dark(r, c)) raw[y * (side + 1) + 1 + x] = 0;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(typed.length + 8);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), typed.length + 4);
  return out;
}

/** Places the code (with its quiet zone) in a `side` mm square whose top-left corner is (x, y). */
export function drawQr(doc: jsPDF, png: Buffer, x: number, y: number, side: number): void {
  doc.addImage(png, 'PNG', x, y, side, side, 'report-qr', 'SLOW');
}
