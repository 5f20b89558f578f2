/**
 * The report's pictures: site photos two to a row with their captions, and the signature block
 * (each signer's handwriting, name and time, plus the marked place for the hospital's seal).
 * Images are added under a fixed alias so the second copy of a duplicate reuses the same bytes.
 */
import type { ReportPhoto, ReportSignature } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import { heading } from './blocks';
import { formatDateTime, type Translate } from './labels';
import { CONTENT_WIDTH, GREY, PAGE, Pen, RULE } from './pen';
import { cropToInk, decodePng, encodePng, fitWithin } from './png';

const PHOTO_GAP = 6;
const PHOTO_W = (CONTENT_WIDTH - PHOTO_GAP) / 2;
const PHOTO_H = 62;

export function drawPhotos(pen: Pen, photos: ReportPhoto[], t: Translate): void {
  if (photos.length === 0) return;
  heading(pen, t('report.pdf.photos'), 12, PHOTO_H + 8);
  for (let i = 0; i < photos.length; i += 2) {
    const pair = photos.slice(i, i + 2);
    const captions = pair.map((p) => pen.lines(p.caption, PHOTO_W, { size: 8 }));
    const captionHeight = Math.max(...captions.map((c) => c.length)) * Pen.lineHeight(8);
    pen.ensure(PHOTO_H + captionHeight + 4);
    pair.forEach((photo, j) => {
      const x = PAGE.left + j * (PHOTO_W + PHOTO_GAP);
      const image = photo.mime === 'image/png' ? pngPicture(photo.dataBase64, false, 1400, 1050, [photo.width, photo.height]) : { data: photo.dataBase64, width: photo.width, height: photo.height };
      const box = fit(image.width, image.height, PHOTO_W, PHOTO_H);
      const format = photo.mime === 'image/png' ? 'PNG' : 'JPEG';
      addImage(pen, image.data, format, x + (PHOTO_W - box.w) / 2, pen.y + (PHOTO_H - box.h) / 2, box.w, box.h, `photo-${i + j}`, `photos.${i + j}`);
      pen.strokeRect(x, pen.y, PHOTO_W, PHOTO_H, RULE, 0.15);
      let y = pen.y + PHOTO_H + 1;
      for (const line of captions[j]!) {
        pen.drawLine(line, x + PHOTO_W / 2, y, { size: 8, color: GREY }, 'center');
        y += Pen.lineHeight(8);
      }
    });
    pen.y += PHOTO_H + captionHeight + 4;
  }
}

const SIGN_GAP = 3;
const SIGN_H = 40;

/** How a signer's role is printed above the signature; service documents name the heads who sign (负责人). */
export type RoleLabel = (role: ReportSignature['role']) => string;

/** Three signers and the seal side by side; more signers wrap to another row. */
export function drawSignatures(pen: Pen, signatures: ReportSignature[], t: Translate, timeZone?: string, roleLabel: RoleLabel = (role) => t(`report.pdf.role.${role}`)): void {
  const slots = signatures.length + 1;
  const perRow = Math.min(4, slots);
  const w = (CONTENT_WIDTH - SIGN_GAP * (perRow - 1)) / perRow;
  const rows: string[][][] = [];
  for (let start = 0; start < slots; start += perRow) rows.push(signatures.slice(start, start + perRow).map((s) => signerLines(pen, s, w, t, timeZone)));
  // A long name wraps; the boxes of a row grow together so it never runs out of its box.
  const heights = rows.map((row) => Math.max(SIGN_H, ...row.map((lines) => SIGN_TEXT_TOP + lines.length * Pen.lineHeight(8) + 2)));
  // The heading never stays behind at the foot of a page without its first row of boxes.
  heading(pen, t('report.pdf.signatures'), 12, heights[0]! + 3);
  for (let start = 0, r = 0; start < slots; start += perRow, r++) {
    const row = rows[r]!;
    const height = heights[r]!;
    pen.ensure(height + 2);
    for (let k = start; k < Math.min(slots, start + perRow); k++) {
      const x = PAGE.left + (k - start) * (w + SIGN_GAP);
      const signature = signatures[k];
      if (signature) drawSignature(pen, signature, row[k - start]!, k, x, w, height, roleLabel);
      else drawSeal(pen, x, w, t, height);
    }
    pen.y += height + SIGN_GAP;
  }
}

/** Where the signer's name and time start under the handwriting. */
const SIGN_TEXT_TOP = 26;

function signerLines(pen: Pen, s: ReportSignature, w: number, t: Translate, timeZone?: string): string[] {
  return [t('report.pdf.signer', { name: s.name }), t('report.pdf.signedAt', { time: formatDateTime(s.signedAt, timeZone) })].flatMap((line) => pen.lines(line, w - 4, { size: 8 }));
}

function drawSignature(pen: Pen, s: ReportSignature, lines: string[], index: number, x: number, w: number, height: number, roleLabel: RoleLabel): void {
  const top = pen.y;
  pen.strokeRect(x, top, w, height, RULE, 0.2);
  pen.drawLine(pen.guard.clean(roleLabel(s.role)), x + 2, top + 1.5, { style: 'bold', size: 9 });
  // Cropped to the ink and scaled to ~300 dpi for a 40 × 17 mm box.
  const image = pngPicture(s.pngBase64, true, 520, 200, [3, 1]);
  const box = fit(image.width, image.height, w - 4, 17);
  addImage(pen, image.data, 'PNG', x + (w - box.w) / 2, top + 7 + (17 - box.h) / 2, box.w, box.h, `signature-${index}`, `signatures.${index}`);
  pen.hLine(x + 2, x + w - 2, top + SIGN_TEXT_TOP - 1, RULE, 0.15);
  let y = top + SIGN_TEXT_TOP;
  for (const l of lines) {
    pen.drawLine(l, x + 2, y, { size: 8 });
    y += Pen.lineHeight(8);
  }
}

/** The dashed box where the hospital stamps its seal (盖章处). */
export function drawSeal(pen: Pen, x: number, w: number, t: Translate, height = SIGN_H): void {
  const top = pen.y;
  pen.doc.setLineDashPattern([1.2, 1], 0);
  pen.strokeRect(x, top, w, height, GREY, 0.3);
  pen.doc.setLineDashPattern([], 0);
  pen.drawLine(pen.guard.clean(t('report.pdf.seal')), x + w / 2, top + height / 2 - 6, { style: 'bold', size: 12, color: GREY }, 'center');
  pen.drawLine(pen.guard.clean(t('report.pdf.sealHint')), x + w / 2, top + height / 2 + 1, { size: 8, color: GREY }, 'center');
}

function fit(width: number, height: number, maxW: number, maxH: number): { w: number; h: number } {
  const scale = Math.min(maxW / width, maxH / height);
  return { w: width * scale, h: height * scale };
}

/** A handwritten signature drawn into the box (x, y, w × h mm), centred, cropped to its ink. */
export function drawHandwriting(pen: Pen, pngBase64: string, x: number, y: number, w: number, h: number, index: number): void {
  const image = pngPicture(pngBase64, true, 520, 200, [3, 1]);
  const box = fit(image.width, image.height, w, h);
  addImage(pen, image.data, 'PNG', x + (w - box.w) / 2, y + (h - box.h) / 2, box.w, box.h, `signature-${index}`, `signatures.${index}`);
}

/**
 * A PNG made small and cheap for jsPDF (see png.ts): composited onto white, cropped to the ink
 * when `ink`, scaled to fit. Anything png.ts cannot read goes to jsPDF as it is.
 */
function pngPicture(base64: string, ink: boolean, maxW: number, maxH: number, [width, height]: [number, number]): { data: Buffer | string; width: number; height: number } {
  const raster = decodePng(Buffer.from(base64, 'base64'), ink);
  if (!raster) return { data: base64, width, height };
  const fitted = fitWithin(ink ? cropToInk(raster) : raster, maxW, maxH);
  return { data: encodePng(fitted), width: fitted.width, height: fitted.height };
}

function addImage(pen: Pen, data: string | Buffer, format: 'PNG' | 'JPEG', x: number, y: number, w: number, h: number, alias: string, where: string): void {
  try {
    pen.doc.addImage(data, format, x, y, w, h, alias, 'FAST');
  } catch (error) {
    throw new RpcFailure('bad_input', `${where}: not a readable ${format} image: ${(error as Error).message}`, { path: where });
  }
}
