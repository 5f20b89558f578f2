/**
 * A missing or broken font file: report.create fails with an i18n'd code, writes no file and
 * leaves the inspection untouched (the renderer keeps its data and can retry after a reinstall).
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportHandlers } from '../../../src-main/handlers/report-handlers';
import { FONT_FILES } from '../../../src-main/report/fonts';
import { translate } from '../../../src-shared/i18n/translate';
import { RpcFailure } from '../../../src-shared/rpc/result';
import { FONTS_DIR, sixtyItemReport } from './fixture';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'xunjian-fonts-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** An assets folder whose fonts/ holds what `prepare` leaves there, and an empty data folder. */
async function install(name: string, prepare: (fontsDir: string) => Promise<void>) {
  const assetsDir = path.join(root, name, 'assets');
  const dataDir = path.join(root, name, 'data');
  await mkdir(path.join(assetsDir, 'fonts'), { recursive: true });
  await mkdir(dataDir, { recursive: true });
  for (const file of Object.values(FONT_FILES)) await copyFile(path.join(FONTS_DIR, file), path.join(assetsDir, 'fonts', file));
  await prepare(path.join(assetsDir, 'fonts'));
  return { api: reportHandlers({ assetsDir, dataDir }), dataDir };
}

async function createFails(name: string, prepare: (fontsDir: string) => Promise<void>): Promise<{ error: RpcFailure; dataDir: string }> {
  const { api, dataDir } = await install(name, prepare);
  const error = await Promise.resolve(api.handlers['report.create'](sixtyItemReport())).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RpcFailure);
  return { error: error as RpcFailure, dataDir };
}

async function reportFilesIn(dataDir: string): Promise<string[]> {
  const all = await readdir(dataDir, { recursive: true }).catch(() => [] as string[]);
  return all.filter((f) => f.startsWith('reports') && f.endsWith('.pdf'));
}

describe('font problems', () => {
  it('a missing font file is font_missing, names the file, and nothing is written', async () => {
    const { error, dataDir } = await createFails('missing', (dir) => rm(path.join(dir, FONT_FILES.bold)));
    expect(error.code).toBe('font_missing');
    expect(error.params).toEqual({ file: FONT_FILES.bold });
    expect(translate('zh-CN', 'rpc.font_missing', error.params)).toContain(FONT_FILES.bold);
    expect(await reportFilesIn(dataDir)).toEqual([]);
  }, 60_000);

  it('a truncated font file is font_broken', async () => {
    const { error, dataDir } = await createFails('truncated', async (dir) => {
      const file = path.join(dir, FONT_FILES.regular);
      await writeFile(file, (await readFile(file)).subarray(0, 200_000));
    });
    expect(error.code).toBe('font_broken');
    expect(error.params).toEqual({ file: FONT_FILES.regular });
    expect(await reportFilesIn(dataDir)).toEqual([]);
  }, 60_000);

  it('a file that is not a TrueType font is font_broken', async () => {
    const { error } = await createFails('garbage', (dir) => writeFile(path.join(dir, FONT_FILES.regular), 'not a font at all'));
    expect(error.code).toBe('font_broken');
    expect(translate('en', 'rpc.font_broken', error.params)).toContain(FONT_FILES.regular);
  });

  it('a TrueType header without its tables is font_broken', async () => {
    const { error } = await createFails('header-only', async (dir) => {
      const header = Buffer.alloc(12);
      header.writeUInt32BE(0x00010000, 0);
      await writeFile(path.join(dir, FONT_FILES.bold), header);
    });
    expect(error.code).toBe('font_broken');
  });

  it('works again once the font is repaired (a failed load is not cached)', async () => {
    const { api, dataDir } = await install('repaired', (dir) => rm(path.join(dir, FONT_FILES.regular)));
    await expect(api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-FONT-1' }))).rejects.toMatchObject({ code: 'font_missing' });
    await copyFile(path.join(FONTS_DIR, FONT_FILES.regular), path.join(root, 'repaired', 'assets', 'fonts', FONT_FILES.regular));
    const created = await api.handlers['report.create'](sixtyItemReport({ reportNumber: 'XJ-FONT-1' }));
    expect(await reportFilesIn(dataDir)).toEqual([path.relative(dataDir, created.path)]);
  }, 60_000);
});
