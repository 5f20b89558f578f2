/**
 * The office as an integrator runs it: `npm run server`'s entry point as a child process, set up
 * with its documented admin commands (an engineer, a one-time code). Nothing of the product is
 * imported; the only things known are the command lines of the README and the printed code.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';

import { createTestDatabase, testsUsePostgres } from '../helpers/postgres';

const run = promisify(execFile);
// `npm run server` is `tsx src-server/cli.ts`; Node with tsx as a loader, so the process that listens is ours to stop.
const CLI = ['--import', 'tsx', path.resolve('src-server/cli.ts')];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface Office {
  url: string;
  /** `npm run server -- admin <args>` on the office's data folder; its standard output. */
  admin(...args: string[]): Promise<string>;
  /** A one-time enrollment code for the engineer, read from what `admin code` prints. */
  enrollmentCode(engineerId: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startOffice(): Promise<Office> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-conformance-'));
  // The suite on PostgreSQL (server-pg): the office process and its CLI use a fresh database.
  const database = testsUsePostgres() ? await createTestDatabase() : undefined;
  const env = { ...process.env, ...(database ? { XUNJIAN_DATABASE: database.url } : {}) };
  const port = await freePort();
  const admin = async (...args: string[]): Promise<string> => (await run(process.execPath, [...CLI, 'admin', ...args, '--data', dataDir], { env })).stdout;
  const child: ChildProcess = spawn(process.execPath, [...CLI, '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the office did not start within 30 s')), 30_000);
    let errors = '';
    child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('Xunjian office service:')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the office exited with ${code}: ${errors}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    admin,
    async enrollmentCode(engineerId) {
      const printed = await admin('code', engineerId);
      const code = /enrollment code for \S+: (\S+)/.exec(printed)?.[1];
      if (!code) throw new Error(`admin code printed no code:\n${printed}`);
      return code;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
      await database?.drop();
    },
  };
}
