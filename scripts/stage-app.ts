/**
 * `npm run stage` (part of every `dist*` script): the device app as electron-builder packs it, in
 * build/app/ — electron-builder's "two package.json" layout (`directories.app`). The Electron main
 * process, its preload and report thread are esbuild bundles and the renderer is vite's output, so
 * the app needs no node_modules at all: the staged package.json has no dependencies, and nothing of
 * the office service (Fastify, better-sqlite3…) or any source map can reach the installer.
 *
 * build/app/
 *   package.json        name, version, main, productName, description, author, homepage,
 *                       desktopName; no dependencies
 *   dist-main/*.cjs     main.cjs, preload.cjs, render-worker.cjs (no .map)
 *   dist-renderer/**    index.html, favicon.svg, assets/*.js|css (no .map)
 *
 * The report fonts, catalog and calendars are not here: electron-builder copies them from assets/
 * into resources/assets (electron-builder.ts, extraResources), where main.ts reads them.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The vendor's details (Windows' publisher, Debian's maintainer and Homepage): the vendor's to change. */
export const APP_AUTHOR = { name: 'Xunjian', email: 'support@xunjian.cn' } as const;
export const APP_HOMEPAGE = 'https://xunjian.cn';
/** Electron's app_id / WM_CLASS on Linux; the .desktop file is named after it (linux.syncDesktopName). */
export const DESKTOP_NAME = 'xunjian.desktop';
export const PRODUCT_NAME = 'Xunjian 巡检';

export interface StagedApp {
  dir: string;
  /** Paths relative to `dir`, '/'-separated, sorted. */
  files: string[];
}

interface RootManifest {
  name: string;
  version: string;
  description: string;
  main: string;
}

/** A source map, or the comment that points at one (DevTools would ask the app:// handler for a file that is not there). */
const MAP_FILE = /\.map$/;
const MAP_COMMENT = /\n\/\/# sourceMappingURL=\S+\s*$|\n\/\*# sourceMappingURL=\S+ \*\/\s*$/;

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}

async function requireBuilt(file: string): Promise<void> {
  const found = await stat(file).catch(() => null);
  if (!found?.isFile()) throw new Error(`${file} is missing: run \`npm run build\` before staging the app`);
}

/** Copies one built file, dropping the trailing source-map comment of scripts and styles. */
async function copyBuilt(from: string, to: string): Promise<void> {
  await mkdir(path.dirname(to), { recursive: true });
  if (/\.(c|m)?js$|\.css$/.test(from)) {
    const text = await readFile(from, 'utf8');
    await writeFile(to, text.replace(MAP_COMMENT, '\n'));
  } else {
    await cp(from, to);
  }
}

/** The staged package.json: what electron-builder and Electron read, and no dependencies. */
export function stagedManifest(root: RootManifest): Record<string, unknown> {
  return {
    name: root.name,
    productName: PRODUCT_NAME,
    version: root.version,
    description: root.description,
    author: APP_AUTHOR,
    homepage: APP_HOMEPAGE,
    license: 'UNLICENSED',
    desktopName: DESKTOP_NAME,
    main: root.main,
  };
}

export async function stageApp(projectDir: string, outDir = path.join(projectDir, 'build', 'app')): Promise<StagedApp> {
  const root = JSON.parse(await readFile(path.join(projectDir, 'package.json'), 'utf8')) as RootManifest;
  const mainDir = path.join(projectDir, 'dist-main');
  const rendererDir = path.join(projectDir, 'dist-renderer');
  await requireBuilt(path.join(projectDir, root.main));
  await requireBuilt(path.join(rendererDir, 'index.html'));

  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'package.json'), `${JSON.stringify(stagedManifest(root), null, 2)}\n`);
  // Only the bundles: dist-main also holds whatever else a test or an old build left there.
  for (const name of await readdir(mainDir)) {
    if (name.endsWith('.cjs')) await copyBuilt(path.join(mainDir, name), path.join(outDir, 'dist-main', name));
  }
  for (const rel of await listFiles(rendererDir)) {
    if (!MAP_FILE.test(rel)) await copyBuilt(path.join(rendererDir, rel), path.join(outDir, 'dist-renderer', rel));
  }
  return { dir: outDir, files: await listFiles(outDir) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const staged = await stageApp(process.cwd());
  console.log(`staged ${staged.files.length} files in ${path.relative(process.cwd(), staged.dir)}`);
}
