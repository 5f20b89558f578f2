/**
 * Which installs may update themselves from the office: an NSIS install (per user, or per machine
 * with an administrator's consent), an AppImage or a marked deb; never an MSI or portable copy,
 * which would get a second, per-user NSIS copy beside the one the IT office deployed.
 */
import { describe, expect, it } from 'vitest';
import { installKindOf, type InstallFacts, type InstallKind } from '../../src-main/electron/install-kind';
import { deviceUpdater, feedUrl, updatePlatformOf } from '../../src-main/electron/updater';

const windows = (execPath: string, files: string[], env: Record<string, string> = {}): InstallFacts => ({
  platform: 'win32',
  execPath,
  resourcesPath: execPath.replace(/xunjian\.exe$/, 'resources'),
  env: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', ...env },
  exists: (file) => files.includes(file),
});

describe('installKindOf', () => {
  it('tells per-user and per-machine NSIS installs, MSI and portable copies apart on Windows', () => {
    const user = 'C:\\Users\\zw\\AppData\\Local\\Programs\\xunjian\\xunjian.exe';
    expect(installKindOf(windows(user, ['C:\\Users\\zw\\AppData\\Local\\Programs\\xunjian\\Uninstall xunjian.exe']))).toBe('nsis');
    const machine = 'C:\\Program Files\\xunjian\\xunjian.exe';
    expect(installKindOf(windows(machine, ['C:\\Program Files\\xunjian\\Uninstall xunjian.exe']))).toBe('nsis-machine');
    // The same folder name under another drive is not Program Files.
    const elsewhere = 'D:\\Program Files Tools\\xunjian\\xunjian.exe';
    expect(installKindOf(windows(elsewhere, ['D:\\Program Files Tools\\xunjian\\Uninstall xunjian.exe']))).toBe('nsis');
    expect(installKindOf(windows(machine, []))).toBe('msi');
    expect(installKindOf(windows('C:\\Users\\zw\\AppData\\Local\\Temp\\xunjian-portable\\xunjian.exe', [], { PORTABLE_EXECUTABLE_DIR: 'D:\\tools' }))).toBe('portable');
  });

  it('knows an AppImage and a marked deb on Linux, and nothing else', () => {
    const linux = (env: Record<string, string>, files: string[]): InstallFacts => ({ platform: 'linux', execPath: '/opt/x/xunjian', resourcesPath: '/opt/x/resources', env, exists: (f) => files.includes(f) });
    expect(installKindOf(linux({ APPIMAGE: '/home/zw/Xunjian.AppImage' }, []))).toBe('appimage');
    expect(installKindOf(linux({}, ['/opt/x/resources/package-type']))).toBe('deb');
    expect(installKindOf(linux({}, []))).toBe('unknown');
  });
});

describe('the updater by install and CPU', () => {
  const updater = (installKind: InstallKind, platform: NodeJS.Platform = 'win32', arch = 'x64') =>
    deviceUpdater({
      engine: () => Promise.reject(new Error('not used')),
      netSession: () => ({ setCertificateVerifyProc: () => {} }),
      enrollment: () => Promise.resolve(null),
      currentVersion: '1.0.0',
      isPackaged: true,
      platform,
      arch,
      installKind: () => installKind,
      log: () => {},
    });

  it('offers no in-app update to an MSI, portable or unmarked copy, and warns a per-machine install of the administrator prompt', async () => {
    for (const kind of ['msi', 'portable', 'unknown'] as const) {
      expect(updater(kind).status(), kind).toEqual({ supported: false, reason: 'install_kind' });
      expect(await updater(kind).check(), kind).toEqual({ supported: false, reason: 'install_kind' });
    }
    expect(updater('nsis').status()).toMatchObject({ supported: true, needsAdmin: false });
    expect(updater('nsis-machine').status()).toMatchObject({ supported: true, needsAdmin: true });
    expect(updater('deb', 'linux').status()).toMatchObject({ supported: true, needsAdmin: false });
  });

  it('gives Linux arm64 PCs their own feed, whose channel file electron-updater names latest-linux-arm64.yml', () => {
    expect(updatePlatformOf('linux', 'arm64')).toBe('linux-arm64');
    expect(updatePlatformOf('linux', 'x64')).toBe('linux');
    expect(updatePlatformOf('win32', 'x64')).toBe('win');
    expect(updatePlatformOf('win32', 'arm64')).toBeNull();
    expect(updater('appimage', 'linux', 'ia32').status()).toEqual({ supported: false, reason: 'platform' });
    expect(feedUrl('https://office.example:5190/', 'linux-arm64')).toBe('https://office.example:5190/api/v1/updates/linux-arm64');
  });
});
