/**
 * An operator's command opens the store while the service takes an upload (newcomer trial of
 * verify-store): opening it used to empty the upload temp folder (`blobs/tmp`, or PostgreSQL's
 * spool), and the upload under way then failed with a 500. Now only files an hour silent go.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { prepareTempFolder, STALE_UPLOAD_MS } from '../../src-server/storage/temp-sweep';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { serverCli } from './helpers/ops-cli';
import { sha256 } from './helpers/report';

let office: TestOffice;
let device: TestDevice;

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'wang-fang', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close(), 60_000);

/** Where the service keeps an upload while it arrives. */
const tempFolder = (): string => (office.database ? path.join(office.dataDir, 'tmp-blobs') : path.join(office.dataDir, 'blobs', 'tmp'));

it('an upload under way when verify-store opens the same office still completes', async () => {
  // Three chunks' worth, so PostgreSQL spools it to a file as the disk store does.
  const bytes = randomBytes(3 * 1024 * 1024);
  const sha = sha256(bytes);
  let answer!: (status: number) => void;
  const status = new Promise<number>((resolve) => (answer = resolve));
  const upload = request(new URL(`${office.url}${paths.blob(sha)}`), {
    method: 'PUT',
    headers: { authorization: `Bearer ${device.token}`, 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) },
  });
  upload.on('response', (res) => {
    res.resume();
    answer(res.statusCode ?? 0);
  });
  upload.write(bytes.subarray(0, 2 * 1024 * 1024));
  // The service has the upload's temp file when the operator runs the command.
  for (let i = 0; i < 100 && (await readdir(tempFolder())).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await readdir(tempFolder())).toHaveLength(1);

  const verified = await serverCli(['verify-store', '--data', office.dataDir], office.database);
  expect(verified.code).toBe(0);
  expect(await readdir(tempFolder())).toHaveLength(1);

  upload.end(bytes.subarray(2 * 1024 * 1024));
  expect(await status).toBe(201);
  expect((await office.ctx.blobs.read(sha)).equals(bytes)).toBe(true);
}, 60_000);

it('opening a store removes temp files silent for an hour, and keeps the rest', async () => {
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'xunjian-sweep-')), 'tmp');
  try {
    await prepareTempFolder(dir, 0o700);
    const now = Date.now();
    await writeFile(path.join(dir, 'cut-by-a-crash'), 'x');
    await writeFile(path.join(dir, 'arriving'), 'x');
    const old = new Date(now - STALE_UPLOAD_MS - 60_000);
    await utimes(path.join(dir, 'cut-by-a-crash'), old, old);
    await prepareTempFolder(dir, 0o700, now);
    expect(await readdir(dir)).toEqual(['arriving']);
  } finally {
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
});
