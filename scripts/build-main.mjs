// Bundles the Electron main process, its preload and its report thread into CommonJS files electron can load directly.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['electron'], sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist-main/main.cjs' });
await build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist-main/preload.cjs' });
// The report layout's worker thread (src-main/report/render-thread.ts), loaded from beside main.cjs.
await build({ ...common, entryPoints: ['src-main/report/render-worker.ts'], outfile: 'dist-main/render-worker.cjs' });
