/**
 * The disk blob store checks a blob against its name when it is read, as on write (issue 15: "the
 * hash check on write and read stay"): a file changed on disk is never served as the stored blob.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { openDiskBlobStore } from '../../src-server/storage/disk-blobs';
import { BlobCorrupt, type BlobStore } from '../../src-server/storage/port';

let root: string;
let blobs: BlobStore;
const bytes = Buffer.from('一张签过字的巡检单'.repeat(5000));
const sha = createHash('sha256').update(bytes).digest('hex');
const fileOf = (): string => path.join(root, sha.slice(0, 2), sha.slice(2, 4), sha);

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'xunjian-disk-blobs-'));
  blobs = await openDiskBlobStore(root);
  await blobs.put(sha, Readable.from([bytes]), 1024 * 1024);
});
afterEach(() => rm(root, { recursive: true, force: true }));

test('reads and streams a stored blob whole', async () => {
  expect((await blobs.read(sha)).equals(bytes)).toBe(true);
  expect((await collect(blobs.stream(sha))).equals(bytes)).toBe(true);
});

test('refuses a blob changed on disk, on read and at the end of a stream', async () => {
  const altered = Buffer.from(bytes);
  altered[100] = altered[100]! ^ 1;
  await writeFile(fileOf(), altered);
  await expect(blobs.read(sha)).rejects.toBeInstanceOf(BlobCorrupt);
  await expect(collect(blobs.stream(sha))).rejects.toBeInstanceOf(BlobCorrupt);
});

test('a missing blob fails its stream as a missing file does', async () => {
  await rm(fileOf());
  await expect(collect(blobs.stream(sha))).rejects.toMatchObject({ code: 'ENOENT' });
});
