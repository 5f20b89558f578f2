/** The office side of a test, as an engineer meets it in the app: enrolling the device with a one-time code. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createEnrollmentCode } from '../../../src-server/admin/operations';
import type { RunningOffice } from '../../../src-server/start';

/** Enrolls the device on the 办公室同步 screen with a fresh code for `engineer`, and waits until it shows them. */
export async function enrollInApp(page: Page, office: RunningOffice, engineer: { id: string; name: string }, deviceName: string): Promise<void> {
  const code = (await createEnrollmentCode(office.ctx, engineer.id, 7, 'test')).code;
  await page.click('[data-testid=nav-sync]');
  await page.fill('[data-testid=office-url]', office.url);
  await page.fill('[data-testid=enroll-code]', code);
  await page.fill('[data-testid=device-name]', deviceName);
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enrolled-engineer]').textContent(), { timeout: 20_000 }).toContain(engineer.name);
}
