/**
 * The report thread: the same report laid out in a worker thread as on the calling one, signed
 * there into a PDF pdfsig accepts, font failures arriving as the same RpcFailure, a thread closed
 * mid-job or too slow failing that job with a message while the next job starts a new thread, and
 * the bundle Electron loads (built here with the build's own options) doing the same work.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildMainBundle } from '../../../scripts/main-bundles';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { FONT_FILES } from '../../../src-main/report/fonts';
import { inProcessRenderer, renderThread } from '../../../src-main/report/render-thread';
import { Template } from '../../../src-shared/catalog/schema';
import { BlankSheetInput } from '../../../src-shared/report/model';
import { RpcFailure } from '../../../src-shared/rpc/result';
import { FONTS_DIR, ROOT, sixtyItemReport } from './fixture';
import { pdfSig, pdfTextCompact } from './poppler';

const template = (id: string): Template => Template.parse(JSON.parse(readFileSync(path.join(ROOT, 'assets/catalog/templates', `${id}.json`), 'utf8')));
const WORKER = { source: path.join(ROOT, 'src-main/report/render-worker.ts') };
const thread = renderThread(WORKER);
afterAll(() => thread.close());

describe('report thread', () => {
  it('lays out the same report as the calling thread does', async () => {
    const input = sixtyItemReport({ reportNumber: 'XJ-THREAD-0001' });
    const [there, here] = await Promise.all([thread.report(input, { fontsDir: FONTS_DIR }), inProcessRenderer.report(input, { fontsDir: FONTS_DIR })]);
    expect(there.bytes).toBeInstanceOf(Uint8Array);
    expect(there.pages).toBe(here.pages);
    expect(there.replaced).toEqual(here.replaced);
    const text = await pdfTextCompact(there.bytes);
    expect(text).toBe(await pdfTextCompact(here.bytes));
    expect(text).toContain('XJ-THREAD-0001');
  });

  it('report.create through the report thread files a PDF that pdfsig finds valid over the whole document', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-thread-sign-'));
    try {
      const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir, renderWorker: WORKER });
      const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-THREAD-SIGN' }));
      const bytes = await readFile(created.path);
      expect(bytes.length).toBe(created.size);
      const report = await pdfSig(bytes);
      expect(report).toContain('Signature is Valid');
      expect(report).toContain('Total document signed');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('passes a font failure back as the RpcFailure the calling thread would throw', async () => {
    // Only the bold face is missing, so there is one right answer to which file is named.
    const empty = await mkdtemp(path.join(os.tmpdir(), 'xunjian-no-bold-'));
    await copyFile(path.join(FONTS_DIR, FONT_FILES.regular), path.join(empty, FONT_FILES.regular));
    try {
      const input = sixtyItemReport();
      const error = await thread.report(input, { fontsDir: empty }).catch((e: unknown) => e);
      const expected = await inProcessRenderer.report(input, { fontsDir: empty }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RpcFailure);
      expect(expected).toBeInstanceOf(RpcFailure);
      expect({ code: (error as RpcFailure).code, params: (error as RpcFailure).params }).toEqual({ code: (expected as RpcFailure).code, params: (expected as RpcFailure).params });
      expect((error as RpcFailure).params).toEqual({ file: FONT_FILES.bold });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('fails the jobs of a thread that stops, and starts a new one for the next', async () => {
    const own = renderThread(WORKER);
    const failed = expect(own.report(sixtyItemReport(), { fontsDir: FONTS_DIR })).rejects.toThrow(/report thread was closed/);
    await own.close();
    await failed;
    const sheet = BlankSheetInput.parse({ locale: 'zh-CN', templates: [template('his')], hospital: '测试医院' });
    const next = await own.blankSheet(sheet, { fontsDir: FONTS_DIR });
    expect(await pdfTextCompact(next.bytes)).toContain('测试医院');
    await own.close();
  });

  it('stops a thread that does not answer in time and fails its job with a message', async () => {
    const impatient = renderThread(WORKER, 1);
    await expect(impatient.report(sixtyItemReport(), { fontsDir: FONTS_DIR })).rejects.toThrow(/did not answer within 0.001 s and was stopped/);
    await impatient.close();
  });

  it('the bundled report thread, built as Electron loads it, lays out a report too', async () => {
    const outDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bundle-'));
    try {
      const bundled = renderThread({ bundled: await buildMainBundle('renderWorker', outDir, ROOT) });
      const input = sixtyItemReport({ reportNumber: 'XJ-BUNDLED-0001' });
      const rendered = await bundled.report(input, { fontsDir: FONTS_DIR });
      expect(rendered.pages).toBe((await inProcessRenderer.report(input, { fontsDir: FONTS_DIR })).pages);
      expect(await pdfTextCompact(rendered.bytes)).toContain('XJ-BUNDLED-0001');
      await bundled.close();
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });
});
