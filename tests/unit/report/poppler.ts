/**
 * The PDF checked the way a reader sees it: poppler's pdftotext, pdfsig and pdftoppm (Debian
 * poppler-utils, installed in CI), plus a tiny decoder for the PNGs pdftoppm writes, so render
 * comparisons need no image library.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { inflateSync } from 'node:zlib';

const run = promisify(execFile);

async function withPdf<T>(pdf: Uint8Array, use: (file: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-pdf-'));
  try {
    const file = path.join(dir, 'in.pdf');
    await writeFile(file, pdf);
    return await use(file, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Big reports extract to tens of MB of text. */
const MAX_BUFFER = 256 * 1024 * 1024;

export function pdfText(pdf: Uint8Array): Promise<string> {
  return withPdf(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', file, '-'], { maxBuffer: MAX_BUFFER })).stdout);
}

const PT_PER_MM = 72 / 25.4;

/**
 * The body of every page without its running header and footer (report number, hash, page x of
 * y), white space removed: a paragraph that runs over a page break reads as one string.
 * `top`/`bottom` are the body's limits in mm (src-main/report/pen.ts PAGE).
 */
export function pdfBodyTextCompact(pdf: Uint8Array, { top, bottom }: { top: number; bottom: number }): Promise<string> {
  const crop = ['-x', '0', '-y', String(Math.floor(top * PT_PER_MM) - 1), '-W', '600', '-H', String(Math.ceil((bottom - top) * PT_PER_MM) + 2)];
  return withPdf(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', ...crop, file, '-'], { maxBuffer: MAX_BUFFER })).stdout.replace(/\s+/g, ''));
}

/** Text with all white space removed: table cells and wrapped lines come out as one string. */
export async function pdfTextCompact(pdf: Uint8Array): Promise<string> {
  return (await pdfText(pdf)).replace(/\s+/g, '');
}

/** pdfsig's report; it exits non-zero for an invalid signature, so the output is returned either way. */
export function pdfSig(pdf: Uint8Array): Promise<string> {
  return withPdf(pdf, async (file) => {
    try {
      return (await run('pdfsig', [file])).stdout;
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      return `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
  });
}

export async function pageCount(pdf: Uint8Array): Promise<number> {
  const info = await withPdf(pdf, async (file) => (await run('pdfinfo', [file])).stdout);
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
}

/** Every image embedded in the PDF, as the PNGs `pdfimages -png` writes. */
export function pdfImages(pdf: Uint8Array): Promise<Buffer[]> {
  return withPdf(pdf, async (file, dir) => {
    await run('pdfimages', ['-png', file, path.join(dir, 'img')]);
    const names = (await readdir(dir)).filter((n) => n.startsWith('img') && n.endsWith('.png')).sort();
    return Promise.all(names.map((n) => readFile(path.join(dir, n))));
  });
}

export interface GreyImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 = black. */
  pixels: Uint8Array;
}

/** Renders one page as a PNG in grey tones (pdftoppm writes it as RGB). */
export function renderPagePng(pdf: Uint8Array, page: number, dpi: number): Promise<Buffer> {
  return withPdf(pdf, async (file, dir) => {
    await run('pdftoppm', ['-png', '-gray', '-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'page')]);
    return readFile(path.join(dir, 'page.png'));
  });
}

/** Decodes the non-interlaced 8-bit PNGs pdftoppm writes (greyscale or RGB) into grey levels. */
export function decodeGreyPng(png: Buffer): GreyImage {
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 1;
  const idat: Buffer[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      channels = data[9] === 2 ? 3 : data[9] === 0 ? 1 : 0;
      if (data[8] !== 8 || channels === 0 || data[12] !== 0) throw new Error('expected a non-interlaced 8-bit greyscale or RGB PNG');
    } else if (type === 'IDAT') idat.push(data);
    at += length + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const bytes = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? bytes[y * stride + i - channels]! : 0;
      const up = y > 0 ? bytes[(y - 1) * stride + i]! : 0;
      const upLeft = i >= channels && y > 0 ? bytes[(y - 1) * stride + i - channels]! : 0;
      bytes[y * stride + i] = (raw[y * (stride + 1) + 1 + i]! + predict(filter, left, up, upLeft)) & 0xff;
    }
  }
  const pixels = new Uint8Array(width * height);
  for (let p = 0; p < pixels.length; p++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += bytes[p * channels + c]!;
    pixels[p] = Math.round(sum / channels);
  }
  return { width, height, pixels };
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`bad PNG filter ${filter}`);
  }
}

/** Share of pixels whose grey level differs by more than `threshold` (0..255). */
export function differingShare(a: GreyImage, b: GreyImage, threshold = 64): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  let differing = 0;
  for (let i = 0; i < a.pixels.length; i++) if (Math.abs(a.pixels[i]! - b.pixels[i]!) > threshold) differing++;
  return differing / a.pixels.length;
}

/** The pages (1-based) that hold at least one raster image, from `pdfimages -list`. */
export function pagesWithImages(pdf: Uint8Array): Promise<number[]> {
  return withPdf(pdf, async (file) => {
    const out = (await run('pdfimages', ['-list', file], { maxBuffer: MAX_BUFFER })).stdout;
    const pages = out
      .split('\n')
      .slice(2)
      .map((line) => Number(line.trim().split(/\s+/)[0]))
      .filter((n) => Number.isInteger(n) && n > 0);
    return [...new Set(pages)];
  });
}

/** The names of the fonts the PDF uses, from `pdffonts`. */
export function pdfFontNames(pdf: Uint8Array): Promise<string[]> {
  return withPdf(pdf, async (file) => {
    const out = (await run('pdffonts', [file])).stdout;
    return out.split('\n').slice(2).map((line) => line.trim().split(/\s+/)[0]!).filter(Boolean);
  });
}

/** The text of one page (1-based). */
export function pdfPageText(pdf: Uint8Array, page: number): Promise<string> {
  return withPdf(pdf, async (file) => (await run('pdftotext', ['-enc', 'UTF-8', '-f', String(page), '-l', String(page), file, '-'], { maxBuffer: MAX_BUFFER })).stdout);
}
