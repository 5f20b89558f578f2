/**
 * pg_dump and pg_restore, run with a database URL. The password is taken out of the URL and
 * handed over in PGPASSWORD: a command line is visible to every user of the machine (`ps`).
 */
import { spawn } from 'node:child_process';
import { OpsError } from './errors';

export function connectionFor(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { url: url.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

/** Runs a PostgreSQL client program; its stderr's last line becomes the error. */
export function runPgTool(program: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string): Promise<void> {
  const { url, env } = connectionFor(databaseUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...args, `--dbname=${url}`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new OpsError(error.code === 'ENOENT' ? `${program} is not installed (Debian: apt install postgresql-client)` : `${program}: ${error.message}`)),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new OpsError(`${program} failed (exit ${code}): ${errors.trim().split('\n').slice(-3).join(' ').replaceAll(url, '<database>')}`));
    });
  });
}
