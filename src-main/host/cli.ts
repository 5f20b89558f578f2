/**
 * `npm run start:web`: runs the main-process router and the built renderer on 127.0.0.1 and
 * prints the address to open. The port stays the same run after run (default 5180) because the
 * browser keys IndexedDB by origin: a new port would open an empty database.
 */
import { mkdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHandlers } from '../handlers';
import { createRouter } from '../rpc/router';
import { startHost } from './host';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.XUNJIAN_PORT ?? '5180' },
    'data-dir': { type: 'string', default: process.env.XUNJIAN_DATA_DIR ?? defaultDataDir() },
    assets: { type: 'string', default: path.resolve('assets') },
    renderer: { type: 'string', default: path.resolve('dist-renderer') },
  },
});

function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'xunjian-web');
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number from 0 to 65535, got "${values.port}"`);
  process.exit(2);
}
const dataDir = path.resolve(values['data-dir']);
await mkdir(dataDir, { recursive: true, mode: 0o700 });
const pkg = JSON.parse(await readFile(path.resolve('package.json'), 'utf8')) as { version: string };
const log = (line: string): void => console.error(`[xunjian] ${line}`);
const router = createRouter(
  createHandlers({
    shell: 'web',
    version: pkg.version,
    assetsDir: path.resolve(values.assets),
    dataDir,
    log,
    renderWorker: { source: fileURLToPath(new URL('../report/render-worker.ts', import.meta.url)) },
  }),
  log,
);
try {
  const host = await startHost({ router, rendererDir: path.resolve(values.renderer), port });
  console.log(`Xunjian is running. Open ${host.url} in Chromium or Chrome.`);
  console.log(`Data folder: ${dataDir}`);
  const stop = (): void => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === 'EADDRINUSE' ? `Port ${port} is in use: is Xunjian already running? Try --port 5181.` : String(error));
  process.exit(1);
}
