/**
 * Enrollment as a newcomer meets it (issue 10, after HTTPS from the office's own CA): what the
 * form says for a handover typed short or without its CA fingerprint, for an office out of
 * reach, for a fingerprint with an http:// address, what the code field asks for, and a page
 * reloaded while the main process is still enrolling. Each test opens a fresh app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { officeCaFingerprint } from '../../src-server/enroll-handover';
import { startOffice, type RunningOffice } from '../../src-server/start';
import { handoverString } from '../../src-shared/sync/enrollment-code';
import { enrollmentLink } from '../../src-shared/sync/enrollment-link';
import { openApp, type TestApp } from './helpers/app';

const folders: string[] = [];
const offices: RunningOffice[] = [];
let tlsOffice: RunningOffice;
let app: TestApp;

async function office(tls: boolean): Promise<RunningOffice> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-e2e-enroll-'));
  folders.push(dataDir);
  const started = await startOffice({ dataDir, port: 0, logLevel: false, ...(tls ? { tls: { names: ['127.0.0.1'] } } : {}) });
  offices.push(started);
  await createEngineer(started.ctx, { id: 'zhao-gong', name: '赵工', hospitalIds: ['wuhan-central'] }, 'test');
  return started;
}

const newCode = async (at: RunningOffice): Promise<string> => (await createEnrollmentCode(at.ctx, 'zhao-gong', 7, 'test')).code;
/** Every enrollment attempt that reached the office, accepted or refused, is audited as a use. */
const codeUses = async (at: RunningOffice) => at.ctx.store.listAudit({ limit: 100, action: 'enrollment.use' });

async function tryEnroll(officeUrl: string, handover: string): Promise<string> {
  const { page } = app;
  await page.click('[data-testid=nav-sync]');
  await page.fill('[data-testid=office-url]', officeUrl);
  await page.fill('[data-testid=device-name]', '赵工的笔记本');
  await page.fill('[data-testid=enroll-code]', handover);
  await page.click('[data-testid=enroll-submit]');
  const problem = page.locator('[data-testid=enroll-problem]');
  await expect.poll(() => problem.count(), { timeout: 20_000 }).toBe(1);
  return (await problem.textContent()) ?? '';
}

/**
 * A slow link to the office: every TCP connection is held `holdMs` before its bytes flow (TLS
 * passes through untouched). `connected` resolves when the device first dials.
 */
async function slowLink(to: RunningOffice, holdMs: number): Promise<{ url: string; connected: Promise<void>; close(): Promise<void> }> {
  const target = new URL(to.url);
  let dialled!: () => void;
  const connected = new Promise<void>((resolve) => (dialled = resolve));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((device) => {
    sockets.add(device);
    dialled();
    device.pause();
    setTimeout(() => {
      const upstream = net.connect(Number(target.port), target.hostname, () => {
        device.pipe(upstream).pipe(device);
        device.resume();
      });
      sockets.add(upstream);
      upstream.on('error', () => device.destroy());
      device.on('error', () => upstream.destroy());
    }, holdMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connected,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

beforeAll(async () => {
  tlsOffice = await office(true);
}, 60_000);
afterAll(async () => {
  for (const o of offices) await o.app.close();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  app = await openApp();
});
afterEach(async () => {
  await app.close();
});

test('a handover neither 16 nor 36 symbols long is refused before anything is sent, saying how many were typed', async () => {
  const code = await newCode(tlsOffice);
  const handover = handoverString(code, await officeCaFingerprint(tlsOffice.ctx));
  // One symbol dropped while copying the 9 groups.
  const short = handover.slice(0, 20) + handover.slice(21);
  const said = await tryEnroll(tlsOffice.url, short);
  expect(said).toContain('输入了 35 位');
  expect(said).toContain('16 位（4 组）');
  expect(said).toContain('36 位（9 组）');
  expect(said).not.toContain('冒充');
  expect(await tryEnroll(tlsOffice.url, code.slice(0, 14))).toContain('输入了 12 位');
  expect(await codeUses(tlsOffice)).toEqual([]);
});

test('the code alone at an office serving HTTPS itself asks for the CA fingerprint first, an impostor second', async () => {
  const said = await tryEnroll(tlsOffice.url, await newCode(tlsOffice));
  expect(said).toContain('办公室很可能自带 HTTPS');
  expect(said).toContain('连同管理员打印的办公室 CA 指纹');
  // The impostor is still named, after the likely cause.
  expect(said.indexOf('冒充')).toBeGreaterThan(said.indexOf('CA 指纹'));
  expect(await codeUses(tlsOffice)).toEqual([]);
});

test('an office out of reach: check the address and the network and press 注册 again, nothing is retried by itself', async () => {
  // A port nobody listens on: taken and released.
  const free = net.createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const port = (free.address() as AddressInfo).port;
  await new Promise((resolve) => free.close(resolve));
  const said = await tryEnroll(`https://127.0.0.1:${port}`, handoverString(await newCode(tlsOffice), await officeCaFingerprint(tlsOffice.ctx)));
  expect(said).toContain('无法连接办公室');
  expect(said).toContain('请检查办公室地址和网络，然后再点“注册”');
  expect(said).not.toContain('稍后会自动重试');
});

test('a CA fingerprint with an http:// address is refused before anything is sent: the address must be https://', async () => {
  // The office's CA fingerprint in hand, the address typed http://: the office must get nothing.
  const plain = await office(false);
  const code = await newCode(plain);
  const said = await tryEnroll(plain.url, handoverString(code, await officeCaFingerprint(plain.ctx)));
  expect(plain.url).toMatch(/^http:\/\//);
  expect(said).toContain('办公室地址必须以 https:// 开头');
  expect(said).toContain('未向办公室发送任何内容');
  expect(await codeUses(plain)).toEqual([]);
  expect(await app.page.locator('[data-testid=enrolled-engineer]').count()).toBe(0);
});

test('a device name the office would refuse is explained in the engineer\'s language, before anything is sent', async () => {
  const plain = await office(false);
  const code = await newCode(plain);
  const { page } = app;
  await page.click('[data-testid=nav-sync]');
  await page.fill('[data-testid=office-url]', plain.url);
  await page.fill('[data-testid=enroll-code]', code);
  for (const name of ['赵工\u202E的笔记本', '\u200B\u200B', '赵工\u2028笔记本']) {
    await page.fill('[data-testid=device-name]', name);
    await page.click('[data-testid=enroll-submit]');
    await expect.poll(() => page.locator('[data-testid=enroll-problem]').textContent()).toContain('本机名称里有不能用的字符');
  }
  expect(await page.locator('[data-testid=enroll-problem]').textContent()).toContain('未向办公室发送任何内容');
  expect(await codeUses(plain)).toEqual([]);
  // An ordinary name then enrolls with the same code.
  await page.fill('[data-testid=device-name]', '赵工的笔记本');
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enrolled-engineer]').textContent(), { timeout: 20_000 }).toContain('赵工');
});

test('the code field and its hint ask for the same thing: 4 groups, or 9 with the CA fingerprint', async () => {
  const { page } = app;
  await page.click('[data-testid=nav-sync]');
  const placeholder = (await page.locator('[data-testid=enroll-code]').getAttribute('placeholder')) ?? '';
  const hint = page.locator('[data-testid=enroll-code-hint]');
  for (const said of [placeholder, (await hint.textContent()) ?? '']) {
    expect(said).toContain('4 组');
    expect(said).toContain('9 组');
  }
  // What was typed is counted as it is typed; the full handover shows the fingerprint to be pinned.
  const handover = handoverString(await newCode(tlsOffice), await officeCaFingerprint(tlsOffice.ctx));
  await page.fill('[data-testid=enroll-code]', handover.slice(0, -1));
  expect(await hint.textContent()).toContain('已输入 35 位');
  await page.fill('[data-testid=enroll-code]', handover);
  expect(await hint.textContent()).toContain(`办公室 CA 指纹: ${handover.slice(20)}`);
});

test('an enrollment link typed by a barcode scanner into the code field fills both fields, and its Enter sends nothing', async () => {
  const { page } = app;
  const plain = await office(false);
  await page.click('[data-testid=nav-sync]');
  expect(await page.locator('[data-testid=enroll-form]').textContent()).toContain('扫码枪扫描');
  await page.fill('[data-testid=device-name]', '赵工的笔记本');
  const code = await newCode(plain);
  // A scanner types like a keyboard, key by key, and ends with Enter.
  await page.locator('[data-testid=enroll-code]').focus();
  await page.keyboard.type(`${enrollmentLink(plain.url, code)}\n`);
  await expect.poll(() => page.locator('[data-testid=enroll-from-link]').textContent()).toContain('已从注册链接填入办公室地址和注册码');
  expect(await page.locator('[data-testid=office-url]').inputValue()).toBe(plain.url);
  expect(await page.locator('[data-testid=enroll-code]').inputValue()).toBe(code);
  expect(await codeUses(plain)).toEqual([]);
  // The engineer checks and presses 注册.
  await page.click('[data-testid=enroll-submit]');
  await expect.poll(() => page.locator('[data-testid=enrolled-engineer]').textContent(), { timeout: 20_000 }).toContain('赵工');
});

test('a page reloaded right after 注册 shows the enrolled engineer once the main process has finished, without another reload', async () => {
  const { page } = app;
  // The office answers slowly enough that the reload comes while the main process is enrolling.
  const link = await slowLink(tlsOffice, 4000);
  try {
    await page.click('[data-testid=nav-sync]');
    await page.fill('[data-testid=office-url]', link.url);
    await page.fill('[data-testid=device-name]', '赵工的笔记本');
    await page.fill('[data-testid=enroll-code]', handoverString(await newCode(tlsOffice), await officeCaFingerprint(tlsOffice.ctx)));
    await page.click('[data-testid=enroll-submit]');
    await link.connected;
    await page.reload();
    await page.click('[data-testid=nav-sync]');
    // Meanwhile the reloaded page says an enrollment is being finished, and offers no second 注册.
    await expect.poll(() => page.locator('[data-testid=enroll-in-progress]').count()).toBe(1);
    expect(await page.locator('[data-testid=enroll-submit]').isDisabled()).toBe(true);
    await expect.poll(async () => (await page.locator('[data-testid=enrolled-engineer]').allTextContents()).join(''), { timeout: 30_000 }).toContain('赵工');
    expect(await page.locator('[data-testid=office-trust]').textContent()).toBe('HTTPS，只信任注册时固定的办公室 CA');
    expect((await codeUses(tlsOffice)).filter((use) => use.outcome === 'ok')).toHaveLength(1);
  } finally {
    await link.close();
  }
});
