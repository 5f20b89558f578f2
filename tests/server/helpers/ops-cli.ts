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
