/**
 * Photos taken on the floor are large; the report and the sync need them small. Each is checked
 * (an image, at most 20 MB), decoded, scaled to at most 1600 px on its long side and stored as JPEG.
 */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const MAX_EDGE = 1600;

export class PhotoError extends Error {
  constructor(
    readonly reason: 'not_image' | 'too_large',
    readonly fileName: string,
    readonly sizeMb: number,
  ) {
    super(`${fileName}: ${reason}`);
    this.name = 'PhotoError';
  }
}

export interface PreparedPhoto {
  blob: Blob;
  width: number;
  height: number;
}

export async function preparePhoto(file: File): Promise<PreparedPhoto> {
  const sizeMb = Math.round((file.size / 1024 / 1024) * 10) / 10;
  if (file.size > MAX_PHOTO_BYTES) throw new PhotoError('too_large', file.name, sizeMb);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new PhotoError('not_image', file.name, sizeMb);
  }
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new PhotoError('not_image', file.name, sizeMb);
    context.drawImage(bitmap, 0, 0, width, height);
    return { blob: await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.82 }), width, height };
  } finally {
    bitmap.close();
  }
}

/**
 * Prepares and saves the chosen files one by one. A file that is not a usable image is named and
 * skipped; any other failure (a limit reached, a store error) stops the rest of the batch. Returns
 * the last problem as `describe` words it, or null when every file was kept.
 */
export async function addPhotoFiles(files: FileList | null, save: (photo: PreparedPhoto) => Promise<void>, describe: (error: unknown) => string): Promise<string | null> {
  let problem: string | null = null;
  for (const file of Array.from(files ?? [])) {
    try {
      await save(await preparePhoto(file));
    } catch (error) {
      problem = describe(error);
      if (!(error instanceof PhotoError)) break;
    }
  }
  return problem;
}
