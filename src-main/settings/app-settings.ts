/**
 * settings.json in the data folder: the few device settings the shell must know before the
 * window exists (today only hardware acceleration). Read synchronously before `ready`, written
 * atomically by the `app.settings.set` channel. A broken file is ignored (logged), never fatal.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const AppSettings = z.object({
  /** Off for old graphics drivers and remote desktops (RDP, 云桌面) where the GPU process fails. */
  hardwareAcceleration: z.boolean(),
});
export type AppSettings = z.infer<typeof AppSettings>;

export const DEFAULT_SETTINGS: AppSettings = { hardwareAcceleration: true };

/** Unknown keys are kept out, missing ones take the default, a wrong type makes the file "broken". */
export function parseSettings(text: string): { settings: AppSettings; problem?: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { settings: DEFAULT_SETTINGS, problem: `not JSON (${(error as Error).message})` };
  }
  const parsed = AppSettings.partial().safeParse(raw);
  if (!parsed.success) return { settings: DEFAULT_SETTINGS, problem: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { settings: { ...DEFAULT_SETTINGS, ...parsed.data } };
}

/** Before `ready`, so it is synchronous. A missing file is the normal first start. */
export function readSettingsSync(file: string, log: (line: string) => void): AppSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`settings: cannot read ${file}: ${(error as Error).message}; using defaults`);
    return DEFAULT_SETTINGS;
  }
  const { settings, problem } = parseSettings(text);
  if (problem) log(`settings: ignoring ${file}: ${problem}; using defaults`);
  return settings;
}

/** Write-then-rename in the same folder, so a crash leaves the old file or the new one, never half. */
export async function writeSettings(file: string, settings: AppSettings): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(settings, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}
