/**
 * The device's updater (src-main/electron/updater.ts) driving the REAL electron-updater against a
 * real office over HTTP: its generic provider fetches and parses the office's channel file, its
 * downloader checks the sha512. Only what needs Electron is replaced: the app adapter (version,
 * folders), Node's HTTP executor for electron.net, the updater's session, and on the Windows
 * path the PowerShell Authenticode call (its verdict is given; electron-updater acts on it).
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeHttpExecutor } from 'builder-util/out/nodeHttpExecutor';
import { configureRequestOptions, configureRequestUrl, type DownloadOptions } from 'builder-util-runtime';
import { AppImageUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { EnrollmentSummary } from '../../src-shared/rpc/sync-channels';
import type { UpdateStatus } from '../../src-shared/rpc/update-channels';
import { revokeDevice } from '../../src-server/admin/operations';
import { currentRelease, publishReleases } from '../../src-server/updates/releases';
import { VERIFY, type CertificateRequest } from '../../src-main/electron/office-certificates';
import { deviceUpdater, type UpdaterEngine } from '../../src-main/electron/updater';
import { createHandlers } from '../../src-main/handlers';
import { fakeRelease, sha512Base64, type FakeRelease } from '../helpers/fake-release';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
let device: TestDevice;
let win: FakeRelease;
let linux: FakeRelease;

async function appAdapter(publisherName?: string, version = '1.0.0'): Promise<AppAdapter & { dir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xunjian-app-'));
  // What electron-builder writes into resources/ when the build has a publish entry.
  const config = path.join(dir, 'app-update.yml');
  await writeFile(config, `provider: generic\nurl: https://office.invalid/\nupdaterCacheDirName: xunjian-updater\n${publisherName ? `publisherName:\n  - ${publisherName}\n` : ''}`);
  return {
    dir,
    version,
    name: 'Xunjian',
    isPackaged: true,
    appUpdateConfigPath: config,
    userDataPath: dir,
    baseCachePath: path.join(dir, 'cache'),
    whenReady: () => Promise.resolve(),
    relaunch: () => undefined,
    quit: () => undefined,
    onQuit: () => undefined,
  };
}

/**
 * electron.net is not here: Node's executor (builder-util's, which electron-builder's own tests
 * use) with the `download` electron-updater's ElectronHttpExecutor adds, line for line
 * (electron-updater/out/electronHttpExecutor.js): the same doDownload, so the same sha512 check.
 */
class NodeUpdaterHttp extends NodeHttpExecutor {
  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return options.cancellationToken.createPromise<string>((resolve, reject, onCancel) => {
      const requestOptions = { headers: options.headers ?? undefined, redirect: 'manual' };
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(requestOptions, { destination, options, onCancel, callback: (error) => (error == null ? resolve(destination) : reject(error)), responseHandler: null }, 0);
    });
  }
}

function withNodeHttp<T extends AppUpdater>(updater: T): T {
  Reflect.set(updater, 'httpExecutor', new NodeUpdaterHttp());
  return updater;
}

interface Harness {
  updater: ReturnType<typeof deviceUpdater>;
  engine: AppUpdater;
  verifyProcs: ((request: CertificateRequest, callback: (result: number) => void) => void)[];
  installs: [boolean | undefined, boolean | undefined][];
  lines: string[];
  app: AppAdapter & { dir: string };
}

async function harness(options: { platform: 'linux' | 'win32'; version?: string; token?: string | null; officeUrl?: string; trust?: Pick<EnrollmentSummary, 'officeTrust' | 'caCertificatePem'>; engine?: (app: AppAdapter) => AppUpdater }): Promise<Harness> {
  const app = await appAdapter(undefined, options.version);
  const made = options.engine?.(app) ?? withNodeHttp(new AppImageUpdater(null, app));
  const installs: Harness['installs'] = [];
  // quitAndInstall would end this process: record it instead.
  made.quitAndInstall = (silent, runAfter) => void installs.push([silent, runAfter]);
  const verifyProcs: Harness['verifyProcs'] = [];
  const lines: string[] = [];
  const token = options.token === undefined ? device.token : options.token;
  const summary = { officeUrl: options.officeUrl ?? office.url, officeTrust: 'system', caCertificatePem: '', ...options.trust } as EnrollmentSummary;
  const updater = deviceUpdater({
    engine: () => Promise.resolve(made as UpdaterEngine),
    netSession: () => ({ setCertificateVerifyProc: (proc) => void verifyProcs.push(proc) }),
    enrollment: () => Promise.resolve(token === null ? null : { summary, token }),
    currentVersion: '1.0.0',
    isPackaged: true,
    platform: options.platform,
    log: (line) => void lines.push(line),
  });
  return { updater, engine: made, verifyProcs, installs, lines, app };
}

async function settled(updater: Harness['updater']): Promise<UpdateStatus> {
  await vi.waitFor(() => expect(updater.status()).not.toMatchObject({ state: 'downloading' }), { timeout: 30_000, interval: 50 });
  return updater.status();
}

const filesUnder = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).map(String);

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'li-na', ['yunan-peoples']);
  win = await fakeRelease({ version: '1.2.0', platform: 'win', notes: '修复打印预览' });
  linux = await fakeRelease({ version: '1.2.0', platform: 'linux', notes: '修复打印预览' });
  await publishReleases(office.ctx, office.dataDir, win.dir, 'test');
  await publishReleases(office.ctx, office.dataDir, linux.dir, 'test');
  process.env.APPIMAGE = path.join(linux.dir, 'running.AppImage');
}, 60_000);
afterAll(async () => {
  delete process.env.APPIMAGE;
  await office.close();
}, 60_000);

describe('device updater with electron-updater against the office', () => {
  it('checks without downloading, then downloads the agreed version (sha512 checked) and installs only when asked', async () => {
    const h = await harness({ platform: 'linux' });
    expect(h.updater.status()).toEqual({ supported: true, currentVersion: '1.0.0', needsAdmin: false, state: 'idle' });
    const checked = await h.updater.check();
    expect(checked).toEqual({ supported: true, currentVersion: '1.0.0', needsAdmin: false, state: 'available', version: '1.2.0', releaseNotes: '修复打印预览', releaseDate: '2025-03-01T08:00:00.000Z', size: linux.bytes.length });
    // Nothing by itself: no download after the check, no install at quit, no downgrade, whole files.
    expect(h.engine).toMatchObject({ autoDownload: false, autoInstallOnAppQuit: false, allowDowngrade: false, disableDifferentialDownload: true });
    expect(Reflect.get(h.engine, 'requestHeaders')).toMatchObject({ authorization: `Bearer ${device.token}` });
    expect(h.verifyProcs).toHaveLength(1);
    expect((await office.ctx.store.listAudit({ limit: 50, action: 'update.download' })).length).toBe(0);
    await expect(h.updater.install('1.2.0')).rejects.toThrow('is not downloaded');
    await expect(h.updater.download('9.9.9')).rejects.toThrow('is not the one offered');

    expect(await h.updater.download('1.2.0')).toMatchObject({ state: 'downloading', version: '1.2.0' });
    expect(await settled(h.updater)).toMatchObject({ state: 'downloaded', version: '1.2.0' });
    const downloaded = path.join(h.app.baseCachePath, 'xunjian-updater', 'pending', linux.installer);
    expect(sha512Base64(await readFile(downloaded))).toBe(linux.sha512);
    const audit = await office.ctx.store.listAudit({ limit: 5, action: 'update.download' });
    expect(audit[0]).toMatchObject({ actor: `device:${device.id}`, target: `linux/${linux.installer}` });

    expect(h.installs).toEqual([]);
    expect(await h.updater.install('1.2.0')).toMatchObject({ state: 'installing', version: '1.2.0' });
    await vi.waitFor(() => expect(h.installs).toEqual([[true, true]]));
  });

  it('installs the pinned office CA check on the updater session', async () => {
    const caPem = office.ctx.keys.ca.certificatePem;
    const pinned = await harness({ platform: 'linux', trust: { officeTrust: 'office-ca', caCertificatePem: caPem } });
    await pinned.updater.check();
    const answers: number[] = [];
    // A certificate the pinned CA did not issue (the CA itself is no server certificate for 127.0.0.1) is refused.
    pinned.verifyProcs[0]!({ hostname: '127.0.0.1', certificate: { data: caPem } }, (r) => void answers.push(r));
    expect(answers).toEqual([VERIFY.refuse]);
    const system = await harness({ platform: 'linux' });
    await system.updater.check();
    system.verifyProcs[0]!({ hostname: '127.0.0.1', certificate: { data: caPem } }, (r) => void answers.push(r));
    expect(answers).toEqual([VERIFY.refuse, VERIFY.chromium]);
  });

  it('refuses a download whose bytes are not the channel file\'s: hash_mismatch, nothing kept', async () => {
    const h = await harness({ platform: 'linux' });
    expect(await h.updater.check()).toMatchObject({ state: 'available' });
    const release = (await currentRelease(office.dataDir, 'linux'))!;
    const onOffice = path.join(office.dataDir, 'updates', 'linux', 'releases', release.folder, linux.installer);
    const good = await readFile(onOffice);
    await writeFile(onOffice, Buffer.alloc(good.length, 1));
    try {
      await h.updater.download('1.2.0');
      expect(await settled(h.updater)).toMatchObject({ state: 'error', code: 'hash_mismatch' });
      expect((await filesUnder(h.app.baseCachePath)).filter((f) => f.endsWith('.AppImage'))).toEqual([]);
    } finally {
      await writeFile(onOffice, good);
    }
  });

  it('Windows: the installer must be signed by the publisher in app-update.yml (electron-updater acts on the verdict)', async () => {
    const run = async (verdict: string | null) => {
      const app = await appAdapter('CN=Xunjian Vendor Co., O=Xunjian Vendor Co., C=CN');
      const asked: string[][] = [];
      const h = await harness({
        platform: 'win32',
        engine: () => {
          const nsis = withNodeHttp(new NsisUpdater(null, app));
          // The test runs on Linux: electron-updater asks for win32's channel file as on Windows.
          Reflect.set(nsis, '_testOnlyOptions', { platform: 'win32', isUseDifferentialDownload: false });
          // Only the PowerShell Get-AuthenticodeSignature call is replaced; its verdict is electron-updater's to act on.
          nsis.verifyUpdateCodeSignature = (names) => {
            asked.push(names);
            return Promise.resolve(verdict);
          };
          return nsis;
        },
      });
      expect(await h.updater.check()).toMatchObject({ state: 'available', version: '1.2.0', size: win.bytes.length });
      await h.updater.download('1.2.0');
      return { status: await settled(h.updater), asked };
    };
    const signed = await run(null);
    expect(signed.status).toMatchObject({ state: 'downloaded' });
    expect(signed.asked).toEqual([['CN=Xunjian Vendor Co., O=Xunjian Vendor Co., C=CN']]);
    const other = await run('publisherNames: CN=Xunjian Vendor Co., raw info: signed by CN=Someone Else');
    expect(other.status).toMatchObject({ state: 'error', code: 'signature_invalid' });
  });

  it('says what is wrong: not enrolled, revoked device, office unreachable, nothing published', async () => {
    expect(await (await harness({ platform: 'linux', token: null })).updater.check()).toMatchObject({ state: 'error', code: 'not_enrolled' });
    const other = await enrolledDevice(office, 'zhou-min', ['yunan-peoples']);
    await revokeDevice(office.ctx, other.id, 'test');
    expect(await (await harness({ platform: 'linux', token: other.token })).updater.check()).toMatchObject({ state: 'error', code: 'unauthorized' });
    expect(await (await harness({ platform: 'linux', officeUrl: 'http://127.0.0.1:9' })).updater.check()).toMatchObject({ state: 'error', code: 'unreachable' });
    const empty = await startTestOffice();
    try {
      const lonely = await enrolledDevice(empty, 'wu-fei', ['yunan-peoples']);
      expect(await (await harness({ platform: 'linux', officeUrl: empty.url, token: lonely.token })).updater.check()).toMatchObject({ state: 'error', code: 'not_published' });
    } finally {
      await empty.close();
    }
  });

  it('an office offering the running version or an older one offers nothing (no downgrade)', async () => {
    for (const version of ['1.2.0', '1.3.0']) {
      const h = await harness({ platform: 'linux', version });
      expect(await h.updater.check()).toMatchObject({ state: 'not-available', version: '1.2.0' });
    }
  });

  it('under the loopback host (no desktop ports) every update channel answers supported: false', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-host-'));
    const handlers = createHandlers({ shell: 'web', version: '1.0.0', assetsDir: path.resolve('assets'), dataDir, log: () => undefined });
    expect(await handlers['update.status']!({})).toEqual({ supported: false, reason: 'host' });
    expect(await handlers['update.check']!({})).toEqual({ supported: false, reason: 'host' });
    expect(await handlers['update.download']!({ version: '1.2.0' })).toEqual({ supported: false, reason: 'host' });
  });
});
