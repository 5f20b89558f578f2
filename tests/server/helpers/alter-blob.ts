/**
 * One byte of a stored blob changed where the office keeps it (its blob folder, or the database's
 * chunks): damage, or tampering, after the blob was accepted. The store must notice on read.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestOffice } from './office';

export async function alterStoredBlob(office: Pick<TestOffice, 'dataDir' | 'database'>, sha256: string, at = 200): Promise<void> {
  if (office.database) {
    const client = new pg.Client({ connectionString: office.database });
    await client.connect();
    try {
      const changed = await client.query('UPDATE blob_chunks SET data = set_byte(data, $2, (get_byte(data, $2) + 1) % 256) WHERE sha256 = $1 AND idx = 0', [sha256, at]);
      if (changed.rowCount !== 1) throw new Error(`blob ${sha256} has no first chunk to alter`);
    } finally {
      await client.end();
    }
    return;
  }
  const file = path.join(office.dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const bytes = await readFile(file);
  bytes[at] = bytes[at]! ^ 0x01;
  await writeFile(file, bytes);
}
