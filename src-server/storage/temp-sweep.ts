/**
 * The temp folder of uploads in progress (the disk store's `blobs/tmp`, PostgreSQL's spool), made
 * ready when a store opens. Every command opens the store, the service and an operator's
 * `verify-store` or `admin code` alike, and a service may be taking an upload right then: only
 * files nothing has written to for an hour are an upload a crash cut off. Emptying the folder
 * whole removed a live upload's file under it, and that upload failed with a 500.
 */
import { chmod, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** An upload writes as its bytes arrive; one silent this long has no sender left. */
export const STALE_UPLOAD_MS = 60 * 60 * 1000;

export async function prepareTempFolder(dir: string, mode: number, now = Date.now()): Promise<void> {
  await mkdir(dir, { recursive: true, mode });
  // mkdir's mode applies only to a folder it creates: one made by an older version is closed here.
  await chmod(dir, mode);
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    // Gone meanwhile (its upload finished): nothing to do.
    if (info && now - info.mtimeMs > STALE_UPLOAD_MS) await rm(file, { recursive: true, force: true });
  }
}
