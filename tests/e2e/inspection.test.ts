/** An engineer completes inspections through the UI only, with keyboard and mouse. */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, currentItem, firstSystem, startInspection, waitSaved } from './helpers/engineer';

let app: TestApp;
beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app.close();
});

describe('guided inspection', () => {
  test('a full inspection of one system ends completed in the list', async () => {
    const { page } = app;
    await startInspection(page, 'gd-provincial', '李工', firstSystem);
    const total = Number((await page.locator('[data-testid=overall-progress]').textContent())!.match(/\/(\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(10);
    const answered = await answerAll(page, 5);
    expect(answered).toBe(total);
    await expect.poll(() => page.locator('[data-testid=overall-progress]').textContent()).toContain(`${total}/${total}`);
    await page.click('[data-testid=complete]');
    // Completing leads to the sign-off; the engineer goes back to the hospital's list from there.
    await page.click('.signoff > a');
    const row = page.locator('[data-testid=inspection-row]').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('completed');
    expect(await row.textContent()).toContain('李工');
    expect(await row.textContent()).toMatch(/项异常/);
  });

  test('a queue-calling department, unit by unit, with asset-tag jumps', async () => {
    const { page } = app;
    await startInspection(page, 'queue-demo', '王工', async (p) => {
      await p.locator('.dept', { hasText: '儿科' }).locator('[data-testid^="dept-all-"]').check();
    });
    const heads = await page.locator('[data-group^="asset:"] .group-head').allTextContents();
    const tags = (await page.locator('[data-group^="asset:"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-asset-tag')!)));
    expect(tags.length).toBeGreaterThanOrEqual(3);
    // Units come grouped by department and room: the outline never returns to a room it left.
    const rooms = heads.map((t) => t.split(' · ')[1]);
    expect(rooms.filter((r, i) => i > 0 && r !== rooms[i - 1] && rooms.slice(0, i - 1).includes(r)), heads.join('\n')).toEqual([]);

    // Typing a unit's tag in the box jumps to it.
    const lastTag = tags[tags.length - 1]!;
    await page.fill('[data-testid=asset-tag]', lastTag.toLowerCase());
    await page.press('[data-testid=asset-tag]', 'Enter');
    await expect.poll(async () => (await currentItem(page)).key).toMatch(/^asset:/);
    expect(await page.locator('[data-testid=item] header').textContent()).toContain(lastTag);
    // A scanner types fast outside any field and ends with Enter.
    const firstTag = tags[0]!;
    await page.locator('[data-testid=item-label]').click();
    await page.keyboard.type(firstTag, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=item] header').textContent()).toContain(firstTag);
    // An unknown tag is explained, not silently ignored.
    await page.fill('[data-testid=asset-tag]', 'XX-NOPE-99');
    await page.press('[data-testid=asset-tag]', 'Enter');
    await expect.poll(() => page.locator('[data-testid=notice]').textContent()).toContain('XX-NOPE-99');

    await page.locator('[data-group] .group-head').first().click();
    await answerAll(page, 7);
    await page.click('[data-testid=complete]');
    // Completing leads to the sign-off; the engineer goes back to the hospital's list from there.
    await page.click('.signoff > a');
    await expect.poll(() => page.locator('[data-testid=inspection-row]').first().getAttribute('data-status')).toBe('completed');
  });

  test('the next inspection shows the previous answer and a change from pass to fail stands out', async () => {
    const { page } = app;
    await startInspection(page, 'gd-provincial', '李工', firstSystem);
    await answerAll(page);
    await page.click('[data-testid=complete]');
    // Completing leads to the sign-off; the engineer goes back to the hospital's list from there.
    await page.click('.signoff > a');
    await page.waitForSelector('[data-testid=inspection-row][data-status=completed]');
    await page.click('[data-testid=new-inspection]');
    await firstSystem(page);
    await page.click('[data-testid=start]');
    await page.waitForSelector('[data-testid=item]');
    expect(await page.locator('[data-testid=previous]').textContent()).toMatch(/上次（.+）：正常/);
    const { key } = await currentItem(page);
    await page.keyboard.press('2');
    await waitSaved(page, key);
    await expect.poll(() => page.locator('[data-testid=previous]').textContent()).toContain('由合格变为异常');
    expect(await page.locator('[data-testid=suggested-level]').textContent()).toContain('建议故障等级');
  });
});
