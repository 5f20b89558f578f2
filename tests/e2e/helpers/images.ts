/** Small PNGs that differ from each other, so every photo a test adds is its own blob. */
import { encodeRawPng } from '../../helpers/png';

/** A 16×16 RGB PNG whose colours follow from `seed`. */
export function distinctPng(seed: number): Buffer {
  const size = 16;
  const raw = Buffer.alloc((size * 3 + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (size * 3 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const at = y * (size * 3 + 1) + 1 + x * 3;
      raw[at] = (seed * 37 + x * 13) & 0xff;
      raw[at + 1] = (seed * 91 + y * 17) & 0xff;
      raw[at + 2] = (seed * 53 + x * y) & 0xff;
    }
  }
  return encodeRawPng(size, size, 2, raw);
}

/** `count` files for a file input, named photo-<n>.png. */
export const pngFiles = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: `photo-${from + i}.png`, mimeType: 'image/png', buffer: distinctPng(from + i) }));
