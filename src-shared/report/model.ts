/**
 * What the renderer sends to the main process to make a signed report (`report.create`) or a
 * blank sheet for wet-ink sign-off (`report.blankSheet`). Everything is already formatted text in
 * the report's language: the main process lays it out, it does not interpret answers again.
 */
import { z } from 'zod';
import { SignRole } from '../catalog/reference';
import { Template } from '../catalog/schema';
import { CATALOG_LIMITS, LIMITS } from '../domain/limits';

export const ReportLocale = z.enum(['zh-CN', 'en']);
export type ReportLocale = z.infer<typeof ReportLocale>;

/**
 * Text that goes on paper, sized from the limits the input and the store enforce (and the
 * catalog's, for what comes from templates), so whatever the device accepted also renders.
 */
const line = (max: number) => z.string().trim().max(max);
const para = (max: number) => z.string().max(max);

/** "X（整体检查）" around a template's name, "（续）" and the like: room for the words around a name. */
const WORDING = 40;
/** A section's title: a system's or unit's name, or a template's name with wording around it. */
const TITLE_MAX = CATALOG_LIMITS.name + WORDING;
/** A unit's subtitle: "<template> · <asset tag> · <department> / <room>". */
const SUBTITLE_MAX = 2 * CATALOG_LIMITS.name + CATALOG_LIMITS.room + 32 + WORDING;
/** A unit of measure, and a normal range written out with it ("10–90 %"). */
const UNIT_MAX = 40;
const RANGE_MAX = UNIT_MAX + 2 * 24 + 8;
/** A photo's caption and an overflow part's title: "<section> · <item>" with wording. */
const CAPTION_MAX = TITLE_MAX + CATALOG_LIMITS.label + WORDING;

/** The sizes of the fields the renderer composes itself, for it to fit text to. */
export const REPORT_FIELD_MAX = { title: TITLE_MAX, subtitle: SUBTITLE_MAX, caption: CAPTION_MAX } as const;

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
    item: line(CATALOG_LIMITS.label),
    guidance: para(CATALOG_LIMITS.text).optional(),
    /** 'value' = a reading or text answer that is printed in `value`; its failure, if any, is `finding`. */
    result: ItemResult,
    /** The formatted answer: a reading ("85.2"), a choice label or a text answer. */
    value: para(Math.max(LIMITS.textAnswer, CATALOG_LIMITS.label)).optional(),
    unit: line(UNIT_MAX).optional(),
    /** The normal range already formatted, e.g. "≤ 80" or "10 – 90". */
    range: line(RANGE_MAX).optional(),
    note: para(LIMITS.note).optional(),
    /** Failed or out of range: highlighted in the table and listed again under findings. */
    finding: z.boolean(),
    /** The contract's fault level name for a finding, e.g. "三级"; for a service-quality item, the words for that (服务质量). */
    level: line(CATALOG_LIMITS.name).optional(),
    /** An item about the vendor's service: `level` names no fault level and is not printed as one. */
    serviceQuality: z.literal(true).optional(),
  })
  .strict();
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportSection = z
  .object({
    /** A system, one hardware unit, or the items asked once for a unit type. */
    kind: z.enum(['system', 'unit', 'type']),
    /** The system or unit inspected, e.g. "医院信息系统（HIS）", "内科诊室1叫号屏". */
    title: line(TITLE_MAX),
    /** e.g. "诊室叫号屏 · MZ-SCR-001 · 门诊部 / 3 诊室"; for a system, its checklist when named otherwise. */
    subtitle: line(SUBTITLE_MAX).optional(),
    rows: z.array(ReportRow).max(CATALOG_LIMITS.itemsPerTemplate),
  })
  .strict();
export type ReportSection = z.infer<typeof ReportSection>;

/** The rows marked `finding`, in the order they appear in `sections`. */
export const ReportFinding = z
  .object({
    section: line(TITLE_MAX),
    item: line(CATALOG_LIMITS.label),
    note: para(LIMITS.note),
    level: line(CATALOG_LIMITS.name).optional(),
    serviceQuality: z.literal(true).optional(),
  })
  .strict();
export type ReportFinding = z.infer<typeof ReportFinding>;

/**
 * Every photo of the inspection is printed, as a print copy the renderer makes (≤ 1200 px JPEG,
 * re-encoded smaller until it fits): 100 of them stay well inside one RPC message.
 */
export const MAX_PHOTOS = LIMITS.photosPerInspection;
export const MAX_PHOTO_BASE64 = 400_000;

export const ReportPhoto = z
  .object({
    id: line(100),
    caption: line(CAPTION_MAX),
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
    name: line(LIMITS.personName),
    /** ISO date-time. */
    signedAt: z.iso.datetime({ offset: true }),
    /** The handwritten signature as PNG (transparent or white background), plain base64. */
    pngBase64: z.string().max(400_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected plain base64, no data: prefix'),
  })
  .strict();
export type ReportSignature = z.infer<typeof ReportSignature>;

export const Rating = z.enum(['excellent', 'good', 'poor']);
export type Rating = z.infer<typeof Rating>;

/**
 * One evaluator's verdict as the contract words it, e.g. 使用科室评价 / 合格 or 用户满意度（信息科）/ 优;
 * `bad` (不合格, 差) is printed so it stands out.
 */
export const ReportVerdict = z
  .object({ label: line(CATALOG_LIMITS.name + WORDING), value: line(16), bad: z.boolean() })
  .strict();
export type ReportVerdict = z.infer<typeof ReportVerdict>;

/**
 * Text that outgrew its field before the limits existed (a device's older inspections may hold a
 * note longer than LIMITS.note). It is signed as it is, so the report prints it whole: the field
 * shows its beginning and a reference, the rest follows here in parts.
 */
export const ReportOverflow = z
  .object({ ref: line(16), title: line(CAPTION_MAX), text: para(LIMITS.note) })
  .strict();
export type ReportOverflow = z.infer<typeof ReportOverflow>;

/** Signer roles as a contract names them, where it differs from the app's words (issue 12). */
export const RoleNames = z.object({ engineer: line(CATALOG_LIMITS.name), department: line(CATALOG_LIMITS.name), it_office: line(CATALOG_LIMITS.name) }).partial().strict();
export type RoleNames = z.infer<typeof RoleNames>;

export const ReportInput = z
  .object({
    locale: ReportLocale,
    /** The inspection id. */
    reportId: line(100).min(1),
    reportNumber: ReportNumber,
    hash: Sha256Hex,
    hospital: z.object({ id: SafeId, name: line(CATALOG_LIMITS.name).min(1) }).strict(),
    campus: line(CATALOG_LIMITS.name).optional(),
    departments: z.array(line(CATALOG_LIMITS.name)).max(LIMITS.subjects),
    contract: z.object({ id: line(100), name: line(CATALOG_LIMITS.name), number: line(100).optional() }).strict(),
    engineer: line(LIMITS.personName).min(1),
    startedAt: z.iso.datetime({ offset: true }),
    completedAt: z.iso.datetime({ offset: true }),
    sections: z.array(ReportSection).min(1).max(LIMITS.subjects),
    findings: z.array(ReportFinding).max(LIMITS.steps),
    recommendations: para(LIMITS.recommendations).optional(),
    photos: z.array(ReportPhoto).max(MAX_PHOTOS),
    signatures: z.array(ReportSignature).max(6),
    /** A signer's box titled as the contract names the role where it differs (004: 信息中心). */
    roleNames: RoleNames.optional(),
    /** 巡检方式 as printed (现场 / 远程); absent for inspections from before issue 12. */
    mode: line(20).optional(),
    /** Reports of records signed before issue 12: their one rating. */
    rating: z.object({ value: Rating, comment: para(LIMITS.ratingComment).optional() }).strict().optional(),
    /** The contract's verdicts (issue 12); empty where it asks none, and then no rating block is printed. */
    verdicts: z.array(ReportVerdict).max(3).default([]),
    verdictComment: para(LIMITS.ratingComment).optional(),
    /** Parts of over-long text from older inspections, referenced from where it begins. */
    overflow: z.array(ReportOverflow).max(2000).default([]),
    /** Print two copies in one file: 第一联（医院留存） and 第二联（服务商留存）. */
    duplicate: z.boolean(),
    /** The enrolled office's address: the QR code leads there to check the paper copy (none before enrollment). */
    verifyAt: z.url({ protocol: /^https?$/ }).max(500).optional(),
  })
  .strict();
export type ReportInput = z.infer<typeof ReportInput>;

/** A hardware unit a blank sheet repeats its per-asset items for. */
export const BlankSheetUnit = z
  .object({
    templateId: z.string().min(1),
    name: line(CATALOG_LIMITS.name),
    assetTag: line(40),
    /** e.g. "门诊部 / 3 诊室". */
    location: line(CATALOG_LIMITS.name + CATALOG_LIMITS.room + 8).optional(),
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
    units: z.array(BlankSheetUnit).max(LIMITS.subjects).default([]),
    hospital: line(CATALOG_LIMITS.name).optional(),
    contract: line(CATALOG_LIMITS.name).optional(),
    /** Whose signature lines to print; defaults to engineer, department and IT office. */
    roles: z.array(SignRole).min(1).max(3).default(['engineer', 'department', 'it_office']),
    roleNames: RoleNames.optional(),
    /**
     * The contract's verdicts to tick by hand: one line per evaluator with a box per value
     * (使用科室评价：□合格 □不合格). Empty: the contract asks none, and no rating block is printed.
     */
    verdicts: z
      .array(z.object({ label: line(CATALOG_LIMITS.name + WORDING), values: z.array(line(16)).min(2).max(3) }).strict())
      .max(3)
      .default([]),
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

/** All the text of a report, to learn before signing which of its characters the font lacks. */
export const UndrawableInput = z.object({ text: z.string().max(10_000_000) }).strict();
export type UndrawableInput = z.infer<typeof UndrawableInput>;

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
