/**
 * Office sync through the UI in Chromium: enroll the device with a one-time code and the office
 * CA's fingerprint against a real office service serving HTTPS with its own CA, complete and sign
 * an inspection, press 同步, and find the report in the office console — signed with the
 * certificate the office CA issued at enrollment.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createAdminUser, createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { importBundleFile } from '../../src-server/bundle/import-bundle';
import { openOffice } from '../../src-server/context';
import { officeCaFingerprint } from '../../src-server/enroll-handover';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { handoverString } from '../../src-shared/sync/enrollment-code';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openApp, type TestApp } from './helpers/app';
import { answerAll, PNG_8x8, firstSystem, startInspection } from './helpers/engineer';
import { signInspection } from './helpers/signoff';
import { qrMatrix, qrPng } from '../../src-main/report/qr';
import { decodeGreyPng, pdfImages } from '../unit/report/poppler';

let office: RunningOffice;
let officeDir: string;
let app: TestApp;
let code: string;
let fingerprint: string;
// The office serves HTTPS itself, as `npm run server -- --tls --tls-name 127.0.0.1` does.
const TLS = { names: ['127.0.0.1'] };

beforeAll(async () => {
  officeDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-e2e-office-'));
  office = await startOffice({ dataDir: officeDir, port: 0, logLevel: false, tls: TLS });
  await createEngineer(office.ctx, { id: 'zhao-gong', name: '赵工', hospitalIds: ['wuhan-central'] }, 'test');
  code = (await createEnrollmentCode(office.ctx, 'zhao-gong', 7, 'test')).code;
  fingerprint = await officeCaFingerprint(office.ctx);
  await createAdminUser(office.ctx, 'admin', 'correct horse battery', 'test');
  app = await openApp();
});
afterAll(async () => {
  await app?.close();
  await office?.app.close();
  await rm(officeDir, { recursive: true, force: true });
});

test('enroll, sign an inspection, sync it, and see it in the office console', async () => {
  const { page } = app;

  // Enroll with what the admin handed over: the code followed by the office CA's fingerprint.
  await page.click('[data-testid=nav-sync]');
  await page.fill('[data-testid=office-url]', office.url);
  await page.fill('[data-testid=device-name]', '赵工的笔记本');
  // Without the fingerprint the device trusts only the system's certificates, which do not know the
  // office CA: the form asks for the fingerprint (tests/e2e/enroll-ux.test.ts has the details).
  await page.fill('[data-testid=enroll-code]', code);
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enroll-problem]').textContent()).toContain('办公室很可能自带 HTTPS');
  // A fingerprint that is not the office's (mistyped, or another office at that address) is refused before the code is sent.
  await page.fill('[data-testid=enroll-code]', handoverString(code, 'AAAA-BBBB-CCCC-DDDD-EEEE'));
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enroll-problem]').textContent()).toContain('CA 指纹与注册码所附的不一致');
  // A wrong code is explained.
  await page.fill('[data-testid=enroll-code]', handoverString('AAAA-BBBB-CCCC-DDDD', fingerprint));
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enroll-problem]').textContent()).toContain('注册码无效');
  // The right one, typed in lower case with spaces: the form shows the fingerprint it will pin, and enrolls.
  await page.fill('[data-testid=enroll-code]', handoverString(code, fingerprint).toLowerCase().replace(/-/g, ' '));
  expect(await page.locator('[data-testid=enroll-code-hint]').textContent()).toContain(fingerprint);
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enrolled-engineer]').textContent(), { timeout: 20_000 }).toContain('赵工');
  expect(await page.locator('[data-testid=certificate-issuer]').textContent()).toContain('Xunjian Office CA');
  expect(await page.locator('[data-testid=office-trust]').textContent()).toBe('HTTPS，只信任注册时固定的办公室 CA');
  expect(await page.locator('[data-testid=office-ca-fingerprint]').textContent()).toBe(fingerprint);

  // Sign an inspection the way the sign-off test does.
  await page.click('.brand');
  await startInspection(page, 'wuhan-central', '赵工', firstSystem);
  await answerAll(page, 7);
  const { reportNumber, hash } = await signInspection(page);
  const signoffUrl = page.url();

  // Sync: the report was queued with the PDF; the engine may already have sent it, 同步 makes sure.
  await page.click('[data-testid=nav-sync]');
  await page.click('[data-testid=sync-now]');
  await expect.poll(() => page.locator('[data-testid=queue-counts]').getAttribute('data-synced'), { timeout: 30_000 }).toBe('1');
  expect(await page.locator('[data-testid=queue-counts]').getAttribute('data-pending')).toBe('0');
  expect(await page.locator('[data-testid=attention]').count()).toBe(0);

  // The office console lists it; its page shows the hash the signers saw. The admin's browser
  // knows the office CA (installed from <data>/keys/ca-cert.pem); a context that accepts the
  // office's certificate stands in for that.
  const adminBrowser = await app.browser.newContext({ ignoreHTTPSErrors: true, locale: 'zh-CN' });
  const consolePage = await adminBrowser.newPage();
  await consolePage.goto(`${office.url}/console/login`);
  await consolePage.fill('input[name=username]', 'admin');
  await consolePage.fill('input[name=password]', 'correct horse battery');
  await consolePage.click('button[type=submit]');
  await consolePage.waitForURL(/\/console$/);
  const link = consolePage.locator(`a:has-text("${reportNumber}")`);
  await expect.poll(() => link.count()).toBe(1);
  await link.click();
  await expect.poll(() => consolePage.locator('body').textContent()).toContain(hash);
  const stored = (await office.ctx.store.listReports({ limit: 10, offset: 0 })).reports;
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({ hash, reportNumber, hospitalId: 'wuhan-central', engineerId: 'zhao-gong' });
  // Signed after enrollment: with the office-issued certificate, not a self-signed one.
  expect(stored[0]!.signer.selfSigned).toBe(false);
  // Its QR code leads a phone to the office's check of this paper copy, which says the office holds it.
  const check = `${office.url}/verify?n=${reportNumber}&h=${hash}`;
  const pdf = await office.ctx.blobs.read(stored[0]!.pdf.sha256);
  const expectedQr = decodeGreyPng(qrPng(qrMatrix(check)));
  const printed = (await pdfImages(pdf)).map(decodeGreyPng).find((i) => i.width === expectedQr.width);
  expect(printed && Buffer.from(printed.pixels).equals(Buffer.from(expectedQr.pixels))).toBe(true);
  await consolePage.goto(check);
  expect(await consolePage.locator('[data-held]').getAttribute('data-held')).toBe('true');
  expect(await consolePage.locator('main').textContent()).toContain('赵工');
  // A page left in front would throttle the app's tab (signature pads draw on animation frames).
  await adminBrowser.close();
  await page.bringToFront();

  // The wet-signed paper sheet comes back days later: its photo follows the report to the office.
  expect(stored[0]!.blobs.filter((b) => b.role === 'scan')).toHaveLength(0);
  await page.goto(signoffUrl);
  await page.locator('[data-testid=paper-input]').setInputFiles({ name: 'sheet.png', mimeType: 'image/png', buffer: PNG_8x8 });
  await expect.poll(() => page.locator('[data-testid=paper-scans] img').count()).toBe(1);
  await page.click('[data-testid=nav-sync]');
  await page.click('[data-testid=sync-now]');
  const scansAtOffice = async () => (await office.ctx.store.getReport(stored[0]!.id))!.blobs.filter((b) => b.role === 'scan').length;
  await expect.poll(scansAtOffice, { timeout: 30_000 }).toBe(1);
  await expect.poll(() => page.locator('[data-testid=queue-counts]').getAttribute('data-synced'), { timeout: 30_000 }).toBe('1');
  expect(await page.locator('[data-testid=queue-counts]').getAttribute('data-pending')).toBe('0');
  expect(await page.locator('[data-testid=attention]').count()).toBe(0);
  const amended = (await office.ctx.store.getReport(stored[0]!.id))!;
  expect(amended.hash).toBe(hash);
  expect(amended.receipt.body.blobs.some((b) => b.role === 'scan')).toBe(true);
});

test('no network: the unsynced report leaves as a signed bundle file, the office imports it, and the next sync confirms it', async () => {
  const { page } = app;
  // The hospital forbids vendor network access: the office is out of reach while the engineer works.
  const port = Number(new URL(office.url).port);
  await office.app.close();

  await page.click('.brand');
  await startInspection(page, 'wuhan-central', '赵工', firstSystem);
  await answerAll(page, 0);
  const { reportNumber, hash } = await signInspection(page);

  await page.click('[data-testid=nav-sync]');
  await expect.poll(() => page.locator('[data-testid=queue-counts]').getAttribute('data-pending')).toBe('1');
  const downloading = page.waitForEvent('download');
  await page.click('[data-testid=export-bundle]');
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^xunjian-.*-1\.xjbundle$/);
  const file = path.join(officeDir, 'from-usb.xjbundle');
  await download.saveAs(file);
  expect((await readFile(file)).subarray(0, 8).toString()).toBe('XJBUNDL1');
  await expect.poll(() => page.locator('[data-testid=export-result]').textContent()).toContain('已导出 1 份报告');
  // Exported is not synced: only the office's receipt makes it so.
  expect(await page.locator('[data-testid=queue-counts]').getAttribute('data-pending')).toBe('1');

  // At the office: the admin imports the file (the console's import does the same).
  const ctx = await openOffice({ dataDir: officeDir });
  try {
    const imported = await importBundleFile(ctx, file, 'admin');
    expect(imported.results.filter((r) => r.kind === 'report')).toEqual([expect.objectContaining({ id: expect.any(String), status: 'accepted' })]);
  } finally {
    await ctx.close();
  }

  // Back on a network: the next sync gets the receipt the import issued, verifies it, and is done.
  office = await startOffice({ dataDir: officeDir, port, logLevel: false, tls: TLS });
  await page.click('[data-testid=sync-now]');
  await expect.poll(() => page.locator('[data-testid=queue-counts]').getAttribute('data-synced'), { timeout: 30_000 }).toBe('2');
  const stored = (await office.ctx.store.listReports({ limit: 10, offset: 0 })).reports.find((r) => r.reportNumber === reportNumber);
  expect(stored).toMatchObject({ hash });
  expect(stored!.receipt.body.via).toBe('bundle');
});
