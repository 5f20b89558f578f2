/**
 * electron-builder's `--dir` run without Electron's archive (not cached here, GitHub unreachable):
 * a FAKE unpacked Electron for Linux as `electronDist` — a stub `electron` file carrying Electron's
 * fuse wire with Electron's defaults, and the usual files beside it — and the project's real
 * configuration otherwise. Used by tests/unit/packaging.test.ts and bench/package-size.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** @electron/fuses' FuseV1Options order. */
export const FUSE_ORDER = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'] as const;
/** Electron's own defaults: runAsNode, NODE_OPTIONS, --inspect and file:// privileges on. */
const ELECTRON_DEFAULT_WIRE = '10110001';
export const FAKE_LOCALES = ['en-US', 'zh-CN', 'de', 'ja'];

export async function fakeElectronDist(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'locales'), { recursive: true });
  await mkdir(path.join(dir, 'resources'), { recursive: true });
  const binary = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n'), Buffer.from(FUSE_SENTINEL), Buffer.from([1, FUSE_ORDER.length]), Buffer.from(ELECTRON_DEFAULT_WIRE)]);
  await writeFile(path.join(dir, 'electron'), binary, { mode: 0o755 });
  for (const name of ['LICENSE', 'LICENSES.chromium.html', 'version', 'chrome-sandbox', 'chrome_crashpad_handler', 'libffmpeg.so', 'icudtl.dat', 'resources.pak', 'v8_context_snapshot.bin', 'snapshot_blob.bin']) {
    await writeFile(path.join(dir, name), name);
  }
  for (const locale of FAKE_LOCALES) await writeFile(path.join(dir, 'locales', `${locale}.pak`), locale);
  return dir;
}

/** The fuse wire of a packaged binary, by name. */
export function readFuseWire(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  const length = binary[at + 1]!;
  const wire = binary.subarray(at + 2, at + 2 + length).toString('latin1');
  return Object.fromEntries(FUSE_ORDER.map((name, i) => [name, wire[i] === '1']));
}

/**
 * Runs electron-builder's CLI (`--linux dir --x64`) in `projectDir` against a fake Electron and
 * returns the linux-unpacked folder. `extraArgs` are more `-c.` overrides (or `--config <file>`).
 */
export async function packLinuxDir(options: { projectDir: string; electronDist: string; outDir: string; extraArgs?: string[] }): Promise<string> {
  const cli = path.join(options.projectDir, 'node_modules', 'electron-builder', 'cli.js');
  const args = [cli, '--linux', 'dir', '--x64', '--publish', 'never', `-c.electronDist=${options.electronDist}`, `-c.directories.output=${options.outDir}`, ...(options.extraArgs ?? [])];
  await promisify(execFile)(process.execPath, args, { cwd: options.projectDir, env: { ...process.env, CI: 'true' }, maxBuffer: 64 * 1024 * 1024 });
  return path.join(options.outDir, 'linux-unpacked');
}

/** Every file under `dir`, '/'-separated and relative, sorted. */
export async function listFilesUnder(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFilesUnder(path.join(dir, entry.name), rel)));
    else out.push(rel);
  }
  return out.sort();
}
