/** Small PNGs that differ from each other, so every photo a test adds is its own blob. */
import { deflateSync } from 'node:zlib';

function crc32(bytes: Buffer): number {
  let c = ~0;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c | 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeInt32BE(crc32(body), body.length + 4);
  return out;
}

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
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** `count` files for a file input, named photo-<n>.png. */
export const pngFiles = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ name: `photo-${from + i}.png`, mimeType: 'image/png', buffer: distinctPng(from + i) }));
