/**
 * What the installer would carry, checked on electron-builder's real `--dir` output. Electron's
 * archive is not cached here and cannot be downloaded, so the run gets a FAKE unpacked Electron
 * (`electronDist`): a stub `electron` file that carries Electron's fuse wire with its default
 * settings, plus the usual files beside it. Everything else is the real pipeline: the project's
 * electron-builder.ts, scripts/stage-app.ts, file matching, extraResources, asar packing, locale
 * pruning and @electron/fuses flipping the wire in the stub. Only the output folder and the staged
 * app folder are redirected to a temp dir (parallel-safe). Needs `npm run build` first, as
 * `npm test` does.
 */
import { extractFile, listPackage } from '@electron/asar';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ARTIFACT_NAMES, builderConfig, DEVICE_ASSETS, FUSES } from '../../electron-builder';
import { MAIN_BUNDLES } from '../../scripts/main-bundles';
import { signtoolArgs, wantsCustomSigning } from '../../scripts/sign-windows';
import { stageApp } from '../../scripts/stage-app';
import { FUSE_ORDER, fakeElectronDist, listFilesUnder as listFiles, packLinuxDir, readFuseWire as fuseWire } from '../helpers/offline-pack';

const ROOT = process.cwd();

let tmp = '';
let unpacked = '';
let asarFiles: string[] = [];

beforeAll(async () => {
  for (const built of ['dist-main/main.cjs', 'dist-renderer/index.html']) {
    if (!existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  tmp = await mkdtemp(path.join(os.tmpdir(), 'xunjian-pack-'));
  const app = path.join(tmp, 'app');
  await stageApp(ROOT, app);
  const electronDist = await fakeElectronDist(path.join(tmp, 'electron'));
  unpacked = await packLinuxDir({ projectDir: ROOT, electronDist, outDir: path.join(tmp, 'out'), extraArgs: [`-c.directories.app=${app}`] });
  asarFiles = listPackage(path.join(unpacked, 'resources', 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, ''));
}, 180_000);

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('the packaged app (electron-builder --dir on a fake Electron)', () => {
  test('app.asar holds the staged bundles and a dependency-free package.json, nothing else', async () => {
    expect(asarFiles.filter((f) => f.includes('node_modules'))).toEqual([]);
    expect(asarFiles.filter((f) => /\.(node|map|ts|tsx)$/.test(f))).toEqual([]);
    expect(asarFiles.filter((f) => /src-server|src-main|fastify|better-sqlite3|(^|\/)\.|electron-builder/.test(f))).toEqual([]);
    const files = asarFiles.filter((f) => f.includes('.'));
    const mainFiles = Object.values(MAIN_BUNDLES).map((b) => `dist-main/${b.file}`).sort();
    expect(files.filter((f) => f.startsWith('dist-main/')).sort()).toEqual(mainFiles);
    expect(files.filter((f) => !f.startsWith('dist-main/') && !/^dist-renderer\/assets\/[\w.-]+\.(js|css)$/.test(f)).sort()).toEqual(['dist-renderer/favicon.svg', 'dist-renderer/index.html', 'package.json']);

    const manifest = JSON.parse(extractFile(path.join(unpacked, 'resources', 'app.asar'), 'package.json').toString('utf8')) as Record<string, unknown>;
    // homepage: the deb target refuses to build without one; desktopName: Electron's WM_CLASS on Linux.
    expect(manifest).toMatchObject({ name: 'xunjian', productName: 'Xunjian 巡检', main: 'dist-main/main.cjs', desktopName: 'xunjian.desktop', homepage: expect.stringMatching(/^https:/) });
    expect(Object.keys(manifest).filter((k) => /dependencies/i.test(k))).toEqual([]);
    expect(typeof manifest.version).toBe('string');
    expect(manifest.author).toMatchObject({ email: expect.stringContaining('@') });
  });

  test('the main-process bundles need nothing but Node built-ins and electron (there is no node_modules to find)', () => {
    const archive = path.join(unpacked, 'resources', 'app.asar');
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'electron']);
    for (const bundle of Object.values(MAIN_BUNDLES)) {
      const code = extractFile(archive, `dist-main/${bundle.file}`).toString('utf8');
      const required = [...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]!);
      expect(required.filter((name) => !allowed.has(name)), bundle.file).toEqual([]);
      expect(code, bundle.file).not.toMatch(/sourceMappingURL=/);
    }
  });

  test('resources/assets holds what main reads (catalog, calendars, report fonts with their licence) and nothing more', async () => {
    const resources = await listFiles(path.join(unpacked, 'resources'));
    const assets = resources.filter((f) => f.startsWith('assets/'));
    expect(resources.filter((f) => !f.startsWith('assets/')).sort()).toEqual(['app-update.yml', 'app.asar']);
    const catalog = (await listFiles(path.join(ROOT, 'assets', 'catalog'))).filter((f) => f.endsWith('.json'));
    expect(assets.filter((f) => f.startsWith('assets/catalog/'))).toEqual(catalog.map((f) => `assets/catalog/${f}`));
    expect(assets.filter((f) => !f.startsWith('assets/catalog/'))).toEqual(['assets/calendars/cn-mainland.json', 'assets/fonts/NotoSansSC-Bold.ttf', 'assets/fonts/NotoSansSC-Regular.ttf', 'assets/fonts/OFL.txt']);
    expect(DEVICE_ASSETS.map((a) => a.to)).toEqual(['assets/catalog', 'assets/calendars', 'assets/fonts']);
  });

  test('the executable is named xunjian, its fuses are flipped to the configured eight, Chromium keeps only zh-CN and en-US', async () => {
    const top = await readdir(unpacked);
    expect(top).toContain('xunjian');
    expect(top).not.toContain('electron');
    const wire = fuseWire(await readFile(path.join(unpacked, 'xunjian')));
    expect(wire).toEqual(FUSES);
    expect(wire.grantFileProtocolExtraPrivileges).toBe(false);
    expect(wire.runAsNode).toBe(false);
    expect((await readdir(path.join(unpacked, 'locales'))).sort()).toEqual(['en-US.pak', 'zh-CN.pak']);
  });
});

describe('the configuration', () => {
  const config = builderConfig({});

  test('nothing is installed, rebuilt or collected from node_modules, and the app folder is the staged one', async () => {
    expect(config.directories).toMatchObject({ app: 'build/app', buildResources: 'build-resources', output: 'release' });
    expect(config.beforeBuild).toBeTypeOf('function');
    expect(await (config.beforeBuild as () => Promise<boolean>)()).toBe(false);
    expect(config).toMatchObject({ nodeGypRebuild: false, buildDependenciesFromSource: false, asar: true, appId: 'cn.xunjian.app', executableName: 'xunjian' });
    expect(config.files).toContain('!**/*.map');
  });

  test('every fuse @electron/fuses knows is set, file:// without extra privileges', async () => {
    const { FuseV1Options } = await import('@electron/fuses');
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(known).toHaveLength(FUSE_ORDER.length);
    expect(Object.keys(FUSES).map((k) => k.toLowerCase()).sort()).toEqual(known.map((k) => k.toLowerCase()).sort());
    expect(config.electronFuses).toMatchObject({ grantFileProtocolExtraPrivileges: false, loadBrowserProcessSpecificV8Snapshot: false, runAsNode: false, onlyLoadAppFromAsar: true });
  });

  test('Windows: assisted NSIS in Chinese with a per-user/per-machine choice, portable and per-machine MSI', () => {
    const targets = (config.win?.target as { target: string }[]).map((t) => t.target);
    expect(targets).toEqual(['nsis', 'portable', 'msi']);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: true, allowToChangeInstallationDirectory: true, unicode: true, language: '2052', deleteAppDataOnUninstall: false });
    expect(config.nsis?.installerLanguages).toEqual(['zh_CN', 'en_US']);
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.win?.icon).toBe('icon.ico');
    expect(existsSync(path.join(ROOT, 'build-resources', 'icon.ico'))).toBe(true);
  });

  test('Linux: AppImage and deb with a maintainer and the icon set', () => {
    const targets = (config.linux?.target as { target: string }[]).map((t) => t.target);
    expect(targets).toEqual(['AppImage', 'deb']);
    expect(config.linux?.maintainer).toMatch(/<[^@>]+@[^>]+>/);
    expect(existsSync(path.join(ROOT, 'build-resources', 'icons', '256x256.png'))).toBe(true);
  });

  test('artifact names render to ASCII for a version and each arch', () => {
    // electron-builder's macros (app-builder-lib/out/util/macroExpander.js); AppImage spells x64 x86_64, deb amd64.
    const render = (pattern: string, arch: string, ext: string): string => pattern.replaceAll('${version}', '1.2.3').replaceAll('${arch}', arch).replaceAll('${ext}', ext);
    const names = [
      render(ARTIFACT_NAMES.nsis, 'x64', 'exe'),
      render(ARTIFACT_NAMES.portable, 'x64', 'exe'),
      render(ARTIFACT_NAMES.msi, 'x64', 'msi'),
      render(ARTIFACT_NAMES.linux, 'x86_64', 'AppImage'),
      render(ARTIFACT_NAMES.linux, 'amd64', 'deb'),
    ];
    expect(names).toEqual(['Xunjian-1.2.3-x64-setup.exe', 'Xunjian-1.2.3-x64-portable.exe', 'Xunjian-1.2.3-x64.msi', 'Xunjian-1.2.3-x86_64.AppImage', 'Xunjian-1.2.3-amd64.deb']);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(config.nsis?.artifactName).toBe(ARTIFACT_NAMES.nsis);
    expect(config.linux?.artifactName).toBe(ARTIFACT_NAMES.linux);
  });
});

describe('code signing hooks', () => {
  test('unsigned by default; a .pfx goes through electron-builder, a token or HSM through the hook', () => {
    const plain = builderConfig({});
    expect(plain.win?.signtoolOptions?.sign).toBeUndefined();
    expect(plain.win?.signtoolOptions?.publisherName).toBeUndefined();
    expect(plain.forceCodeSigning).toBe(false);
    expect(wantsCustomSigning({ CSC_LINK: 'cert.pfx' })).toBe(false);

    const token = builderConfig({ XUNJIAN_SIGN_CERT_SHA1: 'ab12', XUNJIAN_PUBLISHER_NAME: '某某科技有限公司', XUNJIAN_TIMESTAMP_URL: 'http://tsa.example', XUNJIAN_REQUIRE_SIGNING: '1' });
    expect(token.win?.signtoolOptions).toMatchObject({ publisherName: '某某科技有限公司', rfc3161TimeStampServer: 'http://tsa.example', signingHashAlgorithms: ['sha256'] });
    expect(token.win?.signtoolOptions?.sign).toBeTypeOf('function');
    expect(token.forceCodeSigning).toBe(true);
  });

  test('a token or HSM without the publisher name is refused (electron-updater verifies updates against it)', () => {
    expect(() => builderConfig({ XUNJIAN_SIGN_COMMAND: 'sign {file}' })).toThrow(/XUNJIAN_PUBLISHER_NAME/);
  });

  test('signtool arguments: SHA-256, RFC 3161 timestamp, the chosen key', () => {
    const env = { XUNJIAN_SIGN_CSP: 'eToken Base Cryptographic Provider', XUNJIAN_SIGN_KEY_CONTAINER: '[{{pin}}]=p11#xx', XUNJIAN_SIGN_CERT_FILE: 'C:\\certs\\vendor.cer' };
    expect(signtoolArgs({ path: 'C:\\out\\xunjian.exe', hash: 'sha256', isNest: false }, env)).toEqual([
      'sign', '/fd', 'sha256', '/tr', 'http://timestamp.digicert.com', '/td', 'sha256',
      '/csp', 'eToken Base Cryptographic Provider', '/kc', '[{{pin}}]=p11#xx', '/f', 'C:\\certs\\vendor.cer', 'C:\\out\\xunjian.exe',
    ]);
    expect(() => signtoolArgs({ path: 'a.exe', hash: 'sha256', isNest: false }, { XUNJIAN_SIGN_CSP: 'x' })).toThrow(/KEY_CONTAINER/);
  });
});
