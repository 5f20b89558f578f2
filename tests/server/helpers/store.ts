/**
 * A bare store for tests that drive the storage port directly: SQLite in a temporary folder, or
 * a fresh PostgreSQL database when the suite runs on PostgreSQL (XUNJIAN_TEST_STORE=postgres).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStores, type OpenedStores } from '../../../src-server/storage/open-store';
import { createTestDatabase, testsUsePostgres } from '../../helpers/postgres';

export interface TestStore extends OpenedStores {
  dataDir: string;
  /** Closes the store and removes its folder and database. */
  close(): Promise<void>;
}

export async function openTestStore(now: () => Date = () => new Date()): Promise<TestStore> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-store-'));
  const database = testsUsePostgres() ? await createTestDatabase() : undefined;
  const opened = await openStores({ dataDir, database: database?.url, now });
  return {
    ...opened,
    dataDir,
    async close() {
      await opened.store.close();
      await database?.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
