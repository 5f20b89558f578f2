/**
 * Starts the product as a user meets it: the loopback host with the real router and the built
 * renderer, and Debian's Chromium driven by playwright-core with a fresh profile.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createHandlers } from '../../../src-main/handlers';
import { startHost, type RunningHost } from '../../../src-main/host/host';
import { createRouter } from '../../../src-main/rpc/router';

export { CHROMIUM, CHROMIUM_ARGS } from '../../helpers/chromium';
import { CHROMIUM, CHROMIUM_ARGS } from '../../helpers/chromium';

export async function startTestHost(options: { assetsDir?: string; port?: number } = {}): Promise<RunningHost & { dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-data-'));
  const router = createRouter(
    createHandlers({
      shell: 'web',
      version: 'test',
      assetsDir: options.assetsDir ?? path.resolve('assets'),
      dataDir,
      log: () => {},
      // As `npm run start:web` does: reports are laid out on the report thread.
      renderWorker: { source: path.resolve('src-main/report/render-worker.ts') },
    }),
  );
  const host = await startHost({ router, rendererDir: path.resolve('dist-renderer'), ...(options.port ? { port: options.port } : {}) });
  return {
    ...host,
    dataDir,
    close: async () => {
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface TestApp {
  host: RunningHost & { dataDir: string };
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function openApp(options: { assetsDir?: string } = {}): Promise<TestApp> {
  const host = await startTestHost(options);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(host.url);
  return {
    host,
    browser,
    context,
    page,
    close: async () => {
      await browser.close();
      await host.close();
    },
  };
}
