/**
 * Finding things on the floor (issue 9, point 9), in Chromium as the engineer does it: search the
 * hospitals, filter a hospital's inspections over years of history, see what each covers, delete a
 * draft (never a completed or signed one), open a unit's page with its whole history. The
 * hospital's contacts are in find-contacts.test.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AnswerRow, InspectionRow } from '../../src-renderer/db/rows';
import type { Target } from '../../src-shared/domain/steps';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, answerCurrent, startInspection } from './helpers/engineer';
import { checkAnswer, seedHistory, signedInspection } from './helpers/history';
import { drawSignature } from './helpers/signoff';

const HOSPITAL = 'queue-demo';
const CONTRACT = 'queue-demo-2026';
const SYSTEM = `${CONTRACT}/mz-queue`;
const UNIT = 'mz-nk-rs-01';
const OLD_UNIT_VISIT = 'old-unit-visit';

let app: TestApp;
let page: Page;

beforeAll(async () => {
  app = await openApp();
  page = app.page;
});
afterAll(() => app?.close());

const cards = () => page.locator('.cards [data-testid^=hospital-]');
const rows = () => page.locator('[data-testid=inspection-row]');
const rowIds = () => rows().evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
const openHospital = async (): Promise<void> => {
  await page.goto(`${app.host.url}#/hospital/${HOSPITAL}`);
  await page.waitForSelector('[data-testid=filters]');
};
/** The list after a filter change: the live query answers a moment later. */
const expectTotal = (text: RegExp | string) => expect.poll(() => page.locator('[data-testid=find-total]').textContent()).toMatch(text);

async function cardIds(): Promise<string[]> {
  return cards().evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.replace('hospital-', '')));
}

/** Queue-demo's sheet is signed by the engineer and the department (its contract's roles). */
async function completeAndSign(): Promise<void> {
  await page.click('[data-testid=complete]');
  await page.waitForSelector('[data-testid=signoff]');
  // Seed 003 asks the signers for no verdict (issue 12).
  await page.waitForSelector('[data-testid=no-verdict]');
  await expect.poll(() => page.locator('[data-testid=content-hash]').textContent()).toMatch(/^[0-9a-f]{64}$/);
  await page.fill('[data-testid=name-department]', '刘护士长');
  for (const role of ['engineer', 'department']) await drawSignature(page, role);
  await page.click('[data-testid=sign]');
  await expect.poll(() => page.locator('[data-testid=report-path]').count(), { timeout: 30_000 }).toBe(1);
}

async function roomScreenVersion(): Promise<number> {
  const file = JSON.parse(await readFile(path.resolve('assets/catalog/templates/queue-room-screen.json'), 'utf8')) as { version: number };
  return file.version;
}

describe('finding things', () => {
  test('the hospitals list filters as the engineer types: name in either language, or city; no match says so', async () => {
    await expect.poll(() => cards().count()).toBe(5);
    const search = page.locator('[data-testid=search-hospitals]');
    await search.fill('武汉');
    await expect.poll(cardIds).toEqual(['wuhan-central']);
    await search.fill('ZHANJIANG');
    await expect.poll(cardIds).toEqual(['zhanjiang-central']);
    await search.fill('广州');
    await expect.poll(cardIds).toEqual(['gd-provincial']);
    await search.fill('yunfu');
    await expect.poll(cardIds).toEqual(['yunan-peoples']);
    await search.fill('上海');
    await expect.poll(() => cards().count()).toBe(0);
    expect(await page.locator('[data-testid=search-hospitals-none]').textContent()).toContain('没有名称或城市包含“上海”的医院');
    await search.fill('');
    await expect.poll(() => cards().count()).toBe(5);
  });

  test('inspections are filtered by unit, state, system or type and start date over years of history, and paged', async () => {
    // Today: a draft of paediatrics' units, a completed inspection of one screen, a signed one of the software.
    await page.goto(app.host.url);
    await startInspection(page, HOSPITAL, '王工', async (p) => {
      await p.locator('.dept', { hasText: '儿科' }).locator('[data-testid^="dept-all-"]').check();
    });
    await page.goto(app.host.url);
    await startInspection(page, HOSPITAL, '王工', async (p) => {
      await p.locator(`input[value="${UNIT}"]`).check();
    });
    await answerAll(page, 4);
    await page.click('[data-testid=complete]');
    await page.waitForSelector('[data-testid=signoff]');
    await page.goto(app.host.url);
    await startInspection(page, HOSPITAL, '李工', async (p) => {
      await p.locator(`[data-testid="system-${SYSTEM}"]`).check();
    });
    await answerAll(page);
    await completeAndSign();

    // Two years before: 60 signed inspections of the software, and one of the screen with a finding.
    const software: Target[] = [{ kind: 'system', systemId: SYSTEM, templateId: 'queue-software', templateVersion: 1 }];
    const old: InspectionRow[] = Array.from({ length: 60 }, (_, i) => signedInspection(`old-${i}`, HOSPITAL, CONTRACT, new Date(Date.UTC(2024, 0, 2 + i * 5, 1)), software, 22));
    const screen: Target[] = [{ kind: 'hardware', templateId: 'queue-room-screen', templateVersion: await roomScreenVersion(), assetIds: [UNIT] }];
    old.push(signedInspection(OLD_UNIT_VISIT, HOSPITAL, CONTRACT, new Date(Date.UTC(2024, 2, 14, 2)), screen, 2));
    const at = '2024-03-14T02:30:00.000Z';
    const answers: AnswerRow[] = [
      checkAnswer(OLD_UNIT_VISIT, `asset:${UNIT}`, 'queue-room-screen', 'rs-mount', at, { note: '屏幕支架松动，已紧固', severity: 'minor', faultLevelId: 'general-error' }),
      checkAnswer(OLD_UNIT_VISIT, `asset:${UNIT}`, 'queue-room-screen', 'rs-power', at),
      checkAnswer(OLD_UNIT_VISIT, 'type:queue-room-screen', 'queue-room-screen', 'rs-spares', at, { note: '无备用屏', severity: 'minor', faultLevelId: 'general-error' }),
    ];
    await seedHistory(page, old, answers);
    await openHospital();

    // Unfiltered: a page of 50, newest first, then the rest on request.
    await expect.poll(() => rows().count()).toBe(50);
    expect(await page.locator('[data-testid=list-more]').textContent()).toContain('还有 14 次');
    await page.click('[data-testid=list-more]');
    await expect.poll(() => rows().count()).toBe(64);
    expect(await page.locator('[data-testid=list-more]').count()).toBe(0);

    // Each row says what it covers.
    const coverageOf = (status: string) => page.locator(`[data-testid=inspection-row][data-status=${status}] [data-testid=row-coverage]`).first();
    const coverage = (status: string) => coverageOf(status).textContent();
    // Five types of paediatrics' units: four named, the rest counted, all in the tooltip.
    expect(await coverage('draft')).toMatch(/ ×2.* 等 1 项$/);
    expect((await coverageOf('draft').getAttribute('title'))!.split('\n').sort()).toEqual(['儿科候诊区音箱', '儿科候诊屏', '儿科自助报到机', '物理叫号器 ×2', '诊室叫号屏 ×2'].sort());
    expect(await coverage('completed')).toBe('内科诊室1叫号屏');
    expect(await coverage('signed')).toBe('门诊排队叫号系统');

    // A unit, typed in lower case: today's inspection and the one two years ago, far past the first page.
    await page.fill('[data-testid=filter-unit]', 'mz-nk-rs-01');
    await expectTotal('找到 2 次巡检');
    expect(await rowIds()).toEqual([expect.any(String), OLD_UNIT_VISIT]);
    expect(await page.locator('[data-testid=filter-note]').textContent()).toContain('内科诊室1叫号屏 · 内科 · 诊室1');
    await page.selectOption('[data-testid=filter-status]', 'signed');
    await expectTotal('找到 1 次巡检');
    expect(await rowIds()).toEqual([OLD_UNIT_VISIT]);

    // A tag that is not this hospital's matches nothing, and says why.
    await page.fill('[data-testid=filter-unit]', 'MZ-XX-99');
    await expectTotal('没有符合条件的巡检');
    expect(await page.locator('[data-testid=filter-note]').textContent()).toContain('本院没有资产标签为 MZ-XX-99 的设备');

    // By unit type, and by system (paged like the whole list).
    await page.click('[data-testid=filter-clear]');
    await page.selectOption('[data-testid=filter-subject]', 'type:queue-room-screen');
    await expectTotal('找到 3 次巡检');
    await page.selectOption('[data-testid=filter-subject]', `system:${SYSTEM}`);
    await expectTotal('找到 61 次巡检');
    expect(await rows().count()).toBe(50);
    await page.click('[data-testid=list-more]');
    await expect.poll(() => rows().count()).toBe(61);

    // Started in March 2024 (five of the software's and the screen's), then in an impossible range.
    await page.click('[data-testid=filter-clear]');
    await page.fill('[data-testid=filter-from]', '2024-03-03');
    await page.fill('[data-testid=filter-to]', '2024-03-30');
    await expectTotal('找到 6 次巡检');
    expect(await rowIds()).toContain(OLD_UNIT_VISIT);
    await page.fill('[data-testid=filter-from]', '2024-04-01');
    await expectTotal('没有符合条件的巡检');
    expect(await page.locator('[data-testid=filter-note]').textContent()).toContain('结束日期早于开始日期');

    // Filters stay while the engineer opens an inspection and comes back; clearing restores the list.
    await page.fill('[data-testid=filter-from]', '');
    await page.fill('[data-testid=filter-to]', '');
    await page.selectOption('[data-testid=filter-status]', 'completed');
    await expectTotal('找到 1 次巡检');
    await rows().locator('a', { hasText: '查看' }).click();
    await page.waitForSelector('[data-testid=item]');
    await page.goBack();
    await expectTotal('找到 1 次巡检');
    await page.click('[data-testid=filter-clear]');
    await expect.poll(() => rows().count()).toBe(50);
  });

  test('a unit’s page has its facts and whole history, reached from the unit list, the filter and a scan', async () => {
    await openHospital();
    await page.locator('[data-testid=unit-list] summary').click();
    await page.click(`[data-testid=unit-${UNIT}]`);
    await page.waitForSelector('[data-testid=unit-page]');
    const facts = (await page.locator('[data-testid=unit-facts]').textContent())!;
    for (const fact of ['MZ-NK-RS-01', '诊室叫号屏', 'HJ-RS215P', '内科 · 诊室1', '排队叫号售后服务项目（演示）']) expect(facts).toContain(fact);

    // Newest first: today's completed inspection, then the signed one of March 2024.
    const visits = page.locator('[data-testid=visit]');
    await expect.poll(() => visits.count()).toBe(2);
    expect(await visits.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))).toEqual(['completed', 'signed']);
    const today = visits.nth(0);
    // 11 items asked per unit; the two asked once for all room screens belong to the type, not here.
    expect(await today.locator('[data-testid=visit-answer]').count()).toBe(11);
    const finding = today.locator('[data-testid=visit-answer][data-finding=true]');
    expect(await finding.count()).toBe(1);
    // Marked with the level the contract gives a failed item of its severity.
    expect(await finding.textContent()).toMatch(/^诊室与医生信息异常系统严重故障现场发现异常，已记录并通知信息科。$/);
    const past = visits.nth(1);
    expect(await past.textContent()).toContain('工程师：赵工');
    expect(await past.locator('[data-testid=visit-answer]').allTextContents()).toEqual([
      expect.stringMatching(/^外观与安装异常系统一般错误类故障屏幕支架松动，已紧固$/),
      expect.stringMatching(/^供电与定时开关机正常$/),
    ]);
    expect(await past.textContent()).not.toContain('无备用屏');
    // Its report is one click away.
    expect(await past.locator('[data-testid=visit-report]').getAttribute('href')).toBe(`#/inspection/${OLD_UNIT_VISIT}/sign`);
    await today.locator('[data-testid=visit-open]').click();
    await page.waitForSelector('[data-testid=item]');

    // From the unit filter: Enter on a complete tag.
    await openHospital();
    await page.fill('[data-testid=filter-unit]', 'MZ-NK-RS-02');
    await page.press('[data-testid=filter-unit]', 'Enter');
    await page.waitForSelector('[data-testid=unit-page]');
    expect(await page.locator('h1').textContent()).toContain('MZ-NK-RS-02');
    expect(await page.locator('[data-testid=unit-no-history]').count()).toBe(1);

    // A scanner types the tag and Enter anywhere on the page.
    await openHospital();
    await page.locator('h1').click();
    await page.keyboard.type('MZ-NK-RS-01\n');
    await page.waitForSelector('[data-testid=unit-page]');
    expect(page.url()).toContain(`#/hospital/${HOSPITAL}/unit/${UNIT}`);
  });

  test('a draft is deleted after a confirmation that says what is lost; completed and signed ones offer no delete', async () => {
    await openHospital();
    // The unit typed in the last test is still in the filter, as it would be for the engineer.
    expect(await page.inputValue('[data-testid=filter-unit]')).toBe('MZ-NK-RS-02');
    await page.click('[data-testid=filter-clear]');
    await page.selectOption('[data-testid=filter-status]', 'signed');
    await expectTotal('找到 62 次巡检');
    expect(await page.locator('[data-testid=row-delete]').count()).toBe(0);
    await page.selectOption('[data-testid=filter-status]', 'completed');
    await expectTotal('找到 1 次巡检');
    expect(await page.locator('[data-testid=row-delete]').count()).toBe(0);
    await page.click('[data-testid=filter-clear]');

    // A draft of one surgery screen with eight answers, one of them a photo.
    await page.goto(app.host.url);
    await startInspection(page, HOSPITAL, '王工', async (p) => {
      await p.locator('input[value="mz-wk-rs-01"]').check();
    });
    for (let i = 0; i < 8; i++) await answerCurrent(page);
    await openHospital();
    await page.fill('[data-testid=filter-unit]', 'MZ-WK-RS-01');
    await expectTotal('找到 1 次巡检');

    // Cancel keeps it; confirm deletes it with its answers and photo.
    await page.click('[data-testid=row-delete]');
    await expect.poll(() => page.locator('[data-testid=delete-lost]').textContent()).toContain('已填写的 8 项回答和 1 张照片会一并删除');
    await page.click('[data-testid=delete-cancel]');
    await expect.poll(() => page.locator('[data-testid=delete-dialog]').count()).toBe(0);
    expect(await rows().count()).toBe(1);
    await page.click('[data-testid=row-delete]');
    await expect.poll(() => page.locator('[data-testid=delete-lost]').count()).toBe(1);
    await page.click('[data-testid=delete-confirm]');
    await expectTotal('没有符合条件的巡检');
    await page.goto(`${app.host.url}#/hospital/${HOSPITAL}/unit/mz-wk-rs-01`);
    await page.waitForSelector('[data-testid=unit-no-history]');
  });

  test('a draft open in another window is not deleted, nor one completed there while the question was asked', async () => {
    await page.goto(app.host.url);
    await startInspection(page, HOSPITAL, '王工', async (p) => {
      await p.locator('input[value="mz-wk-rs-02"]').check();
    });
    const draftUrl = page.url();
    await openHospital();
    await page.fill('[data-testid=filter-unit]', 'MZ-WK-RS-02');
    await expectTotal('找到 1 次巡检');

    // The engineer has the draft open in a second window.
    const other = await app.context.newPage();
    await other.goto(draftUrl);
    await other.waitForSelector('[data-testid=item]');
    await page.bringToFront();
    await page.click('[data-testid=row-delete]');
    await expect.poll(() => page.locator('[data-testid=delete-lost]').count()).toBe(1);
    await page.click('[data-testid=delete-confirm]');
    await expect.poll(() => page.locator('[data-testid=delete-problem]').textContent()).toContain('正在另一个窗口中打开');
    expect(await rows().count()).toBe(1);

    // There it is finished and completed, and that window closed; the question is still open here.
    await other.bringToFront();
    await answerAll(other);
    await other.click('[data-testid=complete]');
    await other.waitForSelector('[data-testid=signoff]');
    await other.close();
    await page.bringToFront();
    await page.click('[data-testid=delete-confirm]');
    await expect.poll(() => page.locator('[data-testid=delete-problem]').textContent()).toContain('这次巡检已经完成、等待签署，不能删除');
    await page.click('[data-testid=delete-cancel]');
    expect(await page.locator('[data-testid=inspection-row][data-status=completed]').count()).toBe(1);
    expect(await page.locator('[data-testid=row-delete]').count()).toBe(0);
  });
});

