/**
 * `npx tsx scripts/make-icon.ts`: renders the app icon for the installers and the desktop from two
 * drawings, with Chromium (no image package needed):
 *   - build-resources/icon.svg, the full mark (clipboard, a checked line, two lines to do), for 48 px
 *     and up;
 *   - src-renderer/public/favicon.svg, the same mark without the lines, for 16–32 px, where the lines
 *     would only blur (it is also the page's icon).
 * Writes into build-resources/ (electron-builder's `directories.buildResources`):
 *   icon.png (1024 px), icon.ico (16–256 px, PNG entries; Windows exe, installers, shortcuts),
 *   icons/<n>x<n>.png (Linux: AppImage and deb install these into the hicolor theme).
 * With `--preview <file.png>` it also writes one sheet of the sizes side by side, to look at.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/helpers/chromium';

const OUT = path.resolve('build-resources');
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];
const SMALL_MAX = 32;

async function render(page: Page, svg: Buffer, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  // setContent waits for the load event, which waits for the image.
  await page.setContent(`<body style="margin:0"><img src="data:image/svg+xml;base64,${svg.toString('base64')}" width="${size}" height="${size}" style="display:block"></body>`);
  // Transparent around the clipboard, as an icon should be.
  return page.screenshot({ omitBackground: true });
}

/** An .ico of PNG entries (Windows Vista and later read them at every size). */
export function icoFile(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // 1 = icon
  header.writeUInt16LE(images.length, 4);
  const entries: Buffer[] = [];
  let offset = 6 + 16 * images.length;
  for (const { size, png } of images) {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0); // 0 means 256
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { preview: { type: 'string' } } });
  const full = await readFile(path.join(OUT, 'icon.svg'));
  const small = await readFile(path.resolve('src-renderer/public/favicon.svg'));
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cache = new Map<number, Buffer>();
    const at = async (size: number): Promise<Buffer> => {
      let png = cache.get(size);
      if (!png) cache.set(size, (png = await render(page, size <= SMALL_MAX ? small : full, size)));
      return png;
    };
    await mkdir(path.join(OUT, 'icons'), { recursive: true });
    await writeFile(path.join(OUT, 'icon.png'), await at(1024));
    const ico: { size: number; png: Buffer }[] = [];
    for (const size of ICO_SIZES) ico.push({ size, png: await at(size) });
    await writeFile(path.join(OUT, 'icon.ico'), icoFile(ico));
    for (const size of LINUX_SIZES) await writeFile(path.join(OUT, 'icons', `${size}x${size}.png`), await at(size));

    if (values.preview) {
      // Each size at its real pixels, on light and dark, as a taskbar or desktop shows it.
      const cells = [256, 48, 32, 24, 16].map((s) => `<img src="data:image/png;base64,${cache.get(s)?.toString('base64') ?? ''}" width="${s}" height="${s}" style="image-rendering:pixelated">`).join('');
      await page.setViewportSize({ width: 480, height: 600 });
      await page.setContent(`<body style="margin:0;font:12px sans-serif">${['#ffffff', '#f4f6f8', '#1f1f1f'].map((bg) => `<div style="background:${bg};padding:12px;display:flex;gap:16px;align-items:flex-end">${cells}</div>`).join('')}</body>`);
      await page.screenshot({ path: values.preview, fullPage: true });
    }
  } finally {
    await browser.close();
  }
}

await main();
