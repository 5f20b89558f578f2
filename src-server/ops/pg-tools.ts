/**
 * pg_dump and pg_restore, run with a database URL. A command line is visible to every user of the
 * machine (`ps`), so the one given to them holds no secret: the password, from the URL's user part
 * or its `?password=`, goes in PGPASSWORD, a `?passfile=` in PGPASSFILE.
 */
import { spawn } from 'node:child_process';
import { OpsError } from './errors';

export interface PgToolCommand {
  argv: string[];
  env: NodeJS.ProcessEnv;
}

/** The URL without any secret, and the environment that carries it instead. */
export function connectionFor(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.PGPASSWORD;
  let password = url.password ? decodeURIComponent(url.password) : undefined;
  url.password = '';
  for (const name of [...new Set(url.searchParams.keys())]) {
    const value = url.searchParams.get(name) ?? '';
    switch (name.toLowerCase()) {
      case 'password':
        password ??= value;
        url.searchParams.delete(name);
        break;
      case 'passfile':
        env.PGPASSFILE = value;
        url.searchParams.delete(name);
        break;
      case 'sslpassword':
        // libpq reads it from nowhere but the connection string, which pg_dump's argv would show.
        throw new OpsError('pg_dump and pg_restore cannot be given sslpassword without showing it to every user of this machine: use a client key without a passphrase for these commands');
    }
  }
  if (password !== undefined) env.PGPASSWORD = password;
  return { url: url.toString(), env };
}

/** What is spawned: the program's arguments (no secret among them) and its environment. */
export function pgToolCommand(args: string[], databaseUrl: string): PgToolCommand & { url: string } {
  const { url, env } = connectionFor(databaseUrl);
  return { argv: [...args, `--dbname=${url}`], env, url };
}

/**
 * Runs a PostgreSQL client program; its stderr's last lines become the error. `stdout` is a file
 * descriptor the caller opened (with the mode it wants), or ignored.
 */
export function runPgTool(program: 'pg_dump' | 'pg_restore', args: string[], databaseUrl: string, stdout: number | 'ignore' = 'ignore'): Promise<void> {
  const { argv, env, url } = pgToolCommand(args, databaseUrl);
  return new Promise((resolve, reject) => {
    const child = spawn(program, argv, { env, stdio: ['ignore', stdout, 'pipe'] });
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(new OpsError(error.code === 'ENOENT' ? `${program} is not installed (Debian: apt install postgresql-client)` : `${program}: ${error.message}`)),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new OpsError(`${program} failed (exit ${code}): ${errors.trim().split('\n').slice(-3).join(' ').replaceAll(url, '<database>')}`));
    });
  });
}
