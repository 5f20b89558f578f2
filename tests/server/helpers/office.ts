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

export interface TestOffice extends RunningOffice {
  dataDir: string;
  addEngineer(id: string, hospitalIds: string[], name?: string): Promise<void>;
  enrollmentCode(engineerId: string): Promise<string>;
  addConsoleUser(username: string, password: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTestOffice(options: Partial<ServerOptions> = {}): Promise<TestOffice> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'xunjian-office-')));
  const running = await startOffice({ logLevel: false, ...options, dataDir, port: 0, host: '127.0.0.1' });
  const { ctx } = running;
  return {
    ...running,
    dataDir,
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
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
