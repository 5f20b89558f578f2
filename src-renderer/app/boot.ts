/**
 * Start-up: ask for persistent storage, load the shipped catalog from the main process and apply
 * it to the store. A broken catalog file is reported, never fatal: the app opens with the rest.
 */
import { repositories } from '../db';
import { describeError } from '../i18n/errors';
import { useLocale } from '../i18n/i18n';
import { logToMain } from '../platform/error-reporting';
import { invoke } from '../platform/invoke';
import { startSync } from '../features/sync/sync-service';
import { startBackupSchedule } from '../backup/schedule';
import { noticeInterruptedRestore } from '../backup/backup-service';
import { useApp } from './app-store';

export async function boot(): Promise<void> {
  const app = useApp.getState();
  document.documentElement.lang = useLocale.getState().locale;
  // Before anything else: a restore the last window left half done must be said at once.
  noticeInterruptedRestore();
  const persisted = await storagePersistence(navigator.storage);
  app.set({ persisted });
  logToMain(persisted ? 'info' : 'warn', `storage persisted: ${persisted}`, 'boot');
  try {
    const catalog = await invoke('catalog.load', {});
    await repositories().reference.applyCatalog(catalog);
    app.set({ catalogProblems: catalog.problems });
  } catch (error) {
    app.set({ bootError: describeError(useLocale.getState().locale, error) });
  }
  app.set({ ready: true });
  // Sync starts only once the screens are usable; an office that is down must not delay them.
  startSync().catch((error: unknown) => console.warn('sync did not start:', error));
  // Scheduled backups wait for a pause in the user's work (backup/schedule.ts).
  startBackupSchedule();
}

/**
 * Whether the browser will keep IndexedDB under disk pressure. Under Electron the main process
 * grants 'persistent-storage' to the app origin (src-main/electron/guards.ts), so this is true;
 * in a browser it depends on Chromium's heuristics. `persisted()` is asked as well, so the
 * warning shows only when the storage truly is not persistent (not when persist() alone says no
 * for an origin already persistent, nor when the API is missing and nothing can be asked).
 */
export async function storagePersistence(storage: Pick<StorageManager, 'persist' | 'persisted'> | undefined): Promise<boolean> {
  if (!storage?.persist) return false;
  try {
    if (await storage.persisted?.()) return true;
    if (await storage.persist()) return true;
    return (await storage.persisted?.()) ?? false;
  } catch {
    return false;
  }
}
