/**
 * Keeps the app releases the office hosts for devices: <data>/updates/<platform>/releases/<id>/
 * holds one release's channel file, installer and blockmap, and <platform>/current.json names the
 * release devices get. Written by `updates publish`, read by GET /api/v1/updates/… .
 *
 * Publishing is stage then switch: every file is copied into a staging folder and checked there
 * (size and sha512 against the channel file), the folder is renamed into releases/, and only then
 * current.json is replaced in one rename. A bad folder, a crash or a full disk leaves the release
 * devices get untouched. The previous release is kept and its files are still served by name until
 * the next publish: a device that fetched the old channel file just before the switch finishes its
 * download. A release that is not newer than the current one is refused unless asked for (a roll-back).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { OfficeContext } from '../context';
import { parseChannelFile, ReleaseError, UPDATE_PLATFORMS, type ChannelRelease, type ReleaseFile, type UpdatePlatform } from './channel-file';
import { compareVersions } from './version-order';

export interface PublishedRelease {
  platform: UpdatePlatform;
  version: string;
  releaseDate: string;
  releaseNotes: string | null;
  publishedAt: string;
  /** Folder under releases/. */
  folder: string;
  channelFile: string;
  /** Every file devices may fetch: the channel file, the installer(s) and their blockmaps. */
  files: ReleaseFile[];
  /**
   * The release this one replaced, whose files (not its channel file) are still served until the
   * next publish. Absent in a current.json written before it was recorded.
   */
  previous?: PreviousRelease | null;
}

export interface PreviousRelease {
  version: string;
  folder: string;
  files: ReleaseFile[];
}

export interface PublishOptions {
  /** Publish even when the version is not newer than the current one (rolling back a bad release). */
  allowOlder?: boolean;
}

const updatesDir = (dataDir: string, platform: UpdatePlatform): string => path.join(dataDir, 'updates', platform);

async function sha512Base64(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('base64');
}

async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch {
    // Windows cannot fsync a folder; the rename below is still atomic there.
  } finally {
    await handle.close();
  }
}

async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(value, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, target);
  await fsyncPath(path.dirname(target));
}

/** The release devices of this platform get, or null when none was published. */
export async function currentRelease(dataDir: string, platform: UpdatePlatform): Promise<PublishedRelease | null> {
  try {
    return JSON.parse(await readFile(path.join(updatesDir(dataDir, platform), 'current.json'), 'utf8')) as PublishedRelease;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Where a published file is on disk and which version it belongs to, or null when neither the
 * current release nor the previous one lists that exact name (the current one wins a shared name).
 */
export function publishedFile(dataDir: string, release: PublishedRelease, name: string): (ReleaseFile & { file: string; version: string }) | null {
  for (const from of [release, release.previous]) {
    const entry = from?.files.find((f) => f.name === name);
    if (from && entry) return { ...entry, version: from.version, file: path.join(updatesDir(dataDir, release.platform), 'releases', from.folder, entry.name) };
  }
  return null;
}

/** Copies one file into the staging folder and checks it there, so what is served is what was checked. */
async function stageFile(source: string, staging: string, expected: { name: string; size?: number; sha512?: string }): Promise<ReleaseFile> {
  const from = path.join(source, expected.name);
  const info = await stat(from).catch(() => null);
  if (!info?.isFile()) throw new ReleaseError(`${expected.name} is listed in the channel file but is not in ${source}`);
  const to = path.join(staging, expected.name);
  await copyFile(from, to);
  const size = (await stat(to)).size;
  if (expected.size !== undefined && size !== expected.size) throw new ReleaseError(`${expected.name} is ${size} bytes, the channel file says ${expected.size}`);
  const sha512 = await sha512Base64(to);
  if (expected.sha512 !== undefined && sha512 !== expected.sha512) {
    throw new ReleaseError(`${expected.name}: its SHA-512 is ${sha512}, the channel file says ${expected.sha512} (a damaged copy, or a channel file of another build)`);
  }
  await fsyncPath(to);
  return { name: expected.name, size, sha512 };
}

/** Which platforms an electron-builder output folder holds a channel file for. */
export async function platformsIn(source: string): Promise<UpdatePlatform[]> {
  const names = new Set(await readdir(source).catch(() => [] as string[]));
  return (Object.keys(UPDATE_PLATFORMS) as UpdatePlatform[]).filter((p) => names.has(UPDATE_PLATFORMS[p].channelFile));
}

interface StagedRelease {
  platform: UpdatePlatform;
  release: ChannelRelease;
  folder: string;
  files: ReleaseFile[];
}

/** Copies and checks one platform's release into releases/<folder>, not yet what devices get. */
async function stagePlatform(dataDir: string, source: string, platform: UpdatePlatform, options: PublishOptions): Promise<StagedRelease> {
  const { channelFile } = UPDATE_PLATFORMS[platform];
  const text = await readFile(path.join(source, channelFile), 'utf8');
  const release = parseChannelFile(platform, text);
  const current = await currentRelease(dataDir, platform);
  // Devices never install an older version (allowDowngrade off), so an older release only takes
  // the current one away from devices that have not updated yet: most likely the wrong folder.
  if (current && !options.allowOlder && compareVersions(release.version, current.version) <= 0) {
    throw new ReleaseError(
      `${platform}: ${release.version} is not newer than the published ${current.version} (raise the version in package.json and build again; to roll back to it on purpose, add --allow-older)`,
    );
  }
  const root = updatesDir(dataDir, platform);
  await mkdir(path.join(root, 'releases'), { recursive: true, mode: 0o700 });
  const folder = `${release.version}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const staging = path.join(root, `.staging-${folder}`);
  await mkdir(staging, { mode: 0o700 });
  try {
    // The channel file as it was checked: the bytes devices parse are those the office parsed.
    const files: ReleaseFile[] = [await stageFile(source, staging, { name: channelFile })];
    if ((await readFile(path.join(staging, channelFile), 'utf8')) !== text) throw new ReleaseError(`${channelFile} changed while it was being published`);
    for (const f of release.files) {
      files.push(await stageFile(source, staging, f));
      // electron-builder writes <installer>.blockmap beside it (differential downloads); optional.
      const blockmap = `${f.name}.blockmap`;
      if (await stat(path.join(source, blockmap)).then((s) => s.isFile(), () => false)) files.push(await stageFile(source, staging, { name: blockmap }));
    }
    await fsyncPath(staging);
    await rename(staging, path.join(root, 'releases', folder));
    return { platform, release, folder, files };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Makes a staged release the one devices get: one rename of current.json. */
async function switchTo(ctx: OfficeContext, dataDir: string, staged: StagedRelease): Promise<PublishedRelease> {
  const root = updatesDir(dataDir, staged.platform);
  const previous = await currentRelease(dataDir, staged.platform);
  const published: PublishedRelease = {
    platform: staged.platform,
    ...staged.release,
    publishedAt: ctx.now().toISOString(),
    folder: staged.folder,
    channelFile: UPDATE_PLATFORMS[staged.platform].channelFile,
    files: staged.files,
    previous: previous ? { version: previous.version, folder: previous.folder, files: previous.files.filter((f) => f.name !== previous.channelFile) } : null,
  };
  await writeJsonAtomic(path.join(root, 'current.json'), published);
  await pruneReleases(root, [staged.folder, previous?.folder]);
  return published;
}

/** Keeps the current and the previous release; staging folders of a crashed publish go too. */
async function pruneReleases(root: string, keep: (string | undefined)[]): Promise<void> {
  for (const name of await readdir(path.join(root, 'releases'))) {
    if (!keep.includes(name)) await rm(path.join(root, 'releases', name), { recursive: true, force: true }).catch(() => undefined);
  }
  for (const name of await readdir(root)) {
    if (name.startsWith('.staging-')) await rm(path.join(root, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Publishes every channel file found in an electron-builder output folder (latest.yml,
 * latest-linux.yml). Every platform is staged and checked before any is switched, so a folder is
 * published entirely or not at all. Audited either way.
 */
export async function publishReleases(ctx: OfficeContext, dataDir: string, source: string, actor: string, options: PublishOptions = {}): Promise<PublishedRelease[]> {
  const target = path.resolve(source);
  const refuse = async (error: unknown): Promise<never> => {
    await ctx.store.audit({ actor, action: 'update.publish', outcome: 'refused', target, details: { problem: (error as Error).message } });
    throw error;
  };
  if (!(await stat(target).then((s) => s.isDirectory(), () => false))) return refuse(new ReleaseError(`${target} is not a folder`));
  const platforms = await platformsIn(target);
  if (platforms.length === 0) {
    return refuse(new ReleaseError(`no latest.yml (Windows), latest-linux.yml (Linux x64) or latest-linux-arm64.yml (Linux arm64) in ${target}: name electron-builder's output folder (release/)`));
  }
  const staged: StagedRelease[] = [];
  try {
    for (const platform of platforms) staged.push(await stagePlatform(dataDir, target, platform, options));
  } catch (error) {
    for (const s of staged) await rm(path.join(updatesDir(dataDir, s.platform), 'releases', s.folder), { recursive: true, force: true });
    return refuse(error);
  }
  const published: PublishedRelease[] = [];
  for (const s of staged) {
    const release = await switchTo(ctx, dataDir, s);
    published.push(release);
    await ctx.store.audit({
      actor,
      action: 'update.publish',
      outcome: 'ok',
      target: `${release.platform}/${release.version}`,
      details: { source: target, ...(options.allowOlder ? { allowOlder: true } : {}), releaseDate: release.releaseDate, files: release.files.map((f) => ({ name: f.name, size: f.size, sha512: f.sha512 })) },
    });
  }
  return published;
}

/** What devices get now, per platform (`updates list`). */
export async function listReleases(dataDir: string): Promise<PublishedRelease[]> {
  const found: PublishedRelease[] = [];
  for (const platform of Object.keys(UPDATE_PLATFORMS) as UpdatePlatform[]) {
    const release = await currentRelease(dataDir, platform);
    if (release) found.push(release);
  }
  return found;
}
