/**
 * Start-up: ask for persistent storage, load the shipped catalog from the main process and apply
 * it to the store. A broken catalog file is reported, never fatal: the app opens with the rest.
 */
import { repositories } from '../db';
import { describeError } from '../i18n/errors';
import { useLocale } from '../i18n/i18n';
import { invoke } from '../platform/invoke';
import { startSync } from '../features/sync/sync-service';
import { startBackupSchedule } from '../backup/schedule';
import { useApp } from './app-store';

export async function boot(): Promise<void> {
  const app = useApp.getState();
  document.documentElement.lang = useLocale.getState().locale;
  const persisted = await navigator.storage?.persist?.().catch(() => false);
  app.set({ persisted: persisted ?? false });
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
