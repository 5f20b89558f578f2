/**
 * The office as the routes, the console and the CLI see it: storage, blobs, keys, receipt
 * signer and settings, opened from one data folder. The CLI opens the same context without HTTP.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir } from 'node:fs/promises';
import { loadOrCreateOfficeKeys, type OfficeKeys } from './ca/office-keys';
import { checkSharedKeys, refuseKeysOfAnotherOffice, refuseNewKeysForKnownOffice } from './ca/shared-keys';
import { DEFAULT_CATALOG_DIR, importCatalog } from './catalog/import-catalog';
import { checkThread, type OfficeChecks } from './checks/check-thread';
import { DEFAULT_LIMITS, DEFAULT_OFFICE_NAME, type Limits, type ServerOptions } from './config';
import { receiptSigner, type ReceiptSigner } from './receipts/sign-receipt';
import { openStores, type StoreKind } from './storage/open-store';
import type { BlobStore, OfficeStore } from './storage/port';

/** The slice of a pino logger the office uses; Fastify's logger fits, and the CLI passes a console one. */
export interface OfficeLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const silent: OfficeLog = { info: () => undefined, warn: () => undefined };

export interface OfficeContext {
  office: { id: string; name: string };
  store: OfficeStore;
  blobs: BlobStore;
  /** sqlite: this machine's data folder; postgres: a database other instances may share. */
  storeKind: StoreKind;
  keys: OfficeKeys;
  receipts: ReceiptSigner;
  limits: Limits;
  now: () => Date;
  log: OfficeLog;
  /** Where people reach the public paper check, if the office was told (`--public-url`). */
  publicUrl?: string;
  /** Parsing and hashing large envelopes and PDFs, off the event loop. */
  checks: OfficeChecks;
  close(): Promise<void>;
}

/** First start: reference data from the catalog folder, so engineers can be given hospitals at once. */
async function seedReference(store: OfficeStore, catalogDir: string | null, log: OfficeLog): Promise<void> {
  if (catalogDir === null || (await store.countReference()) > 0) return;
  const seeded = await importCatalog({ store }, catalogDir, 'system');
  for (const p of seeded.problems) log.warn(p, 'catalog file skipped');
  log.info({ rows: seeded.rows }, `reference data seeded from ${catalogDir}`);
}

export async function openOffice(
  options: Pick<ServerOptions, 'dataDir' | 'database' | 'officeName' | 'limits' | 'now' | 'catalogDir' | 'publicUrl'> & { log?: OfficeLog },
): Promise<OfficeContext> {
  const now = options.now ?? (() => new Date());
  // The database and keys are the office's alone: the folder is closed to other users (0700),
  // also when it was made by an older version or by hand.
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  await chmod(options.dataDir, 0o700);
  const { kind: storeKind, store, blobs } = await openStores({ dataDir: options.dataDir, database: options.database, now });
  try {
    await refuseKeysOfAnotherOffice(store, options.dataDir);
    // Claimed, not set: two instances starting at once on a new database agree on one office.
    const id = await store.claimSetting('office.id', randomUUID());
    const office = { id, name: await store.claimSetting('office.name', options.officeName ?? DEFAULT_OFFICE_NAME) };
    await refuseNewKeysForKnownOffice(store, options.dataDir);
    const keys = await loadOrCreateOfficeKeys(options.dataDir, id, now());
    await checkSharedKeys(store, keys, options.dataDir);
    const log = options.log ?? silent;
    await seedReference(store, options.catalogDir === undefined ? DEFAULT_CATALOG_DIR : options.catalogDir, log);
    const checks = checkThread();
    return {
      office,
      store,
      blobs,
      storeKind,
      keys,
      receipts: receiptSigner(office, keys.receipt),
      limits: { ...DEFAULT_LIMITS, ...options.limits },
      now,
      log,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      checks,
      async close() {
        await checks.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}
