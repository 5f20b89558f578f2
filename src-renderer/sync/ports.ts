/**
 * What the sync engine needs from the world, as small interfaces: the outbox (Dexie in the app,
 * fake-indexeddb in tests), the reports to send, and the transport (RPC calls to the main
 * process in the app; the same handlers called directly in the fault-injection test).
 */
import type { Receipt, ReceiptKey } from '../../src-shared/sync/receipt';
import type { BlobMime, BlobRole, ReportEnvelope } from '../../src-shared/sync/envelope';
import type { ReportLocator } from '../../src-shared/report/model';
import type { OutboxError, OutboxRow } from '../db/rows';
import type { FaultBody, PushFaultResult } from '../../src-shared/rpc/service-sync';
import type { DeliverableEntry, DeliverableMime } from '../../src-shared/period/deliverable';
import type { PushDeliverableResult } from '../../src-shared/sync/deliverables';

export interface OutboxStore {
  recoverInterrupted(): Promise<number>;
  due(at: string, limit?: number): Promise<OutboxRow[]>;
  nextDueAt(): Promise<string | undefined>;
  markSending(id: string, bytesTotal: number): Promise<boolean>;
  setProgress(id: string, bytesSent: number): Promise<boolean>;
  markRetry(id: string, error: OutboxError, nextAttemptAt: string): Promise<boolean>;
  markAttention(id: string, error: OutboxError): Promise<boolean>;
  /** `scansSeen`: the row's change counter (rows.ts changesOf) as read before the record was packaged. */
  markSynced(id: string, receipt: Receipt, scansSeen: number): Promise<boolean>;
  hurry(): Promise<number>;
}

/** Where a blob's bytes come from: the renderer's store, or the PDF the main process filed. */
export type BlobSource = { kind: 'bytes'; read(): Promise<Uint8Array> } | { kind: 'report'; locator: ReportLocator };

export interface OutgoingBlob {
  sha256: string;
  size: number;
  mime: BlobMime;
  role: BlobRole | 'pdf';
  source: BlobSource;
}

/** A file of a deliverables-register entry: also a Word or Excel file (issue 12). */
export interface DeliverableBlob extends Omit<OutgoingBlob, 'mime' | 'role'> {
  mime: BlobMime | DeliverableMime;
  role: 'deliverable';
}

/** Whatever the engine PUTs before a record. */
export type AnyOutgoingBlob = OutgoingBlob | DeliverableBlob;

/** One report ready to send: its envelope and every blob it refers to (the PDF first). */
export interface ReportPackage {
  envelope: ReportEnvelope;
  blobs: OutgoingBlob[];
}

export interface ReportSource {
  /** Throws SyncFailure('attention', …) when the device's own data cannot make a valid report. */
  package(recordId: string): Promise<ReportPackage>;
}

export interface Transport {
  missingBlobs(sha256: string[]): Promise<string[]>;
  putBlob(blob: AnyOutgoingBlob): Promise<void>;
  /** The office's answer; its receipt is checked by the engine, not trusted. */
  pushReport(envelope: ReportEnvelope): Promise<{ created: boolean; receipt: unknown }>;
  /**
   * One version of a service record, or the office's version when another device wrote first
   * (409). Optional so transports made for reports alone (tests, the sync benchmark) still fit.
   */
  pushFault?(fault: FaultBody): Promise<PushFaultResult>;
  /** One entry of the deliverables register, or the office's newer entry (409). Optional like pushFault. */
  pushDeliverable?(entry: DeliverableEntry): Promise<PushDeliverableResult>;
}

/** One register entry ready to send: the entry as stored, and the files it names that this device can send. */
export interface DeliverablePackage {
  entry: DeliverableEntry;
  blobs: DeliverableBlob[];
  /** The outbox row's change count read with the entry: a revision after it is not in this push. */
  changes: number;
}

/** The deliverables register's entries to send (deliverable-package.ts over the db). */
export interface DeliverableSource {
  /** Throws SyncFailure('attention', …) when the entry is not on this device. */
  package(entryId: string): Promise<DeliverablePackage>;
  /** The office keeps a newer entry (409): keep it in place of this device's, which stays in no history but the office's audit. */
  takeOffice(entryId: string, officeEntry: unknown): Promise<void>;
}

/** One service record ready to send: exactly the record and the version this push creates, and the files this device holds for it. */
export interface ServicePackage {
  fault: FaultBody;
  blobs: OutgoingBlob[];
  /** The outbox row's change count read with the record: an append after it is not in this push. */
  changes: number;
}

/** The service records to send (service-package.ts over the serviceRecords repository). */
export interface ServiceSource {
  /** Throws SyncFailure('attention', …) when the record is not on this device. */
  package(recordId: string): Promise<ServicePackage>;
  /**
   * The office's version after a 409: merge it (both histories stay) and remember its version.
   * `officeRecord` null: the office holds none (the push named a version after 1), so start again at 1.
   */
  merge(recordId: string, officeRecord: unknown, officeVersion: number): Promise<void>;
  /** `version` went into an offline bundle: the next push names the version after it. */
  exported(recordId: string, version: number): Promise<void>;
  /** The office stored `version` (receipt verified): remember it and settle the outbox row together. */
  pushed(recordId: string, version: number, receipt: Receipt, changesSeen: number): Promise<void>;
}

/** The office key receipts must verify with, pinned at enrollment; undefined when not enrolled. */
export type PinnedKey = () => Promise<ReceiptKey | undefined>;

/** Runs `work` while no other window of the app syncs (a Web Lock in the browser; nothing in tests). */
export type Exclusive = <T>(work: () => Promise<T>) => Promise<T>;
