/**
 * Starts a real office service on 127.0.0.1, port 0, with a fresh data folder seeded from
 * assets/catalog, and offers the admin steps a test needs (the same functions the CLI calls).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAdminUser, createEngineer, createEnrollmentCode } from '../../../src-server/admin/operations';
import type { ServerOptions } from '../../../src-server/config';
import { startOffice, type RunningOffice } from '../../../src-server/start';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../../helpers/postgres';

export interface TestOffice extends RunningOffice {
  dataDir: string;
  /** The PostgreSQL URL when the suite runs on PostgreSQL (XUNJIAN_TEST_STORE=postgres). */
  database?: string;
  addEngineer(id: string, hospitalIds: string[], name?: string): Promise<void>;
  enrollmentCode(engineerId: string): Promise<string>;
  addConsoleUser(username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * On PostgreSQL, one database per data folder: a test that stops an office and starts it again on
 * the same folder finds its records, as it would in the folder's SQLite file.
 */
const databases = new Map<string, TestDatabase>();

async function databaseFor(dataDir: string): Promise<TestDatabase> {
  const known = databases.get(dataDir);
  if (known) return known;
  const made = await createTestDatabase();
  databases.set(dataDir, made);
  return made;
}

export async function startTestOffice(options: Partial<ServerOptions> = {}): Promise<TestOffice> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'xunjian-office-')));
  const database = options.database ?? (testsUsePostgres() ? (await databaseFor(dataDir)).url : undefined);
  const running = await startOffice({ logLevel: false, ...options, ...(database ? { database } : {}), dataDir, port: 0, host: '127.0.0.1' });
  const { ctx } = running;
  return {
    ...running,
    dataDir,
    ...(database ? { database } : {}),
    async addEngineer(id, hospitalIds, name = `工程师 ${id}`) {
      await createEngineer(ctx, { id, name, hospitalIds }, 'test');
    },
    async enrollmentCode(engineerId) {
      return (await createEnrollmentCode(ctx, engineerId, 7, 'test')).code;
    },
    async addConsoleUser(username, password) {
      await createAdminUser(ctx, username, password, 'test');
    },
    async close() {
      await running.app.close();
      if (!options.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
        await databases.get(dataDir)?.drop();
        databases.delete(dataDir);
      }
    },
  };
}

/** The environment for a CLI run on this office's store: its PostgreSQL database, when it has one. */
export function cliEnv(office: Pick<TestOffice, 'database'>): NodeJS.ProcessEnv {
  return { ...process.env, ...(office.database ? { XUNJIAN_DATABASE: office.database } : {}) };
}
