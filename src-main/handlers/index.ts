/**
 * Builds the handler map from the services the main process owns. Each transport passes its own
 * `shell` and folders; nothing here knows whether it runs under Electron or the loopback host.
 */
import path from 'node:path';
import type { Handlers } from '../rpc/router';
import { loadCatalog } from '../catalog/load-catalog';
import type { Catalog } from '../../src-shared/catalog/catalog';
import type { SaveDialog } from '../report/report-service';
import type { WorkerSpec } from '../report/render-thread';
import type { SecretStore } from '../signing/secret-store';
import { reportHandlers } from './report-handlers';
import { reportFiles } from '../files/report-files';
import { fileSecretStore } from '../signing/secret-store';
import { syncHandlers, type SyncDeps } from '../sync/sync-handlers';
import { appHandlers } from './app-handlers';
import { backupHandlers } from './backup-handlers';
import type { DesktopPorts } from './desktop-ports';
import { keyHandlers } from './key-handlers';
import { reportViewHandlers } from './report-view-handlers';
import { updateHandlers } from './update-handlers';

export interface MainContext {
  shell: 'electron' | 'web';
  version: string;
  /** Read-only files shipped with the app: catalog/, fonts/, calendars/. */
  assetsDir: string;
  /** The user's writable data folder: keys, reports, settings. */
  dataDir: string;
  log: (line: string) => void;
  /** Keeps the signing key (Electron: safeStorage); a 0600 file in dataDir/keys when absent. */
  secrets?: SecretStore;
  /** Electron's save dialog for "save a copy"; absent in the web host (the renderer downloads). */
  saveDialog?: SaveDialog;
  /** The report layout's worker thread (render-thread.ts); on the calling thread when absent. */
  renderWorker?: WorkerSpec;
  /** Office HTTP settings for tests and benchmarks (another fetch, shorter timeouts). */
  officeHttp?: SyncDeps['http'];
  /** How sync reaches the office (Electron: Chromium's net stack, net-transport.ts); Node's when absent. */
  officeTransport?: SyncDeps['transport'];
  /** What only the Electron shell offers (issue 13): logs, backups' folder, updates, a PDF window. */
  desktop?: DesktopPorts;
}

export function createHandlers(ctx: MainContext): Handlers {
  // The catalog ships with the app and does not change while it runs: read it once.
  let catalog: Promise<Catalog> | undefined;
  const reports = reportHandlers(ctx);
  // After a signing key the OS cannot open is set aside (key-handlers.ts), whatever loaded it lets go.
  const retiredListeners: (() => void)[] = [];
  return {
    'app.info': () => ({ version: ctx.version, shell: ctx.shell, dataDir: ctx.dataDir }),
    'catalog.load': () => {
      catalog ??= loadCatalog(path.join(ctx.assetsDir, 'catalog')).then((c) => {
        for (const p of c.problems) ctx.log(`catalog: ${p.file} ${p.path}: ${p.detail}`);
        return c;
      });
      return catalog;
    },
    ...reports.handlers,
    ...syncHandlers({
      dataDir: ctx.dataDir,
      secrets: ctx.secrets ?? fileSecretStore(path.join(ctx.dataDir, 'keys')),
      keys: reports.keys,
      reports: reportFiles(ctx.dataDir),
      ...(ctx.saveDialog ? { saveDialog: ctx.saveDialog } : {}),
      ...(ctx.officeHttp ? { http: ctx.officeHttp } : {}),
      ...(ctx.officeTransport ? { transport: ctx.officeTransport } : {}),
      onKeysRetired: (listener) => retiredListeners.push(listener),
    }),
    ...appHandlers(ctx),
    ...backupHandlers(ctx),
    ...updateHandlers(ctx),
    ...reportViewHandlers(ctx),
    ...keyHandlers(ctx, {
      afterRetire: () => {
        reports.keys.forget();
        for (const listener of retiredListeners) listener();
      },
    }),
  };
}
