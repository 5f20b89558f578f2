/**
 * How this copy of the app was installed, which decides whether it may update itself from the
 * office. electron-updater's NsisUpdater runs the NSIS installer: right for an NSIS install, but
 * on an MSI or portable copy it would install a second, per-user copy beside the one the IT office
 * deployed. On Linux it updates only an AppImage (APPIMAGE set) or a deb electron-builder marked
 * (resources/package-type, electron-updater main.js). Pure: the caller passes what it sees.
 */
import path from 'node:path';

export type InstallKind = 'nsis' | 'nsis-machine' | 'msi' | 'portable' | 'appimage' | 'deb' | 'unknown';

export interface InstallFacts {
  platform: NodeJS.Platform;
  execPath: string;
  resourcesPath: string;
  env: Readonly<Record<string, string | undefined>>;
  exists: (file: string) => boolean;
}

const under = (file: string, folder: string | undefined): boolean =>
  !!folder && path.win32.normalize(file).toLowerCase().startsWith(path.win32.normalize(folder).toLowerCase().replace(/\\?$/, '\\'));

export function installKindOf({ platform, execPath, resourcesPath, env, exists }: InstallFacts): InstallKind {
  if (platform === 'win32') {
    // electron-builder's portable launcher sets this before it starts the unpacked app.
    if (env.PORTABLE_EXECUTABLE_DIR) return 'portable';
    const exe = path.win32.basename(execPath);
    // NSIS puts "Uninstall <exe>" beside the program; an MSI install has no such file.
    if (!exists(path.win32.join(path.win32.dirname(execPath), `Uninstall ${exe}`))) return 'msi';
    return under(execPath, env.ProgramFiles) || under(execPath, env['ProgramFiles(x86)']) || under(execPath, env.ProgramW6432) ? 'nsis-machine' : 'nsis';
  }
  if (platform === 'linux') {
    if (env.APPIMAGE) return 'appimage';
    if (exists(path.join(resourcesPath, 'package-type'))) return 'deb';
  }
  return 'unknown';
}

/** Whether the office's updates can be installed by the app itself on this install. */
export const selfUpdating = (kind: InstallKind): boolean => kind === 'nsis' || kind === 'nsis-machine' || kind === 'appimage' || kind === 'deb';
