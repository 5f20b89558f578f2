/**
 * The QR code printed on every page: the report's id and content hash, drawn as vector squares
 * (no image) so it stays sharp when printed and costs a few hundred bytes per page.
 */
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

/** Draws the code with its top-left corner at (x, y), `side` mm wide, on a white quiet zone. */
export function drawQr(doc: jsPDF, matrix: QrMatrix, x: number, y: number, side: number): void {
  const cell = side / matrix.size;
  doc.setFillColor(255, 255, 255);
  doc.rect(x - cell * 2, y - cell * 2, side + cell * 4, side + cell * 4, 'F');
  doc.setFillColor(0, 0, 0);
  for (let r = 0; r < matrix.size; r++) {
    let c = 0;
    while (c < matrix.size) {
      if (!matrix.dark(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < matrix.size && matrix.dark(r, c)) c++;
      // A hair of overlap so viewers do not show seams between neighbouring squares.
      doc.rect(x + start * cell, y + r * cell, (c - start) * cell + 0.01, cell + 0.01, 'F');
    }
  }
}
