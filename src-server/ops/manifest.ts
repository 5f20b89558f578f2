/**
 * A backup's manifest (manifest.json beside the files): what store it is of, at which schema,
 * how many reports and blobs, and each file's size and SHA-256, so a restore can refuse a copy
 * that was damaged (a bad disk, a copy cut short) before it touches anything. It detects damage,
 * not tampering: whoever can change a file of the backup can rewrite manifest.json to match, so a
 * backup is kept where only the office's operators can write (it holds the private keys anyway).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { StoreKind } from '../storage/open-store';
import { OpsError } from './errors';

export const MANIFEST_FILE = 'manifest.json';
export const BACKUP_FORMAT = 'xunjian.backup.v1';

export interface ManifestFile {
  /** Relative to the backup folder, with forward slashes. */
  path: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  store: StoreKind;
  schemaVersion: number;
  officeId: string | null;
  createdAt: string;
  counts: { reports: number; blobs: number };
  files: ManifestFile[];
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Every regular file under `dir`, relative, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

export async function describeFiles(root: string, relative: string[]): Promise<ManifestFile[]> {
  const described: ManifestFile[] = [];
  for (const rel of relative) {
    const file = path.join(root, rel);
    described.push({ path: rel, size: (await stat(file)).size, sha256: await sha256File(file) });
  }
  return described;
}

export async function writeManifest(root: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

/** A manifest path that stays inside the backup and the data folder: no absolute path, no `..`. */
const SAFE_PATH = /^(office\.sqlite|database\.dump|(blobs|keys|updates)\/[A-Za-z0-9._/-]+)$/;

/**
 * Reads the manifest and checks every file it lists against its size and SHA-256; throws naming
 * the first file that differs. Nothing is written.
 */
export async function checkBackup(root: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(root, MANIFEST_FILE), 'utf8')) as BackupManifest;
  } catch {
    throw new OpsError(`${root} has no readable ${MANIFEST_FILE}: not a complete backup`);
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files) || (manifest.store !== 'sqlite' && manifest.store !== 'postgres')) {
    throw new OpsError(`${path.join(root, MANIFEST_FILE)} is not a Xunjian backup manifest (${BACKUP_FORMAT})`);
  }
  for (const file of manifest.files) {
    if (!SAFE_PATH.test(file.path) || file.path.split('/').includes('..')) throw new OpsError(`the manifest lists a file outside the backup: ${JSON.stringify(file.path)}`);
    const full = path.join(root, file.path);
    const size = await stat(full).then((s) => s.size, () => undefined);
    if (size === undefined) throw new OpsError(`the backup is damaged: ${file.path} is missing`);
    if (size !== file.size || (await sha256File(full)) !== file.sha256) {
      throw new OpsError(`the backup is damaged: ${file.path} does not match its SHA-256 in the manifest; nothing was restored`);
    }
  }
  const main = manifest.store === 'sqlite' ? 'office.sqlite' : 'database.dump';
  if (!manifest.files.some((f) => f.path === main)) throw new OpsError(`the manifest does not list ${main}`);
  return manifest;
}
