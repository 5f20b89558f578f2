/** Typed calls into the page's API over DevTools; the page does the timing, Node only asks. */
import type { Page } from 'playwright-core';
import { PAGE_GLOBAL, type StorePageApi } from './protocol';

type PageGlobal = Record<string, Record<string, (...args: unknown[]) => unknown>>;

export type PageCall = <K extends keyof StorePageApi>(name: K, ...args: Parameters<StorePageApi[K]>) => Promise<Awaited<ReturnType<StorePageApi[K]>>>;

export async function connectPage(page: Page, url: string): Promise<PageCall> {
  await page.goto(url);
  await page.waitForFunction((global) => global in globalThis, PAGE_GLOBAL);
  return (name, ...args) =>
    page.evaluate(({ global, name, args }) => (globalThis as unknown as PageGlobal)[global]![name]!(...args), { global: PAGE_GLOBAL, name, args: args as unknown[] }) as Promise<
      Awaited<ReturnType<StorePageApi[typeof name]>>
    >;
}
