/**
 * Just enough PNG for the report's pictures. jsPDF decodes and re-compresses every PNG in
 * JavaScript: a 1050×240 RGBA signature from the pad took ~380 ms, three of them most of a
 * report's time. Here zlib (native) decodes it, the picture is composited onto white, cropped
 * to what was drawn and scaled to the size it is printed at, and handed back as a small PNG.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';

export interface Raster {
  width: number;
  height: number;
  channels: 1 | 3;
  /** `channels` bytes per pixel, no alpha: already composited onto white. */
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/** Decodes 8-bit, non-interlaced grey/RGB(A) PNGs; null for anything else (jsPDF then gets the original). */
export function decodePng(png: Buffer, grey: boolean): Raster | null {
  if (png.length < 33 || !png.subarray(0, 8).equals(SIGNATURE)) return null;
  let at = 8;
  let header: Buffer | undefined;
  const idat: Buffer[] = [];
  while (at + 8 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += length + 12;
  }
  if (!header || header.length < 13) return null;
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const channels = CHANNELS[header[9]!];
  if (header[8] !== 8 || !channels || header[12] !== 0 || width === 0 || height === 0) return null;
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return null;
  }
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) return null;
  let bytes: Uint8Array;
  try {
    bytes = unfilter(raw, stride, height, channels);
  } catch {
    return null;
  }
  return flatten(bytes, width, height, channels, grey);
}

function unfilter(raw: Buffer, stride: number, height: number, bpp: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  // One loop per filter type: this runs over every byte of a megabyte-sized signature.
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = y * stride;
    const up = row - stride;
    const src = y * (stride + 1) + 1;
    switch (filter) {
      case 0:
        out.set(raw.subarray(src, src + stride), row);
        break;
      case 1:
        for (let i = 0; i < stride; i++) out[row + i] = (raw[src + i]! + (i >= bpp ? out[row + i - bpp]! : 0)) & 0xff;
        break;
      case 2:
        if (y === 0) out.set(raw.subarray(src, src + stride), row);
        else for (let i = 0; i < stride; i++) out[row + i] = (raw[src + i]! + out[up + i]!) & 0xff;
        break;
      case 3:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp]! : 0;
          const b = y > 0 ? out[up + i]! : 0;
          out[row + i] = (raw[src + i]! + ((a + b) >> 1)) & 0xff;
        }
        break;
      case 4:
        for (let i = 0; i < stride; i++) {
          const a = i >= bpp ? out[row + i - bpp]! : 0;
          const b = y > 0 ? out[up + i]! : 0;
          const c = i >= bpp && y > 0 ? out[up + i - bpp]! : 0;
          const pa = Math.abs(b - c);
          const pb = Math.abs(a - c);
          const pc = Math.abs(a + b - 2 * c);
          out[row + i] = (raw[src + i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
        }
        break;
      default:
        throw new Error(`bad PNG filter ${filter}`);
    }
  }
  return out;
}

/** Composites onto white; grey output uses Rec. 601 luma. */
function flatten(bytes: Uint8Array, width: number, height: number, channels: number, grey: boolean): Raster {
  const outChannels = grey ? 1 : 3;
  const data = new Uint8Array(width * height * outChannels);
  const hasAlpha = channels === 2 || channels === 4;
  for (let p = 0; p < width * height; p++) {
    const s = p * channels;
    const alpha = hasAlpha ? bytes[s + channels - 1]! / 255 : 1;
    const r = 255 - alpha * (255 - bytes[s]!);
    const g = channels >= 3 ? 255 - alpha * (255 - bytes[s + 1]!) : r;
    const b = channels >= 3 ? 255 - alpha * (255 - bytes[s + 2]!) : r;
    if (grey) data[p] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    else {
      data[p * 3] = Math.round(r);
      data[p * 3 + 1] = Math.round(g);
      data[p * 3 + 2] = Math.round(b);
    }
  }
  return { width, height, channels: outChannels, data };
}

/** The smallest box holding every pixel darker than near-white, with a margin; the whole picture if blank. */
export function cropToInk(r: Raster, margin = 4): Raster {
  let top = r.height;
  let left = r.width;
  let bottom = -1;
  let right = -1;
  for (let y = 0; y < r.height; y++) {
    for (let x = 0; x < r.width; x++) {
      if (r.data[(y * r.width + x) * r.channels]! < 245) {
        if (y < top) top = y;
        if (y > bottom) bottom = y;
        if (x < left) left = x;
        if (x > right) right = x;
      }
    }
  }
  if (bottom < 0) return r;
  top = Math.max(0, top - margin);
  left = Math.max(0, left - margin);
  bottom = Math.min(r.height - 1, bottom + margin);
  right = Math.min(r.width - 1, right + margin);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const data = new Uint8Array(width * height * r.channels);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * r.width + left) * r.channels;
    data.set(r.data.subarray(from, from + width * r.channels), y * width * r.channels);
  }
  return { width, height, channels: r.channels, data };
}

/** Area-average downscale so the picture fits `maxW`×`maxH` pixels; never enlarges. */
export function fitWithin(r: Raster, maxW: number, maxH: number): Raster {
  const scale = Math.min(1, maxW / r.width, maxH / r.height);
  if (scale === 1) return r;
  const width = Math.max(1, Math.round(r.width * scale));
  const height = Math.max(1, Math.round(r.height * scale));
  const data = new Uint8Array(width * height * r.channels);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * r.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * r.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * r.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * r.width) / width));
      for (let c = 0; c < r.channels; c++) {
        let sum = 0;
        for (let sy = y0; sy < y1; sy++) for (let sx = x0; sx < x1; sx++) sum += r.data[(sy * r.width + sx) * r.channels + c]!;
        data[(y * width + x) * r.channels + c] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
      }
    }
  }
  return { width, height, channels: r.channels, data };
}

export function encodePng(r: Raster): Buffer {
  const stride = r.width * r.channels;
  const raw = Buffer.alloc((stride + 1) * r.height);
  for (let y = 0; y < r.height; y++) raw.set(r.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(r.width, 0);
  header.writeUInt32BE(r.height, 4);
  header.set([8, r.channels === 1 ? 0 : 2, 0, 0, 0], 8);
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(typed.length + 8);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), typed.length + 4);
  return out;
}
