/**
 * Seed 004's 附件1 on a service record through the UI (issue 12): on a 武汉市中心医院 record
 * (contract whch-drg-2026) the spot check waits for the repair; once resolved, the user
 * department's 合格 is recorded, an adverse-event assessment is refused without a reason and
 * saved with one; after a reload both are on the record's page and in its history.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A weekday morning, Beijing time; the page's clock is pinned and moved by hand. */
const T0 = Date.parse('2026-04-08T09:00:00+08:00');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const local = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16);

async function beijing(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Shanghai' });
}

test('a 004 record: spot check once resolved, an adverse-event assessment with its reason, both kept across a reload', async () => {
  app = await openApp();
  const { page } = app;
  await beijing(page);
  await page.clock.setFixedTime(at(0));
  await page.reload();

  await page.click('[data-testid=nav-service]');
  await page.click('[data-testid=service-new]');
  await page.waitForSelector('[data-testid=service-form]');
  const value = await page.locator('[data-testid=form-hospital] option', { hasText: '武汉市中心医院' }).getAttribute('value');
  await page.selectOption('[data-testid=form-hospital]', value!);
  await page.locator('[data-testid=form-level-fatal]').check();
  await page.fill('[data-testid=form-reporter]', '医保办');
  await page.fill('[data-testid=form-reported-at]', local(at(0)));
  await page.fill('[data-testid=form-title]', 'DRG 分组服务停止');
  await page.fill('[data-testid=form-engineer]', '王工');
  await page.click('[data-testid=form-submit]');
  await page.waitForSelector('[data-testid=service-record]');

  // Open: the panel is there (the contract has 附件1), the spot check waits for the repair.
  const panel = page.locator('[data-testid=evaluation-panel]');
  await panel.waitFor();
  expect(await page.locator('[data-testid=spot-not-resolved]').textContent()).toContain('解决或关闭之后');
  expect(await page.locator('[data-testid=spot-submit]').count()).toBe(0);

  await page.clock.setFixedTime(at(5));
  await page.click('[data-testid=step-written_report]');
  await page.clock.setFixedTime(at(40));
  await page.click('[data-testid=step-resolved]');
  await expect.poll(() => page.locator('[data-testid=service-record]').getAttribute('data-status')).toBe('resolved');

  await page.clock.setFixedTime(at(120));
  await page.locator('[data-testid=spot-evaluator-department]').check();
  await page.locator('[data-testid=spot-result-pass]').check();
  await page.fill('[data-testid=spot-note]', '科室确认已恢复');
  await page.click('[data-testid=spot-submit]');
  await expect.poll(() => page.locator('[data-testid=spot-latest-department]').getAttribute('data-result')).toBe('pass');
  expect(await page.locator('[data-testid=spot-latest-it_office]').getAttribute('data-result')).toBe('');

  // An adverse event with no reason: refused on the form, nothing stored.
  await page.locator('[data-testid=assess-adverse]').check();
  await page.click('[data-testid=assess-submit]');
  await expect.poll(() => panel.textContent()).toContain('请填写原因');
  expect(await page.locator('[data-testid=assess-current]').count()).toBe(0);
  await page.fill('[data-testid=assess-reason]', '分组服务停止导致当日结算延误');
  await page.click('[data-testid=assess-submit]');
  await page.locator('[data-testid=assess-current]').waitFor();
  await page.setViewportSize({ width: 1280, height: 900 });
  await panel.screenshot({ path: path.resolve('docs/screenshots', 'service-assess.png') });

  await page.reload();
  await page.waitForSelector('[data-testid=service-record]');
  expect(await page.locator('[data-testid=spot-latest-department]').getAttribute('data-result')).toBe('pass');
  expect(await page.locator('[data-testid=spot-latest-department]').textContent()).toContain('科室确认已恢复');
  const current = page.locator('[data-testid=assess-current]');
  expect(await current.getAttribute('data-adverse')).toBe('true');
  expect(await current.getAttribute('data-notice')).toBe('false');
  expect(await current.textContent()).toContain('分组服务停止导致当日结算延误');
  const history = page.locator('[data-testid=timeline]');
  expect(await history.locator('[data-type=spot_check]').textContent()).toContain('服务效果抽查（使用科室）：合格');
  expect(await history.locator('[data-type=assess]').textContent()).toContain('有恶性事件；非未提前通知导致。原因：分组服务停止导致当日结算延误');
});
