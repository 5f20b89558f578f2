/**
 * Debian's Chromium with a persistent profile in a temp folder. Persistent on purpose: a fresh
 * playwright context is incognito-like and keeps IndexedDB in memory, which would hide the disk.
 * The profile outlives a restart (as the app's store outlives a relaunch) and is deleted on close.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../tests/helpers/chromium';
import { waitForIdle } from './idle';


export interface BenchBrowser {
  page(): Page;
  /** Closes Chromium and starts it again on the same profile, like quitting and relaunching the app. */
  restart(): Promise<void>;
  /** Seconds until the browser stopped working in the background (compaction after a bulk load). */
  settle(): Promise<number>;
  /** Bytes under the profile: after seeding, almost all of it is the store. */
  profileBytes(): Promise<number>;
  close(): Promise<void>;
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += await bytesUnder(full);
    else if (entry.isFile()) total += (await stat(full).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

async function launch(profileDir: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  return { context, page };
}

export async function openBenchBrowser(): Promise<BenchBrowser> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-'));
  let current = await launch(profileDir).catch(async (error: unknown) => {
    await rm(profileDir, { recursive: true, force: true });
    throw error;
  });
  return {
    page: () => current.page,
    restart: async () => {
      await current.context.close();
      current = await launch(profileDir);
    },
    settle: () => waitForIdle(profileDir),
    profileBytes: () => bytesUnder(profileDir),
    close: async () => {
      await current.context.close().catch(() => undefined);
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
