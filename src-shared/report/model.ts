/**
 * What the renderer sends to the main process to make a signed report (`report.create`) or a
 * blank sheet for wet-ink sign-off (`report.blankSheet`). Everything is already formatted text in
 * the report's language: the main process lays it out, it does not interpret answers again.
 */
import { z } from 'zod';
import { SignRole } from '../catalog/reference';
import { Template } from '../catalog/schema';

export const ReportLocale = z.enum(['zh-CN', 'en']);
export type ReportLocale = z.infer<typeof ReportLocale>;

/** Text that goes on paper; bounded so one bad field cannot make a thousand-page PDF. */
const line = (max = 200) => z.string().trim().max(max);
const para = (max = 2000) => z.string().max(max);

/** Report numbers become file names: keep them to a safe alphabet (e.g. "XJ-2025-0001"). */
export const ReportNumber = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, "-" and "_" only, at most 64');

/** Lower-case hex SHA-256 of the inspection's canonical JSON (src-shared/crypto/canonical.ts). */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lower-case hex digits');

/** Ids that become folder names (hospital id): the catalog's slug alphabet. */
const SafeId = z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/, 'expected a lower-case slug');

export const ItemResult = z.enum(['pass', 'fail', 'na', 'value']);
export type ItemResult = z.infer<typeof ItemResult>;

export const ReportRow = z
  .object({
    /** Printed number, e.g. "3" or "2.4". */
    no: line(16),
    item: line(300),
    guidance: para(1000).optional(),
    /** 'value' = a reading or text answer that is printed in `value`; its failure, if any, is `finding`. */
    result: ItemResult,
    /** The formatted answer: a reading ("85.2"), a choice label or a text answer. */
    value: para(1000).optional(),
    unit: line(40).optional(),
    /** The normal range already formatted, e.g. "≤ 80" or "10 – 90". */
    range: line(80).optional(),
    note: para(2000).optional(),
    /** Failed or out of range: highlighted in the table and listed again under findings. */
    finding: z.boolean(),
    /** The contract's fault level name for a finding, e.g. "三级". */
    level: line(40).optional(),
  })
  .strict();
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportSection = z
  .object({
    /** The system or unit type inspected, e.g. "医院信息系统（HIS）". */
    title: line(200),
    /** e.g. "诊室叫号屏 · MZ-SCR-001 · 门诊部 / 3 诊室". */
    subtitle: line(300).optional(),
    rows: z.array(ReportRow).max(500),
  })
  .strict();
export type ReportSection = z.infer<typeof ReportSection>;

export const ReportFinding = z
  .object({ section: line(200), item: line(300), note: para(2000), level: line(40).optional() })
  .strict();
export type ReportFinding = z.infer<typeof ReportFinding>;

/** Photos must already be resized by the renderer (≈1600 px JPEG); ~1 MB each at most. */
export const MAX_PHOTOS = 20;
export const MAX_PHOTO_BASE64 = 1_400_000;

export const ReportPhoto = z
  .object({
    id: line(100),
    caption: line(300),
    mime: z.enum(['image/jpeg', 'image/png']),
    dataBase64: z.string().max(MAX_PHOTO_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected plain base64, no data: prefix'),
    width: z.number().int().min(1).max(10_000),
    height: z.number().int().min(1).max(10_000),
  })
  .strict();
export type ReportPhoto = z.infer<typeof ReportPhoto>;

export const ReportSignature = z
  .object({
    role: SignRole,
    name: line(100),
    /** ISO date-time. */
    signedAt: z.iso.datetime({ offset: true }),
    /** The handwritten signature as PNG (transparent or white background), plain base64. */
    pngBase64: z.string().max(400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected plain base64, no data: prefix'),
  })
  .strict();
export type ReportSignature = z.infer<typeof ReportSignature>;

export const Rating = z.enum(['excellent', 'good', 'poor']);
export type Rating = z.infer<typeof Rating>;

export const ReportInput = z
  .object({
    locale: ReportLocale,
    /** The inspection id. */
    reportId: line(100).min(1),
    reportNumber: ReportNumber,
    hash: Sha256Hex,
    hospital: z.object({ id: SafeId, name: line(200).min(1) }).strict(),
    campus: line(200).optional(),
    departments: z.array(line(200)).max(50),
    contract: z.object({ id: line(100), name: line(300), number: line(100).optional() }).strict(),
    engineer: line(100).min(1),
    startedAt: z.iso.datetime({ offset: true }),
    completedAt: z.iso.datetime({ offset: true }),
    sections: z.array(ReportSection).min(1).max(200),
    findings: z.array(ReportFinding).max(1000),
    recommendations: para(5000).optional(),
    photos: z.array(ReportPhoto).max(MAX_PHOTOS),
    signatures: z.array(ReportSignature).max(6),
    rating: z.object({ value: Rating, comment: para(1000).optional() }).strict(),
    /** Print two copies in one file: 第一联（医院留存） and 第二联（服务商留存）. */
    duplicate: z.boolean(),
  })
  .strict();
export type ReportInput = z.infer<typeof ReportInput>;

/** A hardware unit a blank sheet repeats its per-asset items for. */
export const BlankSheetUnit = z
  .object({
    templateId: z.string().min(1),
    name: line(200),
    assetTag: line(40),
    /** e.g. "门诊部 / 3 诊室". */
    location: line(200).optional(),
  })
  .strict();
export type BlankSheetUnit = z.infer<typeof BlankSheetUnit>;

/**
 * A sheet to print and fill in by hand: the templates' items with empty result and note columns.
 * Items marked per-asset are repeated once per unit given for their template (or once, with a
 * blank unit line, when no unit is given).
 */
export const BlankSheetInput = z
  .object({
    locale: ReportLocale,
    templates: z.array(Template).min(1).max(40),
    units: z.array(BlankSheetUnit).max(200).default([]),
    hospital: line(200).optional(),
    contract: line(300).optional(),
    /** Whose signature lines to print; defaults to engineer, department and IT office. */
    roles: z.array(SignRole).min(1).max(3).default(['engineer', 'department', 'it_office']),
    duplicate: z.boolean().default(false),
  })
  .strict();
export type BlankSheetInput = z.infer<typeof BlankSheetInput>;
export type BlankSheetRequest = z.input<typeof BlankSheetInput>;

/** Where a signed report lives: dataDir/reports/<hospitalId>/<month>/<reportNumber>.pdf. */
export const ReportLocator = z
  .object({
    hospitalId: SafeId,
    /** yyyy-mm of the inspection's completion, in the device's time zone. */
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected yyyy-mm'),
    reportNumber: ReportNumber,
  })
  .strict();
export type ReportLocator = z.infer<typeof ReportLocator>;

/** Characters the embedded font cannot draw: printed as a visible marker, never dropped. */
export interface ReplacedCharacter {
  char: string;
  /** e.g. "U+1F600". */
  codePoint: string;
  count: number;
}

export interface ReportCreated extends ReportLocator {
  /** Absolute path of the signed PDF on this device. */
  path: string;
  /** Hex SHA-256 of the signed PDF file. */
  sha256: string;
  size: number;
  /** The signing certificate's subject common name. */
  signedBy: string;
  replaced: ReplacedCharacter[];
}

export interface PdfBytes {
  pdfBase64: string;
}

export interface BlankSheetCreated extends PdfBytes {
  replaced: ReplacedCharacter[];
}

/**
 * "Save a copy": under Electron the main process asks where and writes it; in the web host the
 * renderer gets the bytes and downloads them itself.
 */
export type SaveCopyResult =
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; pdfBase64: string };

/** The certificate this device signs reports with. */
export interface SigningIdentity {
  subject: string;
  issuer: string;
  /** Hex SHA-256 of the certificate's DER, colon-separated like browsers show it. */
  fingerprint: string;
  /** True until the office CA has issued a certificate for this device's key. */
  selfSigned: boolean;
  notAfter: string;
}
