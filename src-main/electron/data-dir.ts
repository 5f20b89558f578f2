/**
 * Where the device keeps everything (Chromium profile with IndexedDB, keys/, reports/, logs/,
 * backups/, settings.json). Chosen before `ready`, because Chromium opens its profile at ready.
 * Pure: the caller passes the platform, the arguments and the environment.
 */
import path from 'node:path';

/** An ASCII folder name, the same on every platform, independent of the product name. */
export const DATA_FOLDER_NAME = 'Xunjian';

export interface DataDirInputs {
  platform: NodeJS.Platform;
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  /** Electron's `app.getPath('appData')`: Roaming on Windows, ~/.config on Linux. */
  appData: string;
}

export interface DataDirChoice {
  dir: string;
  /** Why this folder: an IT office's override, or the default for the platform. */
  source: 'argument' | 'environment' | 'default';
}

/** `--data-dir=<path>` (or `--data-dir <path>`), then XUNJIAN_DATA_DIR, then the default. */
export function chooseDataDir({ platform, argv, env, appData }: DataDirInputs): DataDirChoice {
  const fromArgs = dataDirArgument(argv);
  if (fromArgs) return { dir: path.resolve(fromArgs), source: 'argument' };
  const fromEnv = env.XUNJIAN_DATA_DIR?.trim();
  if (fromEnv) return { dir: path.resolve(fromEnv), source: 'environment' };
  if (platform === 'win32') {
    // Local, not Roaming: a roaming profile copies the whole IndexedDB at every logon and
    // hospitals often redirect Roaming to a network share.
    const local = env.LOCALAPPDATA?.trim() || path.win32.join(path.win32.dirname(appData), 'Local');
    return { dir: path.win32.join(local, DATA_FOLDER_NAME), source: 'default' };
  }
  return { dir: path.join(appData, DATA_FOLDER_NAME), source: 'default' };
}

function dataDirArgument(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg.startsWith('--data-dir=')) return arg.slice('--data-dir='.length).trim() || null;
    if (arg === '--data-dir') return argv[i + 1]?.trim() || null;
  }
  return null;
}

/** The folders under the data folder that the shell names itself. */
export function shellFolders(dataDir: string): { logs: string; crashDumps: string; settings: string } {
  return {
    logs: path.join(dataDir, 'logs'),
    crashDumps: path.join(dataDir, 'crashes'),
    settings: path.join(dataDir, 'settings.json'),
  };
}
