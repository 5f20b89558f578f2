/**
 * Debian's Chromium and the flags that work on this machine (headless, no sandbox as root, no
 * background traffic), shared by the e2e tests, the benchmarks and the screenshot script.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
