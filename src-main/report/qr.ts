/**
 * The QR code printed on every page: where a phone checks the paper against the office's copy
 * (the office's public /verify page with the report's number and content hash), or, on a device
 * not enrolled yet, the report's id, number and hash in a form of our own.
 */
import QRCode from 'qrcode';
import { paths } from '../../src-shared/sync/protocol';
import type { jsPDF } from 'jspdf';
import { encodePng } from './png';

/** What the code says: enough to find the report and check its content against the office copy. */
export function qrPayload({ reportId, reportNumber, hash, verifyAt }: { reportId: string; reportNumber: string; hash: string; verifyAt?: string | undefined }): string {
  if (verifyAt) {
    const url = new URL(paths.verify.slice(1), verifyAt.endsWith('/') ? verifyAt : `${verifyAt}/`);
    url.search = new URLSearchParams({ n: reportNumber, h: hash }).toString();
    return url.toString();
  }
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
  const data = new Uint8Array(side * side).fill(0xff);
  for (let y = 0; y < side; y++) {
    const r = Math.floor(y / SCALE) - QUIET;
    for (let x = 0; x < side; x++) {
      const c = Math.floor(x / SCALE) - QUIET;
      if (r >= 0 && c >= 0 && r < matrix.size && c < matrix.size && matrix.dark(r, c)) data[y * side + x] = 0;
    }
  }
  return encodePng({ width: side, height: side, channels: 1, data });
}

/** Places the code (with its quiet zone) in a `side` mm square whose top-left corner is (x, y). */
export function drawQr(doc: jsPDF, png: Buffer, x: number, y: number, side: number): void {
  doc.addImage(png, 'PNG', x, y, side, side, 'report-qr', 'SLOW');
}
