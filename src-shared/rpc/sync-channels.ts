/**
 * The `sync.*` channels' inputs and results: how the renderer's sync engine asks the main process
 * to talk to the office. The main process holds the device token and makes every network call;
 * the renderer sees office answers, never the token.
 */
import { z } from 'zod';
import { ReportLocator, Sha256Hex } from '../report/model';
import { BlobMime, ReportEnvelope } from '../sync/envelope';
import { DELIVERABLE_LIMITS, DeliverableMime } from '../period/deliverable';
import { DeliverablePush } from '../sync/deliverables';
import { FaultBody } from './service-sync';
import { DeviceName, type PullPage, type ReportAccepted } from '../sync/protocol';
import type { ReceiptKey } from '../sync/receipt';

/** What the device knows about its enrollment; the same shape is kept in the renderer's syncState. */
export interface EnrollmentSummary {
  officeUrl: string;
  office: { id: string; name: string };
  deviceId: string;
  deviceName: string;
  engineer: { id: string; name: string };
  hospitalIds: string[];
  /** Pinned at enrollment: every receipt must verify with this key. */
  receiptKey: ReceiptKey;
  caCertificatePem: string;
  /** The office CA's short fingerprint (src-shared/sync/enrollment-code.ts), as the admin hands it over. */
  caFingerprint?: string;
  /**
   * How every call to the office is trusted: 'office-ca' = HTTPS verified against caCertificatePem
   * only (pinned at enrollment from the fingerprint handed over with the code); 'system' = the
   * system CA store, or plain HTTP. Absent in enrollments made before pinning: 'system'.
   */
  officeTrust?: 'office-ca' | 'system';
  /** Where people reach the office's paper check, when the office names one apart from officeUrl: reports' QR codes lead there. */
  verifyUrl?: string;
  /** The certificate the office CA issued for the device's signing key. */
  certificate: { subject: string; issuer: string; notAfter: string; fingerprint: string };
  enrolledAt: string;
}

/**
 * `enrolling`: an enrollment is under way in the main process (a page reloaded right after 注册
 * learns that one is coming and asks again until it ends).
 */
export type SyncStatus = ({ enrolled: false } | ({ enrolled: true } & EnrollmentSummary)) & { enrolling?: true };

/** http(s) only; a trailing slash or path prefix is kept (an office behind a reverse proxy). */
export const OfficeUrl = z
  .string()
  .trim()
  .max(500)
  .refine((text) => {
    try {
      const url = new URL(text);
      return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash;
    } catch {
      return false;
    }
  }, 'expected an http:// or https:// address without user, query or fragment');

export const EnrollInput = z
  .object({
    officeUrl: OfficeUrl,
    code: z.string().trim().min(4).max(64),
    deviceName: DeviceName,
  })
  .strict();

export const PullInput = z
  .object({ cursor: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() })
  .strict();

export const MissingBlobsInput = z.object({ sha256: z.array(Sha256Hex).max(5000) }).strict();

const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected plain base64');

/**
 * A blob to PUT: photo and signature bytes travel from the renderer's store; the signed PDF is
 * named by where the main process filed it and read there, so it never crosses the RPC boundary.
 */
export const PutBlobInput = z.union([
  // A deliverable's attached file may also be a Word or Excel file (issue 12).
  z.object({ sha256: Sha256Hex, mime: z.union([BlobMime, DeliverableMime]), base64: Base64 }).strict(),
  z.object({ sha256: Sha256Hex, report: ReportLocator }).strict(),
]);
export type PutBlobInput = z.infer<typeof PutBlobInput>;

export const PushReportInput = z.object({ envelope: ReportEnvelope }).strict();

/** A blob copied aside for the next offline bundle (photos, signatures, scans: the PDF is read from its file). */
export const StageBlobInput = z.object({ sha256: Sha256Hex, base64: Base64 }).strict();

export const ExportBundleInput = z
  .object({
    reports: z.array(ReportEnvelope).max(10_000),
    /** Where each report's PDF was filed, by its SHA-256. */
    pdfs: z.array(z.object({ sha256: Sha256Hex, report: ReportLocator }).strict()).max(10_000),
    /**
     * Service records (issue 11), each as pushed online (record + version), with the files of it
     * this device holds, staged beforehand; files another device added are at the office already.
     */
    faults: z
      .array(z.object({ fault: FaultBody, blobs: z.array(z.object({ sha256: Sha256Hex, size: z.number().int().min(1) }).strict()).max(1000) }).strict())
      .max(10_000)
      .default([]),
    /** Deliverables-register entries (issue 12), with their staged files; a produced report's PDF is named in `pdfs`. */
    deliverables: z
      .array(z.object({ entry: DeliverablePush, blobs: z.array(z.object({ sha256: Sha256Hex, size: z.number().int().min(1) }).strict()).max(DELIVERABLE_LIMITS.history + 1) }).strict())
      .max(10_000)
      .default([]),
  })
  .strict()
  .refine((input) => input.reports.length + input.faults.length + input.deliverables.length > 0, 'a bundle carries at least one report, service record or register entry');

export interface BlobPut {
  created: boolean;
  size: number;
}

/** Under Electron the file is written where the engineer chose; in the web host the page downloads the bytes. */
export type BundleExport =
  | { kind: 'saved'; path: string; bundleId: string; reports: number; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; bundleId: string; reports: number; bytes: number; base64: string };

export type { PullPage, ReportAccepted };

/** The enrollment part of a status, for keeping beside the device's data. */
export function summaryOf(status: SyncStatus): EnrollmentSummary | undefined {
  if (!status.enrolled) return undefined;
  const { officeUrl, office, deviceId, deviceName, engineer, hospitalIds, receiptKey, caCertificatePem, caFingerprint, officeTrust, verifyUrl, certificate, enrolledAt } = status;
  return {
    officeUrl,
    office,
    deviceId,
    deviceName,
    engineer,
    hospitalIds,
    receiptKey,
    caCertificatePem,
    ...(caFingerprint ? { caFingerprint } : {}),
    ...(officeTrust ? { officeTrust } : {}),
    ...(verifyUrl ? { verifyUrl } : {}),
    certificate,
    enrolledAt,
  };
}
