/**
 * What an engineer does on the inspection screen, through keyboard and mouse only: answer the
 * current item in the way its kind asks for, and walk on until every item is answered.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { distinctPng } from './images';

/** A real 8×8 PNG, for the photo items. */
export const PNG_8x8 = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC',
  'base64',
);

export async function startInspection(page: Page, hospitalId: string, engineer: string, pick: (page: Page) => Promise<void>): Promise<void> {
  await page.click(`[data-testid=hospital-${hospitalId}]`);
  await page.click('[data-testid=new-inspection]');
  await page.fill('[data-testid=engineer]', engineer);
  await pick(page);
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=item]');
}

/** The usual pick on the new-inspection screen: the contract's first system, no hardware. */
export async function firstSystem(page: Page): Promise<void> {
  await page.locator('[data-testid^=system-]').first().check();
}

export async function currentItem(page: Page): Promise<{ key: string; kind: string }> {
  const item = page.locator('[data-testid=item]');
  return { key: (await item.getAttribute('data-step-key'))!, kind: (await item.getAttribute('data-kind'))! };
}

/** Photos differ from each other, so each is a blob of its own at the office too. */
let photoSeed = 1000;

async function isSaved(page: Page, key: string): Promise<boolean> {
  await page.waitForTimeout(200);
  return ['saved', 'finding'].includes((await page.locator(`li[data-step-key="${key}"]`).getAttribute('data-state')) ?? '');
}

/** Waits until the step is shown as saved in the outline (committed to IndexedDB). */
export async function waitSaved(page: Page, key: string): Promise<void> {
  await page.waitForFunction(
    (k) => ['saved', 'finding'].includes(document.querySelector(`li[data-step-key="${CSS.escape(k)}"]`)?.getAttribute('data-state') ?? ''),
    key,
  );
}

/** Answers the current item as a careful engineer would; `fail` fails a pass/fail item and adds the note it asks for. */
export async function answerCurrent(page: Page, options: { fail?: boolean } = {}): Promise<string> {
  const { key, kind } = await currentItem(page);
  const next = async (): Promise<void> => {
    await page.waitForFunction((k) => document.querySelector('[data-testid=item]')?.getAttribute('data-step-key') !== k, key);
  };
  switch (kind) {
    case 'check':
      await page.keyboard.press(options.fail ? '2' : '1');
      if (options.fail) {
        // A failure stays on the item and asks for its note before moving on.
        await page.waitForSelector('[data-testid=evidence-needed]');
        await page.locator('[data-testid=note]').pressSequentially('现场发现异常，已记录并通知信息科。');
        await page.locator('[data-testid=note]').press('Enter');
      }
      break;
    case 'number': {
      const input = page.locator('[data-testid=reading]');
      await input.fill('');
      const text = await typicalReading(page);
      await input.pressSequentially(text);
      await input.press('Enter');
      break;
    }
    case 'text':
      await page.locator('[data-testid=text-answer]').pressSequentially('科室反馈：叫号声音偏小，已调整并培训护士日常维护。');
      await page.keyboard.press('Enter');
      break;
    case 'choice':
      await page.keyboard.press('1');
      break;
    case 'photo': {
      // As many photos as the item asks for (minPhotos): one at a time until it is saved.
      // (Photos taken before a reload or a crash are there already.)
      const had = await page.locator('[data-testid=item] [data-testid=photos] img').count();
      for (let i = 0; i < 10; i++) {
        await page.locator('[data-testid=photo-input]').setInputFiles({ name: `rack-${i}.png`, mimeType: 'image/png', buffer: distinctPng(photoSeed++) });
        await expect.poll(() => page.locator('[data-testid=item] [data-testid=photos] img').count(), { timeout: 15_000 }).toBe(had + i + 1);
        if (await isSaved(page, key)) break;
      }
      await waitSaved(page, key);
      await page.click('[data-testid=next]');
      break;
    }
    default:
      throw new Error(`unknown kind ${kind}`);
  }
  await waitSaved(page, key);
  if (!(await isLast(page))) await next();
  return key;
}

/** A value inside the item's normal range, read from the hint the screen shows. */
async function typicalReading(page: Page): Promise<string> {
  const hint = (await page.locator('#reading-hint').textContent()) ?? '';
  const range = hint.match(/(-?[\d.]+)–(-?[\d.]+)/);
  if (range) return String(Math.ceil((Number(range[1]) + Number(range[2])) / 2));
  const max = hint.match(/≤ (-?[\d.]+)/);
  if (max) return String(Math.max(0, Math.floor(Number(max[1]) / 2)));
  const min = hint.match(/≥ (-?[\d.]+)/);
  if (min) return String(Math.ceil(Number(min[1])) + 1);
  return '1';
}

async function isLast(page: Page): Promise<boolean> {
  return page.locator('[data-testid=next]').isDisabled();
}

export async function answerAll(page: Page, failEvery = 0): Promise<number> {
  let n = 0;
  for (;;) {
    n++;
    await answerCurrent(page, { fail: failEvery > 0 && n % failEvery === 0 });
    if (await isLast(page)) {
      const open = await page.locator('li[data-state=open]').count();
      if (open === 0) return n;
    }
  }
}
