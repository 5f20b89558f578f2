/**
 * The contract period on the device (issue 12), in Chromium as the engineer and the evaluators use
 * it, over a contract year seeded as the store leaves it (helpers/period-year.ts, worked by hand):
 * the plan's done / due / late, the deliverables register (a file, a refused file, not applicable),
 * seed 004's 附件1 signed by both evaluators, each periodic report made, read back with pdftotext
 * and verified with pdfsig, exported to .xlsx, and the hospital dashboard with its charts.
 * Screenshots go to docs/screenshots/; the PDFs' pages are rendered to /tmp/period-pages to look at.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openApp, type TestApp } from './helpers/app';
import { seedPeriod } from './helpers/period-seed';
import { gdYear, TODAY, WH, wuhanYear, ZJ, zhanjiangYear, GD } from './helpers/period-year';
import { drawOnPad } from './helpers/signoff';

const PAGES = '/tmp/period-pages';
let app: TestApp;
let page: Page;

/** A contract like 001's with no cadence: the screens must say so rather than plan nothing. */
const NO_CADENCE = { ...GD, id: 'gdph-no-cadence', inspection: { perYear: GD.inspection.perYear, description: GD.inspection.description } };
/** 001's terms with nothing inspected: its period (ended 2025-06-30) closed with every quarter missed. */
const ENDED = { ...GD, id: 'gdph-ended-unvisited' };
/** 001's terms for a year that has not begun. */
const NOT_BEGUN = { ...GD, id: 'gdph-next-year', period: { start: '2027-01-01', end: '2027-12-31' } };

beforeAll(async () => {
  app = await openApp();
  page = app.page;
  await page.clock.setFixedTime(new Date(TODAY));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTimezoneOverride', { timezoneId: 'Asia/Shanghai' });
  await page.reload();
  await page.waitForSelector('.cards');
  // The name the engineer last used on this device (the new-inspection screen keeps it there).
  await page.evaluate(() => localStorage.setItem('xunjian.engineer', '赵工'));
  const years = [wuhanYear(), zhanjiangYear(), gdYear()];
  await seedPeriod(page, { inspections: years.flatMap((y) => y.inspections), services: years.flatMap((y) => y.services), contracts: [NO_CADENCE, ENDED, NOT_BEGUN] });
  await mkdir(PAGES, { recursive: true });
}, 60_000);
afterAll(() => app?.close());

const shot = (name: string) => page.screenshot({ path: path.resolve('docs/screenshots', name), fullPage: true });
const open = async (hash: string, ready = '[data-testid=period-screen]'): Promise<void> => {
  await page.goto(`${app.host.url}#${hash}`);
  await page.waitForSelector(ready);
};
const periodOf = (hospital: string, contract: string, tail = '') => `/hospital/${hospital}/contract/${contract}/period${tail}`;
const attr = (selector: string, name: string) => page.locator(selector).first().getAttribute(name);

/** The signed PDF a made report points at: its text (pdftotext), pdfsig's verdict, its pages as PNGs to look at. */
async function readPdf(testId: string, name: string): Promise<{ text: string; sig: string }> {
  await expect.poll(() => page.locator(`[data-testid=${testId}-path]`).count(), { timeout: 60_000 }).toBe(1);
  const file = (await page.locator(`[data-testid=${testId}-path]`).textContent())!;
  await copyFile(file, path.join(PAGES, `${name}.pdf`));
  execFileSync('pdftoppm', ['-r', '60', '-png', file, path.join(PAGES, name)]);
  const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/[ \t]+/g, ' ');
  return { text, sig: execFileSync('pdfsig', [file], { encoding: 'utf8' }) };
}

test('the hospital screen says the cadence in words and the current window; the plan shows done, due and late (002)', async () => {
  await open('/hospital/zhanjiang-central', `[data-testid=contract-${ZJ.id}]`);
  await expect.poll(() => page.locator(`[data-testid=cadence-${ZJ.id}]`).textContent()).toBe('巡检：每月一次（现场）');
  // December: the platform has a draft (in progress), the kits are due; five cells of earlier months are late.
  await expect.poll(() => attr(`[data-testid=current-window-${ZJ.id}]`, 'data-late')).toBe('5');
  expect(await attr(`[data-testid=current-window-${ZJ.id}]`, 'data-due')).toBe('2');
  expect(await attr(`[data-testid=current-window-${ZJ.id}]`, 'data-done')).toBe('0');
  // The mark says 逾期 once; the count follows it (the trial read "逾期 逾期 5（此前时段）").
  const current = await page.locator(`[data-testid=current-window-${ZJ.id}]`).textContent();
  expect(current).toContain('逾期 5（此前时段）');
  expect(current).not.toMatch(/逾期\s*逾期/);
  await page.click(`[data-testid=period-${ZJ.id}]`);
  await page.waitForSelector('[data-testid=plan-counts]');
  const counts = Object.fromEntries(
    await Promise.all(['done', 'in_progress', 'due', 'late', 'upcoming'].map(async (s) => [s, await attr(`[data-testid=plan-count-${s}]`, 'data-count')])),
  );
  expect(counts).toEqual({ done: '17', in_progress: '1', due: '1', late: '5', upcoming: '0' });
  expect(await attr('[data-testid="plan-cell-system:zj-5g-emergency-2026-04-01"]', 'data-state')).toBe('late');
  expect(await attr('[data-testid="plan-cell-type:ambulance-kit-2026-09-01"]', 'data-state')).toBe('late');
  expect(await page.locator('[data-testid="plan-cell-type:ambulance-kit-2026-09-01"]').textContent()).toContain('已巡检 1/2 台');
  expect(await attr('[data-testid="plan-cell-type:ambulance-kit-2026-10-01"]', 'data-state')).toBe('done');
  // The next visit: this month's platform (a draft under way) and both kits (November was done, so nothing is overdue).
  const next = await page.locator('[data-testid=next-visit]').textContent();
  expect(next).toContain('第12个月');
  expect(next).toContain('进行中 5G+急救中心智慧平台');
  expect(next).toContain('待巡检 救护车 5G 车载套装');
  expect(next).not.toContain('逾期');
  await shot('period-plan-002.png');
  // The button starts an inspection with exactly those ticked: the platform and both kits of the ambulance group.
  await page.click('[data-testid=start-next-visit]');
  await page.waitForSelector('[data-testid=contract-select]');
  await expect.poll(() => page.locator(`[data-testid="system-${ZJ.id}/zj-5g-emergency"]`).isChecked()).toBe(true);
  for (const unit of ['zj-amb-kit-1', 'zj-amb-kit-2']) expect(await page.locator(`input[name=assetIds][value="${unit}"]`).isChecked()).toBe(true);
});

test('a contract without a cadence, a window outside the period and an unknown window unit each get a message', async () => {
  await open(periodOf('gd-provincial', NO_CADENCE.id));
  await expect.poll(() => page.locator('[data-testid=plan-no-cadence]').count()).toBe(1);
  expect(await page.locator('.plan-grid').count()).toBe(0);
  await open(periodOf('zhanjiang-central', ZJ.id, '/month/2027-03-01'));
  await expect.poll(() => page.locator('[data-testid=window-problem]').textContent()).toContain('2027-03-01 不在合同服务期');
  expect(await page.locator('[data-testid=deliverables]').count()).toBe(0);
  await open(periodOf('zhanjiang-central', ZJ.id, '/decade/2026-03-01'));
  await expect.poll(() => page.locator('[data-testid=window-problem]').textContent()).toContain('decade');
});

test('a contract whose period has ended, or not begun, offers no new inspection from the next-visit list and says why', async () => {
  await open(periodOf('gd-provincial', ENDED.id));
  // What was left undone is still listed, as history: the last quarter missed.
  await expect.poll(() => page.locator('[data-testid=next-visit]').textContent()).toContain('逾期');
  expect(await page.locator('[data-testid=plan]').textContent()).toContain('服务期内未完成的项目');
  expect(await page.locator('[data-testid=start-next-visit]').count()).toBe(0);
  expect(await attr('[data-testid=next-visit-closed]', 'data-reason')).toBe('ended');
  expect(await page.locator('[data-testid=next-visit-closed]').textContent()).toBe('合同服务期已于 2025-06-30 结束，不能再按这份合同开始新巡检；上面列出的是服务期内未完成的项目。');
  await shot('period-ended-001.png');
  await open(periodOf('gd-provincial', NOT_BEGUN.id));
  await expect.poll(() => attr('[data-testid=next-visit-closed]', 'data-reason')).toBe('not_begun');
  expect(await page.locator('[data-testid=next-visit-closed]').textContent()).toContain('合同服务期从 2027-01-01 开始');
  expect(await page.locator('[data-testid=start-next-visit]').count()).toBe(0);
  // The new-inspection screen warns too, for the contract chosen (still allowed: a renewal may lag).
  await open('/hospital/gd-provincial/new', '[data-testid=contract-select]');
  await page.selectOption('[data-testid=contract-select]', ENDED.id);
  await expect.poll(() => attr('[data-testid=contract-outside-period]', 'data-reason')).toBe('ended');
  expect(await page.locator('[data-testid=contract-outside-period]').textContent()).toContain('服务期已于 2025-06-30 结束');
  await page.selectOption('[data-testid=contract-select]', NOT_BEGUN.id);
  await expect.poll(() => attr('[data-testid=contract-outside-period]', 'data-reason')).toBe('not_begun');
});

test('the register takes a file and a not-applicable, refuses a file that is not what it claims, and counts what is missing', async () => {
  await open(periodOf('zhanjiang-central', ZJ.id, '/month/2026-11-01'));
  await expect.poll(() => attr('[data-testid=deliverables-missing]', 'data-count')).toBe('4');
  // A PNG named .pdf: refused in Chinese, nothing recorded.
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  await page.setInputFiles('[data-testid=attach-return-visit]', { name: '回访记录.pdf', mimeType: 'application/pdf', buffer: png });
  await expect.poll(() => page.locator('[data-testid=deliv-problem-return-visit]').count()).toBe(1);
  expect(await page.locator('[data-testid=deliv-problem-return-visit]').textContent()).toMatch(/[\u4e00-\u9fff]/);
  await shot('period-register-refused-002.png');
  expect(await attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('missing');
  // The real signed visit record, first under a name longer than the register keeps: the message names the file's name, not "content".
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const longName = `${'回访记录'.repeat(62)}.pdf`;
  expect(longName).toHaveLength(252);
  await page.setInputFiles('[data-testid=attach-return-visit]', { name: longName, mimeType: 'application/pdf', buffer: pdf });
  await expect.poll(() => page.locator('[data-testid=deliv-problem-return-visit]').textContent()).toContain('文件名太长（252 字）');
  expect(await page.locator('[data-testid=deliv-problem-return-visit]').textContent()).toContain('重命名');
  expect(await attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('missing');
  await page.setInputFiles('[data-testid=attach-return-visit]', { name: '第四季度回访记录.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect.poll(() => attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('attached');
  // 撤回 asks first, in the page; 取消 leaves the mark, 确认撤回 takes it back (and the file is attached again after).
  await page.click('[data-testid=withdraw-return-visit]');
  await expect.poll(() => page.locator('[data-testid=withdraw-confirm-return-visit]').textContent()).toContain('撤回“季度回访记录（信息科签字）”的这次登记？');
  expect(await attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('attached');
  await shot('period-register-withdraw-confirm-002.png');
  await page.click('[data-testid=withdraw-no-return-visit]');
  expect(await page.locator('[data-testid=withdraw-confirm-return-visit]').count()).toBe(0);
  expect(await attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('attached');
  await page.click('[data-testid=withdraw-return-visit]');
  await page.click('[data-testid=withdraw-yes-return-visit]');
  await expect.poll(() => attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('missing');
  await page.setInputFiles('[data-testid=attach-return-visit]', { name: '第四季度回访记录.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect.poll(() => attr('[data-testid=deliv-state-return-visit]', 'data-state')).toBe('attached');
  // A reason pasted past its 1,000 characters: the one counter under the box says what was left out.
  await page.click('[data-testid=na-satisfaction-form]');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((text) => navigator.clipboard.writeText(text), '因'.repeat(1001));
  await page.focus('[data-testid=na-reason-satisfaction-form]');
  await page.keyboard.press('Control+V');
  await expect.poll(() => page.locator('[data-testid=na-reason-satisfaction-form]').inputValue()).toHaveLength(1000);
  expect(await page.locator('.na-form .counter').count()).toBe(1);
  await expect.poll(() => page.locator('[data-testid=na-counter-satisfaction-form]').textContent()).toBe('粘贴的内容超出 1000 字上限，末尾 1 字没有粘贴进来。');
  await shot('period-register-reason-cut-002.png');
  // Inserted in one go without a paste event (as a helper tool or page.fill does): the same warning.
  await page.fill('[data-testid=na-reason-satisfaction-form]', '');
  await page.fill('[data-testid=na-reason-satisfaction-form]', '由'.repeat(1003));
  await expect.poll(() => page.locator('[data-testid=na-counter-satisfaction-form]').textContent()).toContain('末尾 3 字没有粘贴进来');
  // Not applicable, with a reason that survives a reload before it is saved.
  await page.fill('[data-testid=na-reason-satisfaction-form]', '年度满意度反馈表在12月统一填写');
  await page.reload();
  await page.waitForSelector('[data-testid=deliverables]');
  await expect.poll(() => page.locator('[data-testid=na-reason-satisfaction-form]').inputValue()).toBe('年度满意度反馈表在12月统一填写');
  expect(await page.locator('[data-testid=na-counter-satisfaction-form]').textContent()).toBe('16/1000 字');
  await page.click('[data-testid=na-save-satisfaction-form]');
  await expect.poll(() => attr('[data-testid=deliv-state-satisfaction-form]', 'data-state')).toBe('not_applicable');
  // The monthly report is made by the app, signed, filed and marked produced.
  await page.click('[data-testid=make-monthly-report]');
  await expect.poll(() => attr('[data-testid=deliv-state-monthly-report]', 'data-state'), { timeout: 60_000 }).toBe('produced');
  await expect.poll(() => attr('[data-testid=deliverables-missing]', 'data-count')).toBe('1');
  // The filed report is fetched back from the register: the signed PDF.
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=open-report-monthly-report]')]);
  expect(pdfDownload.suggestedFilename()).toMatch(/^月巡检报告_.*\.pdf$/);
  expect(execFileSync('pdfsig', [(await pdfDownload.path())!], { encoding: 'utf8' })).toContain('Signature is Valid');
  await shot('period-register-002.png');
});

test('the monthly inspection report and the annual summary of 002 carry the plan and the follow-ups, signed', async () => {
  await open(periodOf('zhanjiang-central', ZJ.id, '/month/2026-11-01'));
  await page.click('[data-testid=make-report-monthly_inspection]');
  const monthly = await readPdf('made-monthly_inspection', '002-monthly-2026-11');
  expect(monthly.sig).toContain('Signature is Valid');
  expect(monthly.text).toContain('月巡检报告');
  expect(monthly.text).toContain('2026-11-01');
  // November: the platform and the kits both done.
  expect(monthly.text).toContain('已完成 2');
  expect(monthly.text).toContain('逾期未完成 0');
  await open(periodOf('zhanjiang-central', ZJ.id, '/year/2026-01-01'));
  await page.click('[data-testid=make-report-annual_summary]');
  const annual = await readPdf('made-annual_summary', '002-annual-2026');
  expect(annual.sig).toContain('Signature is Valid');
  expect(annual.text).toContain('年度运维总结报告');
  // 17 of the 24 planned cells done, 5 late; 6 of 7 promised times met; one call owed, 2 of 3 rated 优 or 良;
  // and what the register holds: the visit record attached and the form marked not applicable in the test before.
  for (const line of ['已完成 17', '逾期未完成 5', '时限达成率 85.7%', '应回访未回访 1', '满意率（优、良） 66.7%', '已上传 第四季度回访记录.pdf', '不适用 年度满意度反馈表在12月统一填写']) {
    expect(annual.text).toContain(line);
  }
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=made-annual_summary-xlsx]')]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile((await download.path())!);
  // The report's tables, as sheets: the plan's counts are there as numbers.
  const cells = book.worksheets.flatMap((sheet) => sheet.getSheetValues().flat().map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))));
  expect(cells).toContain('17');
});

test('seed 004: the quarter is graded from the records, both evaluators sign, and the signed 评价报告 is filed', async () => {
  await open(periodOf('wuhan-central', WH.id, '/quarter/2026-09-01'));
  await page.waitForSelector('[data-testid=evaluation]');
  expect(await attr('[data-testid=eval-grade]', 'data-grade')).toBe('pass');
  expect(await attr('[data-testid=eval-section-department]', 'data-percent')).toBe('80');
  expect(await attr('[data-testid=eval-section-it_office]', 'data-percent')).toBe('100');
  expect(await attr('[data-testid=eval-late]', 'data-responses')).toBe('1');
  expect(await attr('[data-testid=eval-late]', 'data-resolutions')).toBe('1');
  expect(await page.locator('[data-testid=eval-notice]').textContent()).toContain('3%');
  expect(await page.locator('[data-testid=eval-gaps]').textContent()).toContain('费用');
  await page.fill('[data-testid=evaluator-name-department]', '刘主任');
  await page.fill('[data-testid=evaluator-name-it_office]', '陈主任');
  await drawOnPad(page, 'pad-eval-sign-department');
  await drawOnPad(page, 'pad-eval-sign-it_office');
  await shot('period-evaluation-004.png');
  await page.click('[data-testid=eval-sign-make]');
  const report = await readPdf('made-evaluation_004', '004-evaluation-q3');
  expect(report.sig).toContain('Signature is Valid');
  for (const line of ['服务效果抽查合格率 4 / 5 合格，80%', '服务效果抽查合格率 5 / 5 合格，100%', '大于1小时 2 次（响应 1 次，处理 1 次）', '扣减合同款 2%', '严重错误（Serious） DRG智能化综合管理系统 1 3%']) {
    expect(report.text).toContain(line);
  }
  expect(report.text).toMatch(/本期评价结果[^\n]*合格/);
  await expect.poll(() => attr('[data-testid=deliv-state-evaluation-report]', 'data-state')).toBe('produced');
  // The inspection reports of the quarter are in: the two signed sheets.
  expect(await page.locator('[data-testid=deliv-state-inspection-report]').textContent()).toContain('XJ-wh-q3a');
});

test('seed 001: a finished contract shows its plan with the missed quarter, and its quarterly 服务总结报告 is made', async () => {
  await open(periodOf('gd-provincial', GD.id, '/quarter/2025-04-01'));
  await expect.poll(() => attr('[data-testid=plan-count-late]', 'data-count')).toBe('1');
  expect(await attr('[data-testid=plan-count-done]', 'data-count')).toBe('3');
  expect(await page.locator('[data-testid=plan]').textContent()).toContain('不在合同服务期');
  expect(await attr('[data-testid=next-visit-closed]', 'data-reason')).toBe('ended');
  await page.click('[data-testid=make-report-service_summary]');
  const summary = await readPdf('made-service_summary', '001-summary-q4');
  expect(summary.sig).toContain('Signature is Valid');
  expect(summary.text).toContain('服务总结报告');
  expect(summary.text).toContain('医疗电子票据管理系统运维项目');
  expect(summary.text).toContain('已完成 1');
  await page.click('[data-testid=make-report-period_summary]');
  const period = await readPdf('made-period_summary', '001-period-q4');
  expect(period.sig).toContain('Signature is Valid');
  // Viewed on the screen like an inspection report: the signed PDF in a frame.
  await page.click('[data-testid=made-period_summary-open]');
  await expect.poll(() => page.locator('[data-testid=made-period_summary] iframe').getAttribute('src')).toMatch(/^blob:/);
});

test('moving between screens without a reload, the period screen takes the name the device last used', async () => {
  await open(periodOf('zhanjiang-central', ZJ.id, '/month/2026-11-01'));
  expect(await page.locator('[data-testid=period-engineer]').inputValue()).toBe('赵工');
  // Another screen (new inspection, service record) remembers a new name under the same key.
  await page.click('a:has-text("← 湛江")');
  await page.waitForSelector(`[data-testid=contract-${ZJ.id}]`);
  await page.evaluate(() => localStorage.setItem('xunjian.engineer', '钱工'));
  await page.click(`[data-testid=period-${ZJ.id}]`);
  await page.waitForSelector('[data-testid=period-screen]');
  await expect.poll(() => page.locator('[data-testid=period-engineer]').inputValue()).toBe('钱工');
  expect(await page.locator('[data-testid^=make-report-]').first().isDisabled()).toBe(false);
  await page.fill('[data-testid=period-engineer]', '赵工');
  // In English the window units are tab names: capitalised.
  await page.click('button:has-text("English")');
  await expect.poll(() => page.locator('[data-testid=unit-month]').textContent()).toBe('Month');
  expect(await page.locator('[data-testid=unit-year]').textContent()).toBe('Year');
  await page.click('button:has-text("中文")');
});

test('the hospital dashboard draws its charts with their numbers in text (004 and 002)', async () => {
  await open('/hospital/wuhan-central/dashboard', '[data-testid=dashboard]');
  // The time in China, as the period screens write it, not the browser's locale format.
  expect(await page.locator('[data-testid=dashboard-as-of]').textContent()).toBe('截至 2026-12-02 10:00');
  await page.waitForSelector(`[data-testid=dashboard-${WH.id}] [data-testid=chart-plan-svg] svg`);
  // This quarter (from 12-01): one fault spot-checked 100 %, but an adverse event: 不合格.
  expect(await page.locator('[data-testid=chart-grade-summary]').textContent()).toContain('不合格');
  expect(await page.locator('[data-testid=chart-faults] table').textContent()).toContain('致命错误');
  await shot('dashboard-004.png');
  await open('/hospital/zhanjiang-central/dashboard', '[data-testid=dashboard]');
  await page.waitForSelector(`[data-testid=dashboard-${ZJ.id}] [data-testid=chart-follow-ups-svg] svg`);
  expect(await page.locator('[data-testid=chart-follow-ups-summary]').textContent()).toBe('优 1，良 1，差 1，应回访未回访 1。');
  // Counted over the contract so far, and saying so (the office counts one window beside it).
  expect(await page.locator('[data-testid=chart-late-summary]').textContent()).toBe('合同期至今（2026-01-01 至 2026-12-02）逾期 5 项。');
  expect(await page.locator(`[data-testid=dashboard-scope-${ZJ.id}]`).textContent()).toBe('本页统计合同期至今（2026-01-01 至 2026-12-02）；附件1 评价只看今天所在的季度。');
  expect(await page.locator('[data-testid=chart-deliverables-summary]').textContent()).toMatch(/^合同期至今（2026-01-01 至 2026-12-02）已开始的时段中共缺 \d+ 项交付物。$/);
  expect(await page.locator('[data-testid=chart-deliverables] thead').textContent()).toContain('缺失（合同期至今）');
  await shot('dashboard-002.png');
  // The same in English: words, numbers and charts.
  await page.click('button:has-text("English")');
  await expect.poll(() => page.locator('[data-testid=chart-late-summary]').textContent()).toBe('Contract to date (2026-01-01 to 2026-12-02): 5 late.');
  expect(await page.locator('[data-testid=chart-follow-ups-summary]').textContent()).toBe('1 excellent, 1 good, 1 poor; follow-up calls owed: 1.');
  await shot('dashboard-002-en.png');
  await page.click('button:has-text("中文")');
});
