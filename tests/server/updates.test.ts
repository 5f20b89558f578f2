/**
 * Updates without the internet: `npm run server -- updates publish <folder>` makes an
 * electron-builder output folder the release devices get, and GET /api/v1/updates/<platform>/<file>
 * serves exactly its files to enrolled devices. A bad folder leaves the published release served.
 */
import { execFile } from 'node:child_process';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeDevice } from '../../src-server/admin/operations';
import { publishReleases } from '../../src-server/updates/releases';
import { fakeRelease, sha512Base64, type FakeRelease } from '../helpers/fake-release';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { cliEnv, startTestOffice, type TestOffice } from './helpers/office';

const CLI = path.resolve('src-server/cli.ts');
let office: TestOffice;
let device: TestDevice;
let release: FakeRelease;

function cli(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return promisify(execFile)(process.execPath, ['--import', 'tsx', CLI, ...args, '--data', office.dataDir], { env: cliEnv(office) }).then(
    ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
    (error: { stdout: string; stderr: string; code: number }) => ({ stdout: error.stdout, stderr: error.stderr, code: error.code }),
  );
}

const get = (file: string, token: string | null = device.token, headers: Record<string, string> = {}) =>
  fetch(`${office.url}/api/v1/updates/${file}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

async function bytesOf(response: Response): Promise<Buffer> {
  return Buffer.from(await response.arrayBuffer());
}

/** Publishes a folder in process (the function the CLI calls) and returns the refusal's message. */
async function refusal(folder: string): Promise<string> {
  try {
    await publishReleases(office.ctx, office.dataDir, folder, 'test');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('published a folder that should have been refused');
}

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'zhao-lei', ['yunan-peoples']);
  release = await fakeRelease({ version: '1.2.0', notes: '修复打印' });
}, 60_000);
afterAll(() => office.close(), 60_000);

describe('office updates', () => {
  it('serves nothing before a release is published', async () => {
    const response = await get('win/latest.yml');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('publishes a folder with the CLI, lists it, audits it, and serves its files whole to an enrolled device', async () => {
    const published = await cli(['updates', 'publish', release.dir]);
    expect(published.stderr).toBe('');
    expect(published.code).toBe(0);
    expect(published.stdout).toContain('win  1.2.0');
    const listed = await cli(['updates', 'list']);
    expect(listed.stdout).toContain(`${release.installer}  ${release.bytes.length} bytes  sha512 ${release.sha512}`);

    const yml = await get('win/latest.yml');
    expect(yml.status).toBe(200);
    expect(await yml.text()).toBe(release.channelText);

    const installer = await get(`win/${release.installer}`);
    expect(installer.status).toBe(200);
    expect(installer.headers.get('content-length')).toBe(String(release.bytes.length));
    expect(sha512Base64(await bytesOf(installer))).toBe(release.sha512);
    expect((await get(`win/${release.installer}.blockmap`)).status).toBe(200);

    const audit = await office.ctx.store.listAudit({ limit: 20 });
    expect(audit.find((a) => a.action === 'update.publish')).toMatchObject({ actor: 'cli', outcome: 'ok', target: 'win/1.2.0' });
    expect(audit.find((a) => a.action === 'update.download')).toMatchObject({ actor: `device:${device.id}`, target: `win/${release.installer}` });
  });

  it('answers a Range request with the whole file (differential download is off on devices)', async () => {
    const response = await get(`win/${release.installer}`, device.token, { range: 'bytes=0-99' });
    expect(response.status).toBe(200);
    expect(response.headers.get('accept-ranges')).toBe('none');
    expect((await bytesOf(response)).length).toBe(release.bytes.length);
  });

  it('refuses a folder whose files do not match its channel file, and keeps serving the published release', async () => {
    const wrongHash = await fakeRelease({ version: '1.3.0' });
    await writeFile(path.join(wrongHash.dir, wrongHash.installer), Buffer.alloc(wrongHash.bytes.length, 7));
    expect(await refusal(wrongHash.dir)).toMatch(/Xunjian-Setup-1\.3\.0\.exe: its SHA-512 is .* the channel file says/);

    const wrongSize = await fakeRelease({ version: '1.3.0' });
    await writeFile(path.join(wrongSize.dir, wrongSize.installer), wrongSize.bytes.subarray(1));
    expect(await refusal(wrongSize.dir)).toContain(`is ${wrongSize.bytes.length - 1} bytes, the channel file says ${wrongSize.bytes.length}`);

    const missing = await fakeRelease({ version: '1.3.0' });
    await rm(path.join(missing.dir, missing.installer));
    expect(await refusal(missing.dir)).toContain('is listed in the channel file but is not in');

    const badYml = await fakeRelease({ version: '1.3.0', edit: (yml) => yml.replace('version: 1.3.0', 'version: one').replace(/sha512: .*\n {4}size/, 'sha512: abc\n    size').replace(/releaseDate: .*/, 'releaseDate: soon') });
    const message = await refusal(badYml.dir);
    expect(message).toContain('version must be a semantic version');
    expect(message).toContain('files[0].sha512 must be the file\'s SHA-512 in base64');
    expect(message).toContain('releaseDate must be a date and time');

    // A malformed sha512 is the only problem named: path still names files[0]'s url.
    const badSha = await fakeRelease({ version: '1.3.0', edit: (yml) => yml.replace(/sha512: .*\n {4}size/, 'sha512: abc\n    size') });
    const shaMessage = await refusal(badSha.dir);
    expect(shaMessage).toBe('latest.yml: files[0].sha512 must be the file\'s SHA-512 in base64 (88 characters), as electron-builder writes it');

    const escape = await fakeRelease({ version: '1.3.0', edit: (yml) => yml.replaceAll('Xunjian-Setup-1.3.0.exe', '../office.sqlite') });
    expect(await refusal(escape.dir)).toContain('files[0].url must be a plain file name');
    expect(await refusal(path.join(release.dir, 'nothing-here'))).toContain('is not a folder');
    const empty = await fakeRelease({ version: '1.3.0' });
    await rm(path.join(empty.dir, empty.channelFile));
    expect(await refusal(empty.dir)).toContain('no latest.yml (Windows), latest-linux.yml (Linux x64) or latest-linux-arm64.yml (Linux arm64)');

    // The CLI names the problem and fails.
    const viaCli = await cli(['updates', 'publish', wrongHash.dir]);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain('the channel file says');

    // Still 1.2.0, whole; no staging folder left behind; the refusals are audited.
    expect(await (await get('win/latest.yml')).text()).toBe(release.channelText);
    expect((await get('win/Xunjian-Setup-1.3.0.exe')).status).toBe(404);
    expect((await readdir(path.join(office.dataDir, 'updates', 'win'))).filter((n) => n.startsWith('.'))).toEqual([]);
    const refused = (await office.ctx.store.listAudit({ limit: 50 })).filter((a) => a.action === 'update.publish' && a.outcome === 'refused');
    expect(refused.length).toBeGreaterThanOrEqual(6);
  });

  it('needs a valid device token and refuses a revoked device', async () => {
    expect((await get('win/latest.yml', null)).status).toBe(401);
    expect((await get('win/latest.yml', 'x'.repeat(40))).status).toBe(401);
    const other = await enrolledDevice(office, 'sun-li', ['yunan-peoples']);
    expect((await get('win/latest.yml', other.token)).status).toBe(200);
    await revokeDevice(office.ctx, other.id, 'test');
    const revoked = await get(`win/${release.installer}`, other.token);
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('serves only the names the release lists: no traversal, no listing, no other platform', async () => {
    for (const file of ['win/..%2F..%2Foffice.sqlite', 'win/current.json', 'win/.staging-x', 'win/', 'win', 'linux/latest-linux.yml', 'mac/latest-mac.yml', 'win/latest-linux.yml']) {
      const response = await get(file);
      expect(response.status, file).toBe(404);
    }
    // The platform folder is reachable only by exact names: "../win/latest.yml" is not one.
    expect((await get('linux/..%2Fwin%2Flatest.yml')).status).toBe(404);
  });

  it('publishes a Linux AppImage release beside the Windows one; a newer Windows release replaces the older, whose files stay served until the next publish', async () => {
    const linux = await fakeRelease({ version: '1.2.0', platform: 'linux' });
    const next = await fakeRelease({ version: '1.2.1' });
    await publishReleases(office.ctx, office.dataDir, linux.dir, 'test');
    await publishReleases(office.ctx, office.dataDir, next.dir, 'test');
    expect(await (await get('linux/latest-linux.yml')).text()).toBe(linux.channelText);
    expect(await (await get('win/latest.yml')).text()).toBe(next.channelText);
    expect(sha512Base64(await bytesOf(await get(`linux/${linux.installer}`)))).toBe(linux.sha512);
    // arm64 Linux PCs ask for latest-linux-arm64.yml under their own feed; x64's files are not theirs.
    const arm = await fakeRelease({ version: '1.2.0', platform: 'linux-arm64' });
    await publishReleases(office.ctx, office.dataDir, arm.dir, 'test');
    expect(await (await get('linux-arm64/latest-linux-arm64.yml')).text()).toBe(arm.channelText);
    expect(sha512Base64(await bytesOf(await get(`linux-arm64/${arm.installer}`)))).toBe(arm.sha512);
    expect((await get(`linux-arm64/${linux.installer}`)).status).toBe(404);
    expect(await (await get('linux/latest-linux.yml')).text()).toBe(linux.channelText);
    // A device that started downloading 1.2.0 before the switch still finishes it.
    const previous = await get(`win/${release.installer}`);
    expect(previous.status).toBe(200);
    expect(sha512Base64(await bytesOf(previous))).toBe(release.sha512);
    expect((await get(`win/${release.installer}.blockmap`)).status).toBe(200);
    const audit = await office.ctx.store.listAudit({ limit: 5 });
    expect(audit.find((a) => a.action === 'update.download')).toMatchObject({ target: `win/${release.installer}`, details: { version: '1.2.0' } });

    // One more publish: 1.2.1 becomes the previous release, 1.2.0 is gone.
    const third = await fakeRelease({ version: '1.2.2' });
    await publishReleases(office.ctx, office.dataDir, third.dir, 'test');
    expect((await get(`win/${release.installer}`)).status).toBe(404);
    expect(sha512Base64(await bytesOf(await get(`win/${next.installer}`)))).toBe(next.sha512);
    expect(await (await get('win/latest.yml')).text()).toBe(third.channelText);
    const listed = await cli(['updates', 'list']);
    expect(listed.stdout).toContain('win  1.2.2');
    expect(listed.stdout).toContain('the files of the previous release are still served: 1.2.1');
  });

  it('refuses an older or the same version unless --allow-older, and keeps serving the newer release', async () => {
    const current = (await (await get('win/latest.yml')).text()).match(/^version: (.*)$/m)![1];
    expect(current).toBe('1.2.2');
    for (const version of ['1.2.1', '1.2.2', '1.2.2+rebuild', '1.2.2-rc.1', '0.9.0']) {
      const older = await fakeRelease({ version });
      expect(await refusal(older.dir), version).toContain(`win: ${version} is not newer than the published 1.2.2`);
    }
    const older = await fakeRelease({ version: '1.2.1' });
    const viaCli = await cli(['updates', 'publish', older.dir]);
    expect(viaCli.code).toBe(1);
    expect(viaCli.stderr).toContain('--allow-older');
    expect(await (await get('win/latest.yml')).text()).toMatch(/^version: 1\.2\.2$/m);

    // Rolling back on purpose: the older release becomes current, the newer one stays served for downloads under way.
    const allowed = await cli(['updates', 'publish', older.dir, '--allow-older']);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
    expect(await (await get('win/latest.yml')).text()).toBe(older.channelText);
    expect((await get('win/Xunjian-Setup-1.2.2.exe')).status).toBe(200);
    const refused = (await office.ctx.store.listAudit({ limit: 20 })).find((a) => a.action === 'update.publish' && a.outcome === 'refused');
    expect(refused?.details).toMatchObject({ problem: expect.stringContaining('is not newer than') });
  });
});
