/**
 * The copy of a photo that goes into the report. Stored photos are up to 1600 px and ~1 MB; the
 * report prints every photo of an inspection (up to LIMITS.photosPerInspection) at 87 mm wide,
 * where 1200 px is ~350 dpi, so each is re-encoded smaller until it fits MAX_PHOTO_BASE64. The
 * record keeps the stored photo and its hash; only the printed copy is smaller.
 */
import { MAX_PHOTO_BASE64, type ReportPhoto } from '../../../src-shared/report/model';
import { blobBase64 } from './blob-base64';

const PRINT_EDGE = 1200;
const QUALITIES = [0.82, 0.7, 0.55, 0.4];

export type PrintPhoto = (blob: Blob) => Promise<Pick<ReportPhoto, 'mime' | 'dataBase64' | 'width' | 'height'>>;

export const printPhoto: PrintPhoto = async (blob) => {
  const bitmap = await createImageBitmap(blob);
  try {
    let edge = PRINT_EDGE;
    for (;;) {
      const scale = Math.min(1, edge / Math.max(bitmap.width, bitmap.height));
      const width = Math.max(1, Math.round(bitmap.width * scale));
      const height = Math.max(1, Math.round(bitmap.height * scale));
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2d context for the print copy of a photo');
      context.fillStyle = '#fff';
      context.fillRect(0, 0, width, height);
      context.drawImage(bitmap, 0, 0, width, height);
      for (const quality of QUALITIES) {
        const dataBase64 = await blobBase64(await canvas.convertToBlob({ type: 'image/jpeg', quality }));
        if (dataBase64.length <= MAX_PHOTO_BASE64) return { mime: 'image/jpeg', dataBase64, width, height };
      }
      // Even the lowest quality is too big (a photo of pure noise): fewer pixels, then.
      edge = Math.round(edge * 0.7);
    }
  } finally {
    bitmap.close();
  }
};
