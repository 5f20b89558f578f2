/**
 * An electron-builder output folder as a test needs one: an "installer" of random bytes, its
 * blockmap, and the channel file electron-builder writes beside them (latest.yml for Windows,
 * latest-linux.yml for an AppImage), with the sha512 in base64 as electron-builder computes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface FakeRelease {
  dir: string;
  version: string;
  installer: string;
  bytes: Buffer;
  sha512: string;
  channelFile: string;
  channelText: string;
}

export const sha512Base64 = (bytes: Uint8Array): string => createHash('sha512').update(bytes).digest('base64');

export async function fakeRelease(
  options: { version?: string; platform?: 'win' | 'linux' | 'linux-arm64'; size?: number; notes?: string; edit?: (yml: string) => string } = {},
): Promise<FakeRelease> {
  const version = options.version ?? '1.2.0';
  const platform = options.platform ?? 'win';
  const dir = await mkdtemp(path.join(tmpdir(), 'xunjian-release-'));
  const installer = platform === 'win' ? `Xunjian-Setup-${version}.exe` : platform === 'linux' ? `Xunjian-${version}.AppImage` : `Xunjian-${version}-arm64.AppImage`;
  const bytes = randomBytes(options.size ?? 200_000);
  const sha512 = sha512Base64(bytes);
  await writeFile(path.join(dir, installer), bytes);
  await writeFile(path.join(dir, `${installer}.blockmap`), randomBytes(300));
  const channelFile = platform === 'win' ? 'latest.yml' : platform === 'linux' ? 'latest-linux.yml' : 'latest-linux-arm64.yml';
  const notes = options.notes ? `releaseNotes: ${JSON.stringify(options.notes)}\n` : '';
  const yml = [
    `version: ${version}`,
    'files:',
    `  - url: ${installer}`,
    `    sha512: ${sha512}`,
    `    size: ${bytes.length}`,
    `path: ${installer}`,
    `sha512: ${sha512}`,
    `releaseDate: '2025-03-01T08:00:00.000Z'`,
    '',
  ].join('\n') + notes;
  const channelText = options.edit ? options.edit(yml) : yml;
  await writeFile(path.join(dir, channelFile), channelText);
  return { dir, version, installer, bytes, sha512, channelFile, channelText };
}
