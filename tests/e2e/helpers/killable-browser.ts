/**
 * A Chromium the test can kill like a power cut: spawned in its own process group with a
 * persistent profile, reached over the DevTools protocol, and ended with SIGKILL so nothing
 * gets a chance to flush or shut down cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './app';

export interface KillableBrowser {
  browser: Browser;
  page: Page;
  /** SIGKILL to the whole process group (the launcher script, the browser and its children). */
  kill(): Promise<void>;
}

export async function launchKillable(profileDir: string): Promise<KillableBrowser> {
  // Chromium writes the port it chose here; a stale file from the killed run must not be read.
  const portFile = path.join(profileDir, 'DevToolsActivePort');
  await rm(portFile, { force: true });
  const child = spawn(CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${profileDir}`, '--remote-debugging-port=0', 'about:blank'], {
    detached: true,
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await waitForPort(portFile, child);
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const context = browser.contexts()[0]!;
  const page = context.pages()[0] ?? (await context.newPage());
  await page.setViewportSize({ width: 1280, height: 860 });
  return {
    browser,
    page,
    async kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    },
  };
}

async function waitForPort(file: string, child: ChildProcess): Promise<number> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`chromium exited with ${child.exitCode} before it listened`);
    const text = await readFile(file, 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (port > 0) return port;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('chromium did not open its DevTools port within 30 s');
}
