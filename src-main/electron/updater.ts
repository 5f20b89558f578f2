/**
 * Updates from the office the device is enrolled with (issue 13), through electron-updater's
 * generic provider: GET <office>/api/v1/updates/<win|linux|linux-arm64>/<channel file> and the files it names,
 * with the device token, over the office's pinned CA. Nothing downloads or installs unless the
 * user pressed the button for that exact version (consent); no check runs by itself.
 *
 * What electron-updater guarantees and we keep: the download's SHA-512 must be the channel file's
 * (builder-util-runtime DigestTransform; we also refuse an offer whose files carry none, since
 * electron-updater then checks nothing), and on Windows the installer's Authenticode signer must be
 * the `publisherName` electron-builder wrote into app-update.yml (NsisUpdater.verifySignature).
 */
import type { AppUpdater, Logger, ProgressInfo, UpdateInfo } from 'electron-updater';
import type { UpdateErrorCode, UpdateOffer, UpdateState, UpdateStatus } from '../../src-shared/rpc/update-channels';
import type { EnrollmentSummary } from '../../src-shared/rpc/sync-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { API_PREFIX } from '../../src-shared/sync/protocol';
import type { DeviceUpdater } from '../handlers/update-handlers';
import type { SecretStore } from '../signing/secret-store';
import { enrollmentFiles, TOKEN_SECRET, trustOf } from '../sync/enrollment';
import { existsSync } from 'node:fs';
import { installKindOf, selfUpdating, type InstallKind } from './install-kind';
import { officeCertificateVerifier, type CertificateRequest } from './office-certificates';

/** The slice of electron-updater's AppUpdater this module drives (NsisUpdater, AppImageUpdater, DebUpdater). */
export type UpdaterEngine = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'allowDowngrade' | 'disableDifferentialDownload' | 'disableWebInstaller' | 'logger'
  | 'setFeedURL' | 'addAuthHeader' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall' | 'on'
>;

/** The session electron-updater downloads with (`autoUpdater.netSession`, partition 'electron-updater'). */
export interface UpdaterSession {
  setCertificateVerifyProc(proc: (request: CertificateRequest, callback: (result: number) => void) => void): void;
}

export interface UpdaterDeps {
  /** electron-updater's updater, loaded on first use (not at start: nothing of it runs until asked). */
  engine: () => Promise<UpdaterEngine>;
  netSession: () => UpdaterSession;
  /** The enrollment summary and device token (read in main only), or null when not enrolled. */
  enrollment: () => Promise<{ summary: EnrollmentSummary; token: string } | null>;
  currentVersion: string;
  /** Only a packaged app is updated (electron-updater's rule: an unpacked one skips every check). */
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The CPU: Linux arm64 PCs (Kunpeng, Phytium) have their own channel; x64 when absent. */
  arch?: string;
  /** How this copy was installed (install-kind.ts), asked when first needed; a self-updating install when absent. */
  installKind?: () => InstallKind;
  log: (line: string) => void;
}

/** The office's folder for this OS, as `updates publish` names them (src-server/updates/channel-file.ts). */
export type UpdateFeed = 'win' | 'linux' | 'linux-arm64';

export function updatePlatformOf(platform: NodeJS.Platform, arch = 'x64'): UpdateFeed | null {
  if (platform === 'win32') return arch === 'x64' ? 'win' : null;
  if (platform === 'linux') return arch === 'x64' ? 'linux' : arch === 'arm64' ? 'linux-arm64' : null;
  return null;
}

export function feedUrl(officeUrl: string, platform: UpdateFeed): string {
  return `${officeUrl.replace(/\/+$/, '')}${API_PREFIX}/updates/${platform}`;
}

/** Which of our codes an electron-updater, HTTP or network failure is. */
export function updateErrorCode(error: unknown): UpdateErrorCode {
  const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (code === 'ERR_CHECKSUM_MISMATCH' || /checksum mismatch/i.test(message)) return 'hash_mismatch';
  if (code === 'ERR_UPDATER_INVALID_SIGNATURE') return 'signature_invalid';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || e.statusCode === 404) return 'not_published';
  if (e.statusCode === 401 || e.statusCode === 403) return 'unauthorized';
  if (['ERR_UPDATER_INVALID_UPDATE_INFO', 'ERR_UPDATER_NO_FILES_PROVIDED', 'ERR_UPDATER_NO_CHECKSUM', 'ERR_UPDATER_INVALID_VERSION', 'ERR_UPDATER_NO_FILE_NAME'].includes(code)) return 'invalid_release';
  if (/net::ERR_CERT|net::ERR_SSL|CERT_|certificate/i.test(`${code} ${message}`)) return 'certificate';
  if (/^E(CONNREFUSED|CONNRESET|HOSTUNREACH|NETUNREACH|NOTFOUND|AI_AGAIN|TIMEDOUT)$/.test(code) || /net::ERR_(CONNECTION|NAME|NETWORK|INTERNET|ADDRESS|TIMED_OUT)/.test(message)) return 'unreachable';
  return 'failed';
}

function offerOf(info: UpdateInfo): UpdateOffer {
  const notes = info.releaseNotes;
  return {
    version: info.version,
    // A channel file may carry notes per version (an array) when electron-builder collects them.
    releaseNotes: typeof notes === 'string' ? notes : Array.isArray(notes) ? notes.map((n) => n.note ?? '').join('\n') : null,
    releaseDate: info.releaseDate || null,
    size: info.files[0]?.size ?? null,
  };
}

export function deviceUpdater(deps: UpdaterDeps): DeviceUpdater {
  const platform = updatePlatformOf(deps.platform, deps.arch);
  let installed: InstallKind | undefined;
  const installKind = (): InstallKind => (installed ??= deps.installKind ? deps.installKind() : deps.platform === 'win32' ? 'nsis' : deps.platform === 'linux' ? 'appimage' : 'unknown');
  let state: UpdateState = { state: 'idle' };
  let engine: UpdaterEngine | undefined;

  const logger: Logger = {
    info: (m?: unknown) => deps.log(`updater: ${String(m)}`),
    warn: (m?: unknown) => deps.log(`updater warning: ${String(m)}`),
    error: (m?: unknown) => deps.log(`updater error: ${String(m)}`),
  };
  const status = (): UpdateStatus => {
    if (!platform) return { supported: false, reason: 'platform' };
    if (!deps.isPackaged) return { supported: false, reason: 'not_packaged' };
    if (!selfUpdating(installKind())) return { supported: false, reason: 'install_kind' };
    return { supported: true, currentVersion: deps.currentVersion, needsAdmin: installKind() === 'nsis-machine', ...state };
  };
  const fail = (error: unknown): UpdateStatus => {
    const message = error instanceof Error ? error.message : String(error);
    state = { state: 'error', code: updateErrorCode(error), detail: message.split('\n')[0]!.slice(0, 300) };
    deps.log(`update ${state.code}: ${message}`);
    return status();
  };

  const engineOnce = async (): Promise<UpdaterEngine> => {
    if (engine) return engine;
    const made = await deps.engine();
    if (engine) return engine;
    // Nothing happens by itself: no download after a check, no install when the app quits, never an older version.
    made.autoDownload = false;
    made.autoInstallOnAppQuit = false;
    made.allowDowngrade = false;
    // Whole files only: a differential download needs the previous release's blockmap on the
    // office and multi-range requests; on a hospital LAN the whole installer is quick.
    made.disableDifferentialDownload = true;
    made.disableWebInstaller = true;
    made.logger = logger;
    // electron-updater emits 'error' besides rejecting: without a listener the emit would throw.
    made.on('error', (error: Error) => logger.warn(error.message));
    made.on('download-progress', (progress: ProgressInfo) => {
      if (state.state === 'downloading') state = { ...state, percent: Math.floor(progress.percent) };
    });
    engine = made;
    return made;
  };

  /** Points the updater at the office of the current enrollment, with its token and its pinned CA. */
  const connect = async (): Promise<UpdaterEngine | null> => {
    const enrolled = await deps.enrollment();
    if (!enrolled) return null;
    const updater = await engineOnce();
    const options: Exclude<Parameters<UpdaterEngine['setFeedURL']>[0], string> = { provider: 'generic', url: feedUrl(enrolled.summary.officeUrl, platform!), useMultipleRangeRequest: false };
    updater.setFeedURL(options);
    updater.addAuthHeader(`Bearer ${enrolled.token}`);
    deps.netSession().setCertificateVerifyProc(officeCertificateVerifier(trustOf(enrolled.summary), deps.log));
    return updater;
  };

  return {
    status,
    async check() {
      if (!status().supported) return status();
      if (state.state === 'checking' || state.state === 'downloading' || state.state === 'installing') return status();
      state = { state: 'checking' };
      try {
        const updater = await connect();
        if (!updater) {
          state = { state: 'error', code: 'not_enrolled', detail: 'this device is not enrolled with an office' };
          return status();
        }
        const result = await updater.checkForUpdates();
        if (!result) throw new Error('electron-updater skipped the check (not a packaged app)');
        const info = result.updateInfo;
        if (!result.isUpdateAvailable) {
          state = { state: 'not-available', version: info.version };
          return status();
        }
        // electron-updater verifies a download only against a sha512 (or sha2) the channel file gives.
        if (info.files.length === 0 || info.files.some((f) => !f.sha512)) {
          throw Object.assign(new Error(`the office's release ${info.version} names a file without a SHA-512`), { code: 'ERR_UPDATER_NO_CHECKSUM' });
        }
        state = { state: 'available', ...offerOf(info) };
        return status();
      } catch (error) {
        return fail(error);
      }
    },
    async download(version) {
      if (!status().supported) return status();
      if ((state.state === 'downloading' || state.state === 'downloaded') && state.version === version) return status();
      // Consent is for the version shown: another (a newer check, a stale screen) is not downloaded.
      if (state.state !== 'available' || state.version !== version) throw new RpcFailure('bad_input', `version ${version} is not the one offered: check for updates first`);
      const offer: UpdateOffer = { version: state.version, releaseNotes: state.releaseNotes, releaseDate: state.releaseDate, size: state.size };
      const updater = await engineOnce();
      state = { state: 'downloading', percent: 0, ...offer };
      // Progress arrives through 'download-progress'; the screen polls update.status.
      void updater.downloadUpdate().then(
        () => {
          state = { state: 'downloaded', ...offer };
          deps.log(`update ${offer.version} downloaded and checked`);
        },
        (error: unknown) => void fail(error),
      );
      return status();
    },
    async install(version) {
      if (!status().supported) return status();
      if (state.state === 'installing' && state.version === version) return status();
      if (state.state !== 'downloaded' || state.version !== version) throw new RpcFailure('bad_input', `version ${version} is not downloaded`);
      const updater = await engineOnce();
      state = { state: 'installing', version };
      deps.log(`installing update ${version}: the app quits and the installer starts it again`);
      // After this answer has reached the renderer. Silent installer, app started again after it.
      setTimeout(() => updater.quitAndInstall(true, true), 200);
      return status();
    },
  };
}

/**
 * The updater the Electron shell hands to the handlers: electron-updater's `autoUpdater` (bundled
 * into main.cjs; loaded on the first check), its own session for the office's certificate, and
 * the enrollment read here in main, where the token stays.
 */
export function electronDeviceUpdater(options: {
  dataDir: string;
  secrets: SecretStore;
  currentVersion: string;
  isPackaged: boolean;
  log: (line: string) => void;
}): DeviceUpdater {
  let loaded: AppUpdater | undefined;
  const files = enrollmentFiles(options.dataDir);
  return deviceUpdater({
    engine: async () => (loaded ??= (await import('electron-updater')).autoUpdater),
    netSession: () => {
      if (!loaded) throw new Error('the updater is not loaded');
      return loaded.netSession;
    },
    async enrollment() {
      const [summary, token] = await Promise.all([files.read(), options.secrets.read(TOKEN_SECRET)]);
      return summary && token ? { summary, token: token.toString('utf8') } : null;
    },
    currentVersion: options.currentVersion,
    isPackaged: options.isPackaged,
    platform: process.platform,
    arch: process.arch,
    installKind: () => installKindOf({ platform: process.platform, execPath: process.execPath, resourcesPath: process.resourcesPath, env: process.env, exists: existsSync }),
    log: options.log,
  });
}
