/**
 * The main process's bundles: the Electron main process, its preload and its report thread, as
 * CommonJS files Electron loads directly from dist-main/ (inside the asar when packaged). One
 * place for the options, so the test that loads the bundled report thread builds it the same way.
 */
import { build, type BuildOptions } from 'esbuild';
import path from 'node:path';

const COMMON: BuildOptions = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', external: ['electron'], sourcemap: true, logLevel: 'warning' };

export const MAIN_BUNDLES = {
  main: { entry: 'src-main/electron/main.ts', file: 'main.cjs' },
  preload: { entry: 'src-main/electron/preload.ts', file: 'preload.cjs' },
  /** The report layout and signing thread (src-main/report/render-thread.ts), beside main.cjs. */
  renderWorker: { entry: 'src-main/report/render-worker.ts', file: 'render-worker.cjs' },
} as const;

export async function buildMainBundle(name: keyof typeof MAIN_BUNDLES, outDir: string, root = process.cwd()): Promise<string> {
  const bundle = MAIN_BUNDLES[name];
  const outfile = path.join(outDir, bundle.file);
  await build({ ...COMMON, absWorkingDir: root, entryPoints: [bundle.entry], outfile });
  return outfile;
}
