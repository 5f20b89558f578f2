/** `npm run server -- updates <command>`: the app releases the office hosts for devices. */
import path from 'node:path';
import type { OfficeContext } from '../context';
import { ReleaseError } from '../updates/channel-file';
import { listReleases, publishReleases, type PublishedRelease, type PublishOptions } from '../updates/releases';

export const UPDATES_USAGE = `updates commands (add --data <dir>):
  updates publish <folder> [--allow-older]
                             publish electron-builder's output folder (latest.yml, latest-linux.yml and the files they name);
                             a version not newer than the published one is refused unless --allow-older (a deliberate roll-back;
                             devices already on the newer version keep it, they never install an older one)
  updates list               what devices are offered now`;

const describe = (r: PublishedRelease): string =>
  [
    `${r.platform}  ${r.version}  (released ${r.releaseDate}, published ${r.publishedAt})`,
    ...r.files.map((f) => `  ${f.name}  ${f.size} bytes  sha512 ${f.sha512}`),
    ...(r.previous ? [`  for downloads under way, the files of the previous release are still served: ${r.previous.version}`] : []),
  ].join('\n');

export async function runUpdates(ctx: OfficeContext, dataDir: string, args: string[], flags: PublishOptions = {}): Promise<void> {
  const [command, folder] = args;
  if (command === 'publish') {
    if (!folder) throw new ReleaseError(`updates publish needs a folder\n${UPDATES_USAGE}`);
    const published = await publishReleases(ctx, dataDir, path.resolve(folder), 'cli', flags);
    console.log(`published:\n${published.map(describe).join('\n')}`);
    return;
  }
  if (command === 'list') {
    const releases = await listReleases(dataDir);
    console.log(releases.length ? releases.map(describe).join('\n') : 'no release is published');
    return;
  }
  throw new ReleaseError(`unknown updates command "${args.join(' ')}"\n${UPDATES_USAGE}`);
}
