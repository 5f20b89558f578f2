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

const PHOTO_GAP = 6;
const PHOTO_W = (CONTENT_WIDTH - PHOTO_GAP) / 2;
const PHOTO_H = 62;

export function drawPhotos(pen: Pen, photos: ReportPhoto[], t: Translate): void {
  if (photos.length === 0) return;
  heading(pen, t('report.pdf.photos'));
  for (let i = 0; i < photos.length; i += 2) {
    const pair = photos.slice(i, i + 2);
    const captions = pair.map((p) => pen.lines(p.caption, PHOTO_W, { size: 8 }));
    const captionHeight = Math.max(...captions.map((c) => c.length)) * Pen.lineHeight(8);
    pen.ensure(PHOTO_H + captionHeight + 4);
    pair.forEach((photo, j) => {
      const x = PAGE.left + j * (PHOTO_W + PHOTO_GAP);
      const box = fit(photo.width, photo.height, PHOTO_W, PHOTO_H);
      const format = photo.mime === 'image/png' ? 'PNG' : 'JPEG';
      addImage(pen, photo.dataBase64, format, x + (PHOTO_W - box.w) / 2, pen.y + (PHOTO_H - box.h) / 2, box.w, box.h, `photo-${i + j}`, `photos.${i + j}`);
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

/** Three signers and the seal side by side; more signers wrap to another row. */
export function drawSignatures(pen: Pen, signatures: ReportSignature[], t: Translate, timeZone?: string): void {
  heading(pen, t('report.pdf.signatures'));
  const slots = signatures.length + 1;
  const perRow = Math.min(4, slots);
  const w = (CONTENT_WIDTH - SIGN_GAP * (perRow - 1)) / perRow;
  for (let start = 0; start < slots; start += perRow) {
    pen.ensure(SIGN_H + 2);
    for (let k = start; k < Math.min(slots, start + perRow); k++) {
      const x = PAGE.left + (k - start) * (w + SIGN_GAP);
      const signature = signatures[k];
      if (signature) drawSignature(pen, signature, k, x, w, t, timeZone);
      else drawSeal(pen, x, w, t);
    }
    pen.y += SIGN_H + SIGN_GAP;
  }
}

function drawSignature(pen: Pen, s: ReportSignature, index: number, x: number, w: number, t: Translate, timeZone?: string): void {
  const top = pen.y;
  pen.strokeRect(x, top, w, SIGN_H, RULE, 0.2);
  pen.drawLine(pen.guard.clean(t(`report.pdf.role.${s.role}`)), x + 2, top + 1.5, { style: 'bold', size: 9 });
  const box = fit(...pngSize(s.pngBase64), w - 4, 17);
  addImage(pen, s.pngBase64, 'PNG', x + (w - box.w) / 2, top + 7 + (17 - box.h) / 2, box.w, box.h, `signature-${index}`, `signatures.${index}`);
  pen.hLine(x + 2, x + w - 2, top + 25, RULE, 0.15);
  let y = top + 26;
  for (const line of [t('report.pdf.signer', { name: s.name }), t('report.pdf.signedAt', { time: formatDateTime(s.signedAt, timeZone) })]) {
    for (const l of pen.lines(line, w - 4, { size: 8 })) {
      pen.drawLine(l, x + 2, y, { size: 8 });
      y += Pen.lineHeight(8);
    }
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

/** A PNG's pixel size from its IHDR chunk (the signature has no width/height fields of its own). */
function pngSize(base64: string): [number, number] {
  const head = Buffer.from(base64.slice(0, 44), 'base64');
  if (head.length < 24 || head.readUInt32BE(0) !== 0x89504e47) return [3, 1];
  return [head.readUInt32BE(16) || 3, head.readUInt32BE(20) || 1];
}

function addImage(pen: Pen, data: string, format: 'PNG' | 'JPEG', x: number, y: number, w: number, h: number, alias: string, where: string): void {
  try {
    pen.doc.addImage(data, format, x, y, w, h, alias, 'FAST');
  } catch (error) {
    throw new RpcFailure('bad_input', `${where}: not a readable ${format} image: ${(error as Error).message}`, { path: where });
  }
}
