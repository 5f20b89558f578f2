/** The report's small PNG helper: decoding what browsers and libpng write, compositing, cropping, scaling. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cropToInk, decodePng, encodePng, fitWithin, type Raster } from '../../../src-main/report/png';
import { signaturePng } from './fixture';
import { decodeGreyPng } from './poppler';

describe('png', () => {
  it('decodes a libpng-written RGB PNG with adaptive filters exactly', async () => {
    const file = await readFile(fileURLToPath(new URL('./baseline/report-page1.png', import.meta.url)));
    const rgb = decodePng(file, false)!;
    const reference = decodeGreyPng(file);
    expect([rgb.width, rgb.height]).toEqual([reference.width, reference.height]);
    for (let p = 0; p < reference.pixels.length; p += 97) {
      const mean = Math.round((rgb.data[p * 3]! + rgb.data[p * 3 + 1]! + rgb.data[p * 3 + 2]!) / 3);
      expect(mean).toBe(reference.pixels[p]);
    }
  });

  it('composites a transparent signature onto white and crops it to the ink', () => {
    const raster = decodePng(Buffer.from(signaturePng(1), 'base64'), true)!;
    expect([raster.width, raster.height, raster.channels]).toEqual([1050, 240, 1]);
    expect(raster.data[0]).toBe(255);
    const cropped = cropToInk(raster);
    expect(cropped.width).toBeLessThanOrEqual(601 + 8);
    expect(cropped.height).toBeLessThan(120);
    expect(Math.min(...cropped.data)).toBeLessThan(60);
  });

  it('round-trips through encodePng and scales down, never up', () => {
    const r: Raster = { width: 4, height: 2, channels: 1, data: Uint8Array.from([0, 255, 0, 255, 255, 0, 255, 0]) };
    expect(decodePng(encodePng(r), true)).toEqual(r);
    expect(fitWithin(r, 100, 100)).toBe(r);
    const half = fitWithin(r, 2, 1);
    expect([half.width, half.height, [...half.data]]).toEqual([2, 1, [128, 128]]);
  });

  it('returns null for what it does not handle, so jsPDF gets the original', () => {
    const r: Raster = { width: 1, height: 1, channels: 1, data: Uint8Array.from([0]) };
    const palette = encodePng(r);
    palette[8 + 8 + 9] = 3; // IHDR colour type: palette
    expect(decodePng(palette, true)).toBeNull();
    expect(decodePng(Buffer.from('not a png'), true)).toBeNull();
  });
});
