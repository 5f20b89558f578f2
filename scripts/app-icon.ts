/**
 * `npx tsx scripts/app-icon.ts`: renders the app icon (src-renderer/public/favicon.svg, the one
 * drawing) to assets/icons/icon-512.png for what needs a bitmap — electron-builder's installers
 * and the window icon on Linux. Chromium draws it, so no image package is needed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/helpers/chromium';

const SIZE = 512;
const svg = await readFile(path.resolve('src-renderer/public/favicon.svg'));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE } });
  // setContent waits for the page's load event, which waits for the image.
  await page.setContent(`<body style="margin:0"><img src="data:image/svg+xml;base64,${svg.toString('base64')}" width="${SIZE}" height="${SIZE}" style="display:block"></body>`);
  // Transparent around the clipboard, as an icon should be.
  await page.screenshot({ path: path.resolve('assets/icons/icon-512.png'), omitBackground: true });
} finally {
  await browser.close();
}
