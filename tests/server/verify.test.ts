/**
 * The public check a paper report's QR code leads to (issue 10, point 8), over real HTTP: whether
 * the office holds a report with that number and hash, signed by whom and when, and nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, http, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport, type ReportFixture } from './helpers/report';

let office: TestOffice;
let device: TestDevice;
let report: ReportFixture;
beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'zhang', ['yunan-peoples']);
  report = await makeReport(device);
  await pushBlobs(device, report.blobs);
  expect((await pushReport(device, report.envelope)).status).toBe(201);
});
afterAll(async () => {
  await office.close();
});

const check = (n: string, h: string, headers: Record<string, string> = {}) => http<unknown>(`${office.url}${paths.verify}?n=${encodeURIComponent(n)}&h=${h}`, { headers });

describe('GET /verify', () => {
  it('says the office holds the report, signed by whom and when, to anyone, on a page that runs nothing', async () => {
    const { reportNumber, hash } = report.envelope;
    const page = await check(reportNumber, hash);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('data-held="true"');
    expect(String(page.body)).toContain(reportNumber);
    const stored = await office.ctx.store.getReport(report.envelope.id);
    expect(String(page.body)).toContain(stored!.signer.subject);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    // Nothing more: not the hospital, not the record, not the inspection's id.
    expect(String(page.body)).not.toContain(report.envelope.id);
    expect(String(page.body)).not.toContain('yunan-peoples');
    const json = await check(reportNumber, hash, { accept: 'application/json' });
    expect(json.body).toEqual({ held: true, reportNumber, hash, signedBy: stored!.signer.subject, signedAt: stored!.signedAt, receivedAt: stored!.receivedAt });
  });

  it('shows when it was signed and received as a clock in China reads it, saying so; JSON keeps ISO 8601', async () => {
    const { reportNumber, hash } = report.envelope;
    const stored = (await office.ctx.store.getReport(report.envelope.id))!;
    // UTC+8 all year (China has no daylight saving): an independent reckoning of the expected text.
    const inChina = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(inChina(stored.signedAt)).toBe('2026-03-14 10:41');
    const zh = String((await check(reportNumber, hash, { 'accept-language': 'zh-CN' })).body);
    expect(zh).toContain(`${inChina(stored.signedAt)}（北京时间）`);
    expect(zh).toContain(`${inChina(stored.receivedAt)}（北京时间）`);
    expect(zh).not.toContain(stored.receivedAt);
    expect(zh).not.toContain(stored.signedAt);
    const en = String((await check(reportNumber, hash, { 'accept-language': 'en' })).body);
    expect(en).toContain(`${inChina(stored.signedAt)} (China time, UTC+8)`);
    expect(en).toContain(`${inChina(stored.receivedAt)} (China time, UTC+8)`);
    expect(en).not.toContain(stored.receivedAt);
    const json = await check(reportNumber, hash, { accept: 'application/json' });
    expect(json.body).toMatchObject({ signedAt: stored.signedAt, receivedAt: stored.receivedAt });
  });

  it('answers a known number with another hash exactly as an unknown number: not held', async () => {
    const known = await check(report.envelope.reportNumber, 'f'.repeat(64), { accept: 'application/json' });
    const unknown = await check('XJ-NOPE-1', 'f'.repeat(64), { accept: 'application/json' });
    expect(known.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(Object.keys(known.body as object).sort()).toEqual(Object.keys(unknown.body as object).sort());
    expect(known.body).toEqual({ held: false, reportNumber: report.envelope.reportNumber, hash: 'f'.repeat(64) });
    expect(String((await check(report.envelope.reportNumber, 'f'.repeat(64))).body)).toContain('data-held="false"');
  });

  it('ignores parameters a chat app appends to a shared link, but still needs the number and the hash', async () => {
    const { reportNumber, hash } = report.envelope;
    const shared = `${office.url}${paths.verify}?n=${reportNumber}&h=${hash}&from=singlemessage&isappinstalled=0&utm_source=wechat&lang=fr`;
    const page = await http<string>(shared);
    expect(page.status).toBe(200);
    expect(page.body).toContain('data-held="true"');
    const json = await http<{ held: boolean }>(shared, { headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    expect(json.body.held).toBe(true);
    const noHash = await http<string>(`${office.url}${paths.verify}?n=${reportNumber}&from=singlemessage`);
    expect(noHash.status).toBe(400);
    expect(noHash.body).toContain('这个核验地址不完整');
    const noNumber = await http(`${office.url}${paths.verify}?h=${hash}&from=singlemessage`, { headers: { accept: 'application/json' } });
    expect(noNumber.status).toBe(400);
  });

  it('finds a report whatever the case of the number typed or scanned, and takes the hash in upper case too', async () => {
    // The app makes numbers in upper case (XJ-20261202-B211CE): push one the way it would.
    const upper = await makeReport(device, { id: 'insp-verify-case-XJB211CE' });
    await pushBlobs(device, upper.blobs);
    expect((await pushReport(device, upper.envelope)).status).toBe(201);
    const { reportNumber, hash } = upper.envelope;
    expect(reportNumber).toBe('XJ-2026-XJB211CE');
    const lower = await check(reportNumber.toLowerCase(), hash, { accept: 'application/json' });
    expect(lower.status).toBe(200);
    // The answer names the number as the office holds it (and as the paper prints it).
    expect(lower.body).toMatchObject({ held: true, reportNumber, hash });
    const upperHash = await check(reportNumber, hash.toUpperCase(), { accept: 'application/json' });
    expect(upperHash.status).toBe(200);
    expect(upperHash.body).toMatchObject({ held: true, reportNumber, hash });
    const page = String((await check('xj-2026-xjb211ce', hash.toUpperCase())).body);
    expect(page).toContain('data-held="true"');
    expect(page).toContain(reportNumber);
    // A number the office holds as it was pushed, in mixed case, is still found as printed.
    expect((await check(report.envelope.reportNumber, report.envelope.hash, { accept: 'application/json' })).status).toBe(200);
    // Case folding finds nothing that the number and hash would not: another hash is still not held.
    expect((await check(reportNumber.toLowerCase(), 'F'.repeat(64), { accept: 'application/json' })).body).toEqual({ held: false, reportNumber: reportNumber.toLowerCase(), hash: 'f'.repeat(64) });
  });

  it('serves the same page at /verify/, on the same rate limit', async () => {
    const { reportNumber, hash } = report.envelope;
    const slash = `${paths.verify}/?n=${reportNumber}&h=${hash}`;
    const page = await http<string>(`${office.url}${slash}`, { headers: { 'accept-language': 'en' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).toContain('data-held="true"');
    expect(page.body).toContain('Inspection report check');
    const json = await http(`${office.url}${slash}`, { headers: { accept: 'application/json' } });
    expect(json.body).toMatchObject({ held: true, reportNumber, hash });
    const strict = await startTestOffice({ rateLimits: { verify: { max: 2, windowMs: 60_000 } } });
    try {
      const ask = (p: string) => http(`${strict.url}${p}?n=XJ-NOPE-1&h=${'f'.repeat(64)}`, { headers: { accept: 'application/json' } });
      expect((await ask(paths.verify)).status).toBe(404);
      expect((await ask(`${paths.verify}/`)).status).toBe(404);
      // Two addresses, one budget: the slash is not a way round the limit.
      expect((await ask(`${paths.verify}/`)).status).toBe(429);
      expect((await ask(paths.verify)).status).toBe(429);
    } finally {
      await strict.close();
    }
  });

  it('explains a malformed address, in English when asked', async () => {
    const page = await check('XJ 1', 'abc', { 'accept-language': 'en' });
    expect(page.status).toBe(400);
    expect(String(page.body)).toContain('Scan the QR code on the report again');
  });

  it('stops a client walking report numbers at the configured rate', async () => {
    const strict = await startTestOffice({ rateLimits: { verify: { max: 3, windowMs: 60_000 } } });
    try {
      const ask = () => http<{ error?: { code: string } }>(`${strict.url}${paths.verify}?n=XJ-NOPE-1&h=${'f'.repeat(64)}`, { headers: { accept: 'application/json' } });
      for (let i = 0; i < 3; i += 1) expect((await ask()).status).toBe(404);
      const limited = await ask();
      expect(limited.status).toBe(429);
      expect(limited.body.error?.code).toBe('rate_limited');
    } finally {
      await strict.close();
    }
  });

  it('tells a browser over the limit, on the page and in its language, that this network checked too often and when to try again', async () => {
    const strict = await startTestOffice({ rateLimits: { verify: { max: 1, windowMs: 90_000 } } });
    try {
      const ask = (lang: string) => http<string>(`${strict.url}${paths.verify}?n=XJ-NOPE-1&h=${'f'.repeat(64)}`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': lang } });
      expect((await ask('zh-CN,zh;q=0.9')).status).toBe(404);
      const zh = await ask('zh-CN,zh;q=0.9');
      expect(zh.status).toBe(429);
      expect(zh.headers.get('content-type')).toContain('text/html');
      expect(zh.headers.get('content-security-policy')).toContain("default-src 'none'");
      const retryAfter = Number(zh.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(60);
      expect(zh.body).toContain('data-limited="true"');
      expect(zh.body).toContain('这个网络');
      // 90 s rounds up to 2 minutes; the page says so, and the clock time in China.
      expect(zh.body).toContain('2 分钟');
      expect(zh.body).toMatch(/北京时间 \d{2}:\d{2}/);
      expect(zh.body).not.toContain('rate_limited');
      const en = await ask('en-US,en;q=0.9');
      expect(en.status).toBe(429);
      expect(en.body).toContain('Too many checks were made from this network');
      expect(en.body).toContain('2 minutes');
      expect(en.body).toMatch(/\d{2}:\d{2} China time/);
    } finally {
      await strict.close();
    }
  });
});
