/**
 * A device without a window: the real main-process router (sync.* handlers, signing keys, report
 * files in a temp data folder) and the real renderer store over fake-indexeddb, joined by a `call`
 * that goes through the router exactly as platform/invoke does — errors arrive as RPC errors. Its
 * service records ask the main process for the office clock, as the app's do.
 */
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadCatalog } from '../../../src-main/catalog/load-catalog';
import { createHandlers, type MainContext } from '../../../src-main/handlers';
import { createRouter } from '../../../src-main/rpc/router';
import { createSigningKeys, type SignerMaterial } from '../../../src-main/signing/identity';
import { fileSecretStore, type SecretStore } from '../../../src-main/signing/secret-store';
import { XunjianDb } from '../../../src-renderer/db/database';
import { createRepositories, type Repositories } from '../../../src-renderer/db/index';
import { createSyncEngine, type EngineOptions, type SyncEngine } from '../../../src-renderer/sync/engine';
import type { Transport } from '../../../src-renderer/sync/ports';
import { reportSource } from '../../../src-renderer/sync/report-package';
import { serviceSource } from '../../../src-renderer/sync/service-package';
import { rpcTransport, type Call } from '../../../src-renderer/sync/rpc-transport';
import { summaryOf, type EnrollmentSummary } from '../../../src-shared/rpc/sync-channels';

export interface TestDevice {
  dataDir: string;
  call: Call;
  db: XunjianDb;
  repos: Repositories;
  enroll(officeUrl: string, code: string): Promise<EnrollmentSummary>;
  /** The signing material after enrollment: the office-issued certificate. */
  material(): Promise<SignerMaterial>;
  engine(options?: Partial<EngineOptions> & { wrap?: (t: Transport) => Transport }): SyncEngine;
  /** As after a crash: the database closed and opened again from what is on "disk". */
  reopen(): Promise<void>;
  /** As after the app restarts: the main process's handlers made anew over the same data folder (nothing cached). */
  restart(): void;
  close(): Promise<void>;
}

export async function openDevice(
  options: { officeHttp?: MainContext['officeHttp']; officeTransport?: MainContext['officeTransport']; secrets?: (keysDir: string) => SecretStore } = {},
): Promise<TestDevice> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-device-'));
  const keysDir = path.join(dataDir, 'keys');
  // Where the signing key and token are kept: 0600 files, or (key recovery tests) a sealed store.
  const secrets = options.secrets ? options.secrets(keysDir) : fileSecretStore(keysDir);
  const makeRouter = () =>
    createRouter(
      createHandlers({
        shell: 'web',
        version: 'test',
        assetsDir: path.resolve('assets'),
        dataDir,
        log: () => {},
        secrets,
        ...(options.officeHttp ? { officeHttp: options.officeHttp } : {}),
        ...(options.officeTransport ? { officeTransport: options.officeTransport } : {}),
      }),
    );
  let router = makeRouter();
  const call: Call = async (channel, input) => {
    const result = await router.dispatch(channel, input);
    if (result.ok) return result.value as never;
    // The shape platform/invoke's PlatformError has: the engine classifies by `error.code`.
    throw Object.assign(new Error(result.error.message), { error: result.error });
  };
  const name = `xunjian-sync-${crypto.randomUUID()}`;
  const open = (): XunjianDb => new XunjianDb(name, { indexedDB, IDBKeyRange });
  const device: TestDevice = {
    dataDir,
    call,
    db: open(),
    repos: undefined as unknown as Repositories,
    async enroll(officeUrl, code) {
      const summary = summaryOf(await call('sync.enroll', { officeUrl, code, deviceName: '测试笔记本' }));
      if (!summary) throw new Error('not enrolled');
      await device.repos.syncState.setEnrollment(summary);
      return summary;
    },
    material: () => createSigningKeys(secrets, keysDir).material(),
    engine(engineOptions = {}) {
      const { wrap, ...rest } = engineOptions;
      const transport = rpcTransport(call);
      const repos = device.repos;
      return createSyncEngine({
        outbox: repos.outbox,
        source: reportSource(repos),
        services: serviceSource(repos),
        transport: wrap ? wrap(transport) : transport,
        officeKey: async () => (await repos.syncState.get()).enrollment?.receiptKey,
        ...rest,
      });
    },
    async reopen() {
      device.db.close();
      device.db = open();
      device.repos = createRepositories(device.db, { officeClock: () => call('clock.read', {}) });
      await device.db.open();
    },
    restart() {
      router = makeRouter();
    },
    async close() {
      device.db.close();
      await indexedDB.deleteDatabase(name);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  device.repos = createRepositories(device.db, { officeClock: () => call('clock.read', {}) });
  await device.repos.reference.applyCatalog(await loadCatalog(path.resolve('assets/catalog')));
  return device;
}
