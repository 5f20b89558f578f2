/**
 * Writing files so that a crash, a full disk or a power cut never leaves a half-written one: the
 * bytes go to a temporary file beside the target, are flushed to disk, and only then take the
 * target's name in one step.
 */
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file, e.g. 0o600 for secrets. */
  mode?: number;
  /**
   * Refuse (EEXIST) rather than replace an existing file. The final step is then a hard link,
   * which the OS performs only if the name is free, so two writers cannot both succeed.
   */
  exclusive?: boolean;
}

export async function writeFileAtomic(target: string, bytes: Uint8Array, { mode = 0o644, exclusive = false }: AtomicWriteOptions = {}): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (exclusive) {
      await linkOrRefuse(temp, target);
      await unlink(temp);
    } else {
      await rename(temp, target);
    }
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncDir(path.dirname(target));
}

async function linkOrRefuse(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // File systems without hard links (FAT on a USB stick): check, then rename. Not race-free,
    // but the data folder lives on the system disk where links work.
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    const exists = await open(target, 'r').then(
      (h) => h.close().then(() => true),
      () => false,
    );
    if (exists) throw Object.assign(new Error(`EEXIST: ${target}`), { code: 'EEXIST' });
    await rename(temp, target);
  }
}

/** So the new name itself survives a power cut (POSIX; Windows cannot open a folder for sync). */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => {});
  await handle.close();
}
