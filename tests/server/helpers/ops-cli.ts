/** `npm run server -- <command>` as an operator runs it: a separate process, its output and exit code. */
import { execFile } from 'node:child_process';
import path from 'node:path';

const CLI = path.resolve('src-server/cli.ts');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The database URL, if any, goes in the environment, as the usage advises. */
export function serverCli(args: string[], database?: string): Promise<CliRun> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'XUNJIAN_DATABASE'));
  if (database) env.XUNJIAN_DATABASE = database;
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Holds one connection to a test database between CLI runs: another run's global setup drops
 * every test database nobody is connected to (tests/helpers/postgres.ts). Returns how to let go.
 */
export async function holdDatabase(url: string | undefined): Promise<() => Promise<void>> {
  if (!url) return async () => undefined;
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  client.on('error', () => undefined);
  return () => client.end().catch(() => undefined);
}
