/**
 * The one contract between the renderer and the main process: each channel's input schema and
 * result type. Main registers a handler for every key; the renderer's platform/ calls them by key.
 */
import { z } from 'zod';
import { channel, NoInput } from './channel';
import { appChannels } from './app-channels';
import { backupChannels } from './backup-channels';
import { updateChannels } from './update-channels';
import { reportViewChannels } from './report-view-channels';
import { keyChannels } from './key-channels';
import type { Catalog } from '../catalog/catalog';
import {
  BlankSheetInput,
  ReportInput,
  ReportLocator,
  UndrawableInput,
  type BlankSheetCreated,
  type PdfBytes,
  type ReplacedCharacter,
  type ReportCreated,
  type SaveCopyResult,
  type SigningIdentity,
} from '../report/model';
import { CopyNameParts } from '../report/file-name';
import { PeriodReportInput } from '../report/period-report';
import { ServiceBlankInput, ServiceDocumentInput } from '../report/service-document';
import { PushFaultInput, type OfficeClockReading, type PushFaultResult } from './service-sync';
import { PushDeliverableInput, type PushDeliverableResult } from '../sync/deliverables';
import {
  EnrollInput,
  ExportBundleInput,
  MissingBlobsInput,
  PullInput,
  PushReportInput,
  PutBlobInput,
  StageBlobInput,
  type BlobPut,
  type BundleExport,
  type PullPage,
  type ReportAccepted,
  type SyncStatus,
} from './sync-channels';

export { APP_ORIGIN, IPC_CHANNEL, TOKEN_HEADER, type XunjianBridge } from './constants';

export interface AppInfo {
  version: string;
  /** Which transport the renderer talks to: the Electron shell or the loopback host. */
  shell: 'electron' | 'web';
  dataDir: string;
}

/** A signed report's locator and what its copy is named by: the main process makes the name itself. */
const SaveCopyInput = ReportLocator.extend(CopyNameParts.shape);
export type SaveCopyInput = z.infer<typeof SaveCopyInput>;

export const contract = {
  'app.info': channel<AppInfo>()(NoInput),
  'catalog.load': channel<Catalog>()(NoInput),
  /** Lays out, signs (PAdES) and writes the report; refuses a report number already signed. */
  'report.create': channel<ReportCreated>()(ReportInput),
  'report.read': channel<PdfBytes>()(ReportLocator),
  /** Offers the copy as `<hospital>_巡检报告_<date>_<number>.pdf` (src-shared/report/file-name.ts). */
  'report.saveCopy': channel<SaveCopyResult>()(SaveCopyInput),
  'report.blankSheet': channel<BlankSheetCreated>()(BlankSheetInput),
  /** The characters of a text the report's font cannot draw (printed as □): asked before anyone signs. */
  'report.undrawable': channel<ReplacedCharacter[]>()(UndrawableInput),
  'signing.identity': channel<SigningIdentity>()(NoInput),
  /**
   * A service record's fault report or 维护单 (issue 11): numbered here (GZ-/WH-<hospital>-<yyyymm>-<n>),
   * signed and filed like a report; its bytes come back through `report.read` with the locator returned.
   */
  'service.document.create': channel<ReportCreated>()(ServiceDocumentInput),
  /** The blank 维护单 in duplicate for wet ink; not signed, not kept. */
  'service.document.blank': channel<BlankSheetCreated>()(ServiceBlankInput),
  /**
   * A periodic report (issue 12: 004's 评价报告, 001's 服务总结报告, 002's monthly and annual reports,
   * any contract's period summary) from the figures the device computed: numbered
   * PR-<hospital>-<yyyymm>-<n>, charts drawn as vectors, signed and filed like a report; its bytes
   * come back through `report.read` with the locator returned.
   */
  'period.report.create': channel<ReportCreated>()(PeriodReportInput),
  /** Office sync (issue 4): the main process holds the device token and makes every call. */
  'sync.status': channel<SyncStatus>()(NoInput),
  'sync.enroll': channel<SyncStatus>()(EnrollInput),
  'sync.pull': channel<PullPage>()(PullInput),
  'sync.missingBlobs': channel<{ missing: string[] }>()(MissingBlobsInput),
  'sync.putBlob': channel<BlobPut>()(PutBlobInput),
  'sync.pushReport': channel<ReportAccepted>()(PushReportInput),
  'sync.stageBlob': channel<{ size: number }>()(StageBlobInput),
  'sync.exportBundle': channel<BundleExport>()(ExportBundleInput),
  /** Service records (issue 11): one version of a record, or the office's version to merge with on 409. */
  'sync.pushFault': channel<PushFaultResult>()(PushFaultInput),
  /** The deliverables register (issue 12): one entry, or the office's newer entry to take on 409. */
  'sync.pushDeliverable': channel<PushDeliverableResult>()(PushDeliverableInput),
  /** The office's time as the main process estimates it now (src-main/sync/office-clock.ts). */
  'clock.read': channel<OfficeClockReading>()(NoInput),
  /** The desktop shell (issue 13): diagnostics, logs and settings; the About screen. */
  ...appChannels,
  /** Local backups of the device database (issue 13). */
  ...backupChannels,
  /** Updates from the office (issue 13). */
  ...updateChannels,
  /** Viewing and printing a PDF the way the shell supports it (issue 13). */
  ...reportViewChannels,
  /** A signing key the OS can no longer decrypt: retire it and start again (issue 13). */
  ...keyChannels,
};

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type ChannelInput<K extends Channel> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends Channel> = z.output<Contract[K]['input']>;
export type ChannelOutput<K extends Channel> = NonNullable<Contract[K]['output']>;

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

