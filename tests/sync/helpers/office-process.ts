/**
 * The office service as its own process (`npm run server`'s entry point), so a test can kill it
 * with SIGKILL in the middle of an upload and start it again on the same data folder and port.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface OfficeProcess {
  url: string;
  port: number;
  /** SIGKILL: no shutdown hook runs, as when the office machine loses power. */
  kill(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  starts: number;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** `args`: more options for the office's command line (e.g. `--database postgres://…`). */
export async function officeProcess(dataDir: string, port: number, args: readonly string[] = []): Promise<OfficeProcess> {
  let child: ChildProcess | undefined;
  // Node itself with tsx as a loader, not the tsx wrapper: SIGKILL must reach the process that listens.
  const script = path.resolve('src-server/cli.ts');

  const handle: OfficeProcess = {
    url: `http://127.0.0.1:${port}`,
    port,
    starts: 0,
    async start() {
      const proc = spawn(process.execPath, ['--import', 'tsx', script, '--data', dataDir, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      child = proc;
      handle.starts++;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the office did not start within 30 s')), 30_000);
        const lines = createInterface({ input: proc.stdout! });
        let errors = '';
        proc.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
        lines.on('line', (line) => {
          if (line.startsWith('Xunjian office service:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the office exited with ${code}: ${errors}`));
        });
      });
    },
    async kill() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    },
    async stop() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    },
  };
  await handle.start();
  return handle;
}
