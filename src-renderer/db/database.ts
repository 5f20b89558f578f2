/**
 * The device's store: one IndexedDB database per profile, opened once. Durability is strict
 * everywhere: an answer is shown as saved only once it is on disk, not merely queued by the OS.
 */
import Dexie, { type EntityTable, type Table } from 'dexie';
import { V1_STORES } from './migrations/v1';
import { upgradeToV2, V2_STORES } from './migrations/v2';
import { V3_STORES } from './migrations/v3';
import { upgradeToV4, V4_STORES } from './migrations/v4';
import { V5_STORES } from './migrations/v5';
import { upgradeToV6, V6_STORES } from './migrations/v6';
import { V7_STORES } from './migrations/v7';
import { V8_STORES } from './migrations/v8';
import { inspectionSubjects } from './subjects';
import type {
  AnswerRow,
  AssetRow,
  AttachmentRow,
  CalendarRow,
  ContractRow,
  DeliverableFileRow,
  DeliverableRow,
  HospitalRow,
  InspectionRow,
  LastInspectedRow,
  MetaRow,
  OutboxRow,
  ReportFileRow,
  ServiceAttachmentRow,
  ServiceRecordRow,
  SignatureRow,
  SyncStateRow,
  SystemRow,
  TemplateRow,
} from './rows';

export const DB_NAME = 'xunjian';

export interface XunjianDbOptions {
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /**
   * Runs once, before the first open, while the database on disk is still as the previous app
   * version left it: the app backs it up here when its version is lower than this code's
   * (src-renderer/backup/before-upgrade.ts). It must not throw; the open follows either way.
   */
  beforeOpen?: (target: { name: string; version: number; indexedDB?: IDBFactory; IDBKeyRange?: typeof IDBKeyRange }) => Promise<void>;
}

export class XunjianDb extends Dexie {
  hospitals!: EntityTable<HospitalRow, 'id'>;
  contracts!: EntityTable<ContractRow, 'id'>;
  systems!: EntityTable<SystemRow, 'id'>;
  assets!: EntityTable<AssetRow, 'id'>;
  templates!: Table<TemplateRow, [string, number]>;
  inspections!: EntityTable<InspectionRow, 'id'>;
  answers!: EntityTable<AnswerRow, 'id'>;
  attachments!: EntityTable<AttachmentRow, 'id'>;
  lastInspected!: EntityTable<LastInspectedRow, 'key'>;
  meta!: EntityTable<MetaRow, 'key'>;
  signatures!: EntityTable<SignatureRow, 'id'>;
  reports!: EntityTable<ReportFileRow, 'inspectionId'>;
  outbox!: EntityTable<OutboxRow, 'id'>;
  syncState!: EntityTable<SyncStateRow, 'key'>;
  serviceRecords!: EntityTable<ServiceRecordRow, 'id'>;
  serviceAttachments!: EntityTable<ServiceAttachmentRow, 'id'>;
  calendars!: EntityTable<CalendarRow, 'id'>;
  deliverables!: EntityTable<DeliverableRow, 'id'>;
  deliverableFiles!: EntityTable<DeliverableFileRow, 'sha256'>;

  /** Settles once the beforeOpen hook has run; every open waits for it. */
  private beforeOpenDone: Promise<void> | undefined;
  private readonly beforeOpen: (() => Promise<void>) | undefined;

  constructor(name = DB_NAME, { beforeOpen, ...options }: XunjianDbOptions = {}) {
    super(name, { chromeTransactionDurability: 'strict', ...options });
    this.beforeOpen = beforeOpen && (() => beforeOpen({ name, version: this.verno, ...options }).catch(() => undefined));
    this.version(1).stores(V1_STORES);
    this.version(2).stores(V2_STORES).upgrade(upgradeToV2);
    this.version(3).stores(V3_STORES);
    this.version(4).stores(V4_STORES).upgrade(upgradeToV4);
    this.version(5).stores(V5_STORES);
    this.version(6).stores(V6_STORES).upgrade(upgradeToV6);
    this.version(7).stores(V7_STORES);
    this.version(8).stores(V8_STORES);
    this.use(inspectionSubjects);
  }

  /** Dexie opens on first use through here too (its auto-open calls `open()`), so the hook always runs first. */
  override open() {
    if (!this.beforeOpen) return super.open();
    this.beforeOpenDone ??= this.beforeOpen();
    return Dexie.Promise.resolve(this.beforeOpenDone).then(() => super.open());
  }
}

/** Versions in order, for the upgrade tests: each must open a database left by the one before. */
export const SCHEMA_VERSION = 8;
