/**
 * Issue 13's package size: what the installer carries besides Electron itself, lean (this
 * configuration: the staged bundles in app.asar, resources/assets) against the naive baseline the
 * old electron-builder.yml shipped (the project root as the app: every `dependencies` package,
 * source maps, all of assets/). Both are real electron-builder `--dir` runs in this process's run,
 * on the same fake Electron (tests/helpers/offline-pack.ts); the old run gets `npmRebuild: false`
 * only so it does not rebuild better-sqlite3 in the shared node_modules (that changes one .node
 * file's bytes, not the file set).
 *
 * Compressed sizes: the files of each payload in one solid stream through `xz -9` (LZMA2, the
 * stand-in for the 7-Zip LZMA2 archive, -mx=9, that electron-builder's NSIS installer embeds) and
 * through gzip -9 (zlib) for reference. The installers themselves are not built: NSIS, WiX,
 * appimagetool and fpm are downloaded by electron-builder from GitHub, unreachable here, as is
 * Electron's own archive, so the Electron runtime is not measured either.
 */
import { listPackage } from '@electron/asar';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGzip } from 'node:zlib';
import { stageApp } from '../../scripts/stage-app';
import { fakeElectronDist, listFilesUnder, packLinuxDir } from '../../tests/helpers/offline-pack';
import { loadAverage } from '../machine';
import { count, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';

/** electron-builder.yml as of e1b12b0, before issue 13. */
const OLD_CONFIG = `appId: cn.xunjian.app
productName: Xunjian 巡检
directories:
  output: release
files:
  - dist-main/**
  - dist-renderer/**
  - package.json
extraResources:
  - from: assets
    to: assets
asar: true
electronFuses:
  runAsNode: false
  enableCookieEncryption: true
  enableNodeOptionsEnvironmentVariable: false
  enableNodeCliInspectArguments: false
  enableEmbeddedAsarIntegrityValidation: true
  onlyLoadAppFromAsar: true
linux:
  target: AppImage
  category: Office
`;

interface Payload {
  files: number;
  /** Inside app.asar (and app.asar.unpacked): files, and packages under node_modules. */
  asarFiles: number;
  packages: number;
  bytes: number;
  xz: number;
  gzip: number;
  /** Largest parts, for the write-up. */
  parts: Record<string, number>;
}

/** Streams every file, in order, into `sink`. */
async function concatInto(root: string, files: string[], sink: NodeJS.WritableStream): Promise<void> {
  for (const file of files) {
    await new Promise<void>((resolve, reject) => {
      const source = createReadStream(path.join(root, file));
      source.on('error', reject);
      source.on('end', resolve);
      source.pipe(sink, { end: false });
    });
  }
  sink.end();
}

function byteCounter(): { sink: Writable; total: () => number } {
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  return { sink, total: () => bytes };
}

async function xzSize(root: string, files: string[]): Promise<number> {
  const xz = spawn('xz', ['-9', '-T1', '-c'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const counter = byteCounter();
  const done = pipeline(xz.stdout, counter.sink);
  await concatInto(root, files, xz.stdin);
  await done;
  return counter.total();
}

async function gzipSize(root: string, files: string[]): Promise<number> {
  const gzip = createGzip({ level: constants.Z_BEST_COMPRESSION });
  const counter = byteCounter();
  const done = pipeline(gzip, counter.sink);
  await concatInto(root, files, gzip);
  await done;
  return counter.total();
}

async function measure(resources: string, progress: (line: string) => void): Promise<Payload> {
  const files = await listFilesUnder(resources);
  const sizes = await Promise.all(files.map(async (f) => (await stat(path.join(resources, f))).size));
  const parts: Record<string, number> = {};
  files.forEach((f, i) => {
    const key = f.startsWith('app.asar.unpacked/') ? 'app.asar.unpacked/ (native modules)' : f.startsWith('assets/') ? `assets/${f.split('/')[1]}/` : f;
    parts[key] = (parts[key] ?? 0) + sizes[i]!;
  });
  const inAsar = listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
  const packages = new Set(inAsar.map((f) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(f)?.[1]).filter(Boolean));
  const asarFiles = inAsar.filter((f) => path.extname(f) !== '').length;
  progress(`  ${files.length} files, compressing (xz -9, gzip -9)…`);
  return { files: files.length, asarFiles, packages: packages.size, bytes: sizes.reduce((a, b) => a + b, 0), xz: await xzSize(resources, files), gzip: await gzipSize(resources, files), parts };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export const packageSizeBenchmark: Benchmark = {
  name: 'package-size',
  description: 'installer payload besides Electron: lean staged app vs the old config (every dependency, maps)',
  async run(progress): Promise<BenchReport> {
    const root = process.cwd();
    for (const built of ['dist-main/main.cjs', 'dist-renderer/index.html']) {
      if (!existsSync(path.join(root, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
    }
    const loadBefore = loadAverage();
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-size-'));
    try {
      const electronDist = await fakeElectronDist(path.join(tmp, 'electron'));
      progress('lean: staging and packing with electron-builder.ts');
      const app = await stageApp(root, path.join(tmp, 'app'));
      const lean = await packLinuxDir({ projectDir: root, electronDist, outDir: path.join(tmp, 'lean'), extraArgs: [`-c.directories.app=${app.dir}`] });
      const leanSize = await measure(path.join(lean, 'resources'), progress);

      progress('naive: packing with the old electron-builder.yml');
      const oldConfig = path.join(tmp, 'old-electron-builder.yml');
      await writeFile(oldConfig, OLD_CONFIG);
      const naive = await packLinuxDir({ projectDir: root, electronDist, outDir: path.join(tmp, 'naive'), extraArgs: ['--config', oldConfig, '-c.npmRebuild=false'] });
      const naiveSize = await measure(path.join(naive, 'resources'), progress);

      const rows = [
        ['Files in resources/ (app.asar counted once)', count(leanSize.files), count(naiveSize.files), ratio(leanSize.files / naiveSize.files)],
        ['Files inside app.asar', count(leanSize.asarFiles), count(naiveSize.asarFiles), ''],
        ['npm packages inside app.asar', count(leanSize.packages), count(naiveSize.packages), ''],
        ['Uncompressed', mb(leanSize.bytes), mb(naiveSize.bytes), ratio(leanSize.bytes / naiveSize.bytes)],
        ['xz -9 (LZMA2, as the NSIS 7z payload)', mb(leanSize.xz), mb(naiveSize.xz), ratio(leanSize.xz / naiveSize.xz)],
        ['gzip -9', mb(leanSize.gzip), mb(naiveSize.gzip), ratio(leanSize.gzip / naiveSize.gzip)],
      ];
      const partRows = (p: Payload): string[][] => Object.entries(p.parts).sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, bytes]) => [name, mb(bytes)]);
      return {
        title: 'Package size: the installer payload besides Electron (issue 13)',
        facts: { 'Load average before → after': `${loadBefore} → ${loadAverage()}`, 'Staged app files': count(app.files.length) },
        sections: [
          { heading: 'resources/ of the --dir output: lean vs the old configuration', body: table(['Measure', 'Lean', 'Old config', 'Lean / old'], rows) },
          { heading: 'Lean payload by part', body: table(['Part', 'Size'], partRows(leanSize)) },
          { heading: 'Old payload by part', body: table(['Part', 'Size'], partRows(naiveSize)) },
        ],
      };
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  },
};
