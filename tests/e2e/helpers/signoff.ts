/**
 * Signing a completed inspection through the UI, as the department and the IT office do: the verdicts the contract asks,
 * write three signatures with the mouse, sign, and wait for the signed PDF to be filed.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function drawSignature(page: Page, role: string): Promise<void> {
  await drawOnPad(page, `pad-${role}`);
  await expect.poll(() => page.locator(`[data-testid=signed-at-${role}]`).textContent()).toMatch(/签字时间/);
}

/** A signature written with the mouse on the pad with this test id. */
export async function drawOnPad(page: Page, testId: string): Promise<void> {
  const pad = page.locator(`[data-testid=${testId}]`);
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 20, y);
  await page.mouse.down();
  for (let i = 1; i <= 14; i++) await page.mouse.move(box.x + 20 + i * 14, y + Math.sin(i) * 30, { steps: 3 });
  await page.mouse.up();
}

/**
 * Each verdict the contract asks of its evaluators (issue 12), picked in that signer's box: the
 * value given per role, else the scale's best (良 is no longer everyone's default). Nothing where
 * the contract asks none.
 */
export async function giveVerdicts(page: Page, values: Partial<Record<string, string>> = {}): Promise<void> {
  const groups = page.locator('fieldset.verdict');
  const count = await groups.count();
  for (let i = 0; i < count; i++) {
    const group = groups.nth(i);
    const role = (await group.getAttribute('data-testid'))!.slice('verdict-'.length);
    const value = values[role];
    await (value ? group.locator(`[data-testid=verdict-${role}-${value}]`) : group.locator('input[type=radio]').first()).check();
  }
}

/** From the finished inspection screen to a signed, filed report; returns its number and hash. */
export async function signInspection(page: Page): Promise<{ reportNumber: string; hash: string }> {
  await page.click('[data-testid=complete]');
  await page.waitForSelector('[data-testid=signoff]');
  await giveVerdicts(page);
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  const hash = (await page.locator('[data-testid=content-hash]').textContent())!;
  await page.fill('[data-testid=name-department]', '刘护士长');
  await page.fill('[data-testid=name-it_office]', '陈主任');
  for (const role of ['engineer', 'department', 'it_office']) await drawSignature(page, role);
  await page.click('[data-testid=sign]');
  await page.waitForSelector('[data-testid=report-panel]');
  await expect.poll(() => page.locator('[data-testid=report-path]').count(), { timeout: 30_000 }).toBe(1);
  return { reportNumber: (await page.locator('[data-testid=report-number]').textContent())!, hash };
}

/** Every signer the contract asks for, in the screen's order: a name (the engineer's is given) and a signature. */
export async function signAsAsked(page: Page, names: Partial<Record<string, string>> = { department: '刘护士长', it_office: '陈主任' }): Promise<void> {
  const roles = await page.locator('[data-testid^=signer-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('signer-'.length)));
  for (const role of roles) {
    if (role !== 'engineer') await page.fill(`[data-testid=name-${role}]`, names[role] ?? '陈主任');
    await drawSignature(page, role);
  }
}
