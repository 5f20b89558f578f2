/**
 * electron-builder's channel files (`latest.yml` for Windows, `latest-linux.yml` for Linux) as the
 * office checks them before publishing: parsed with electron-updater's own parser (so what passes
 * here is what a device reads), then each field the device relies on is required and named when
 * it is wrong. The sha512 of every file must be there: electron-updater checks a download against
 * it only when the channel file gives one (builder-util-runtime httpExecutor.js, DigestTransform).
 */
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider';

/**
 * The platforms the office hosts, by the channel file electron-builder writes for each: Windows
 * x64, Linux x64, and Linux arm64 (Kunpeng and Phytium PCs running UOS or Kylin), for which
 * electron-builder writes latest-linux-arm64.yml and electron-updater on arm64 asks for it
 * (app-builder-lib updateInfoBuilder.js; electron-updater Provider.js).
 */
export const UPDATE_PLATFORMS = {
  win: { channelFile: 'latest.yml', installers: ['.exe'] },
  linux: { channelFile: 'latest-linux.yml', installers: ['.AppImage', '.deb'] },
  'linux-arm64': { channelFile: 'latest-linux-arm64.yml', installers: ['.AppImage', '.deb'] },
} as const;
export type UpdatePlatform = keyof typeof UPDATE_PLATFORMS;
export const isUpdatePlatform = (value: string): value is UpdatePlatform => Object.hasOwn(UPDATE_PLATFORMS, value);

export interface ReleaseFile {
  name: string;
  size: number;
  /** Base64, as electron-builder writes it. */
  sha512: string;
}

export interface ChannelRelease {
  version: string;
  releaseDate: string;
  releaseNotes: string | null;
  /** The installer (`path`) first, then any other file the channel file lists. */
  files: ReleaseFile[];
}

export class ReleaseError extends Error {}

// semver 2.0.0's own regular expression (semver.org), without the optional leading "v".
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
/**
 * A file name in the release folder: no folders, no dot files, nothing a URL or Windows would
 * read differently. electron-builder's ASCII artifact names (Xunjian-Setup-1.2.0.exe) fit.
 */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function releaseDateOf(value: unknown): string | null {
  // js-yaml reads an unquoted ISO timestamp as a Date; electron-builder quotes it.
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}

function fileOf(entry: unknown, index: number, problems: string[]): ReleaseFile | null {
  const where = `files[${index}]`;
  if (!isRecord(entry)) {
    problems.push(`${where} is not an entry with url, sha512 and size`);
    return null;
  }
  const { url, sha512, size } = entry;
  let ok = true;
  if (typeof url !== 'string' || !FILE_NAME.test(url) || url.includes('..')) {
    problems.push(`${where}.url must be a plain file name in the folder (letters, digits, . _ + -), not ${JSON.stringify(url)}`);
    ok = false;
  }
  if (typeof sha512 !== 'string' || !SHA512_BASE64.test(sha512)) {
    problems.push(`${where}.sha512 must be the file's SHA-512 in base64 (88 characters), as electron-builder writes it`);
    ok = false;
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size <= 0) {
    problems.push(`${where}.size must be the file's size in bytes (a positive whole number), not ${JSON.stringify(size)}`);
    ok = false;
  }
  return ok ? { name: url as string, sha512: sha512 as string, size: size as number } : null;
}

/** The release a channel file describes, or every problem with it in one ReleaseError. */
export function parseChannelFile(platform: UpdatePlatform, text: string): ChannelRelease {
  const { channelFile, installers } = UPDATE_PLATFORMS[platform];
  let raw: unknown;
  try {
    raw = parseUpdateInfo(text, channelFile, new URL(`file:///${channelFile}`));
  } catch (error) {
    throw new ReleaseError(`${channelFile} is not YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isRecord(raw)) throw new ReleaseError(`${channelFile} does not describe a release (version, files, path, sha512, releaseDate)`);
  const problems: string[] = [];
  const version = typeof raw.version === 'string' ? raw.version : String(raw.version ?? '');
  if (!SEMVER.test(version)) problems.push(`version must be a semantic version such as 1.2.0, not ${JSON.stringify(raw.version ?? null)}`);
  const releaseDate = releaseDateOf(raw.releaseDate);
  if (!releaseDate) problems.push(`releaseDate must be a date and time (ISO 8601), not ${JSON.stringify(raw.releaseDate ?? null)}`);
  const notes = raw.releaseNotes;
  if (notes !== undefined && notes !== null && typeof notes !== 'string') problems.push('releaseNotes must be text');

  const entries = Array.isArray(raw.files) ? raw.files : [];
  if (entries.length === 0) problems.push('files must list the installer (url, sha512, size)');
  const files = entries.map((entry, i) => fileOf(entry, i, problems)).filter((f): f is ReleaseFile => f !== null);
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) problems.push(`files lists ${f.name} twice`);
    names.add(f.name);
  }
  const main = files.find((f) => f.name === raw.path);
  // An entry whose url is path but whose sha512 or size is wrong was named above: path itself is fine.
  const listed = typeof raw.path === 'string' && entries.some((entry) => isRecord(entry) && entry.url === raw.path);
  if (!listed) problems.push(`path must name one of the files (${JSON.stringify(raw.path ?? null)} is not listed)`);
  else if (main) {
    if (raw.sha512 !== undefined && raw.sha512 !== main.sha512) problems.push(`sha512 differs from that of ${main.name} in files`);
    if (!installers.some((ext) => main.name.endsWith(ext))) problems.push(`path ${main.name} is not an installer for ${platform} (${installers.join(', ')})`);
  }
  if (problems.length > 0) throw new ReleaseError(`${channelFile}: ${problems.join('; ')}`);
  return {
    version,
    releaseDate: releaseDate!,
    releaseNotes: typeof notes === 'string' ? notes : null,
    files: [main!, ...files.filter((f) => f !== main)],
  };
}
