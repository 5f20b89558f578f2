/**
 * What the renderer sends to the main process to make a service record's document (issue 11):
 * the written fault report (书面故障说明报告, seed 003) or the 维护单 in duplicate (seed 004), signed
 * like an inspection report (`service.document.create`), and the blank 维护单 printed for wet ink
 * (`service.document.blank`). Everything is already formatted text in the document's language; the
 * sizes follow SERVICE_LIMITS, so whatever the device accepted into a record also renders.
 */
import { z } from 'zod';
import { SignRole } from '../catalog/reference';
import { CATALOG_LIMITS } from '../domain/limits';
import { SERVICE_LIMITS } from '../service/record';
import { ReportLocale, ReportSignature, Sha256Hex } from './model';

const line = (max: number) => z.string().trim().max(max);
const para = (max: number) => z.string().max(max);
const Instant = z.iso.datetime({ offset: true });

/** A formatted time ("2026-03-14 09:30") or a span of them, with room for wording around it. */
const TIME_TEXT = 80;
/** A step's, promise's or status's name as printed. */
const LABEL = 60;
/** "<system or unit> · <asset tag> · <department> / <room>". */
const SUBJECT_MAX = 2 * CATALOG_LIMITS.name + CATALOG_LIMITS.room + 40;
/** What a timeline row says beside its time: a correction (old time and reason), a pause's reason, a withdrawal. */
const DETAIL_MAX = SERVICE_LIMITS.reason + 200;
/** The level with its promised times written out ("一级 · 响应 30 分钟；到场 6 小时；解决 6 小时"). */
const LEVEL_MAX = CATALOG_LIMITS.name + 600;

/** The kind of document; also the first letters of its number (see serviceDocumentPrefix). */
export const ServiceDocumentKind = z.enum(['fault_report', 'maintenance_sheet']);
export type ServiceDocumentKind = z.infer<typeof ServiceDocumentKind>;

/** One line of the timeline: a step, a correction of one, a withdrawal, a pause or a resume. */
export const ServiceTimelineRow = z
  .object({
    /** e.g. "响应", "更正：到场", "暂停计时". */
    label: line(LABEL).min(1),
    at: line(TIME_TEXT),
    /** e.g. "原时间 2026-03-14 09:30；原因：补记"; '' when there is nothing to add. */
    detail: para(DETAIL_MAX),
    by: line(SERVICE_LIMITS.personName),
    /** Superseded or withdrawn: printed grey, so the value that counts stands out. */
    superseded: z.boolean().default(false),
  })
  .strict();
export type ServiceTimelineRow = z.infer<typeof ServiceTimelineRow>;

/** How a promised step ended (or stands): the SLA outcome the document reports. */
export const SlaOutcome = z.enum(['met', 'late', 'open', 'overdue', 'paused']);
export type SlaOutcome = z.infer<typeof SlaOutcome>;

export const ServiceSlaRow = z
  .object({
    /** e.g. "响应", "到场（非工作时间）". */
    promise: line(LABEL).min(1),
    /** e.g. "30 分钟", "1 个工作日". */
    target: line(LABEL),
    due: line(TIME_TEXT),
    /** When the step that meets it happened; '' while it has not. */
    doneAt: line(TIME_TEXT),
    outcome: SlaOutcome,
    /** e.g. "按时", "超时 2 小时 15 分钟", "未完成，剩余 3 小时". */
    outcomeText: line(TIME_TEXT + LABEL).min(1),
  })
  .strict();
export type ServiceSlaRow = z.infer<typeof ServiceSlaRow>;

export const ServiceFollowUpRow = z
  .object({
    at: line(TIME_TEXT),
    contact: line(SERVICE_LIMITS.personName + SERVICE_LIMITS.phone + 8),
    rating: line(LABEL),
    comment: para(SERVICE_LIMITS.followUpComment),
    by: line(SERVICE_LIMITS.personName),
  })
  .strict();
export type ServiceFollowUpRow = z.infer<typeof ServiceFollowUpRow>;

/** The texts of the record, as the last text events left them ('' when never written). */
export const ServiceTexts = z
  .object({
    description: para(SERVICE_LIMITS.text),
    cause: para(SERVICE_LIMITS.text),
    workaround: para(SERVICE_LIMITS.text),
    resolution: para(SERVICE_LIMITS.text),
  })
  .strict();

export const ServiceDocumentInput = z
  .object({
    locale: ReportLocale,
    document: ServiceDocumentKind,
    /** The service record's id: the PDF's identity names it (pdf-identity.ts). */
    recordId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    /** Hex SHA-256 of the record's canonical JSON when the document was made: which version it vouches for. */
    recordHash: Sha256Hex,
    /** When the document is made (ISO): its month files it, like an inspection report's completion. */
    madeAt: Instant,
    /**
     * The zone the screen formatted the timeline's times in (IANA, e.g. "Asia/Shanghai"): the
     * signers' times are printed in it too, so one page never shows two clocks. Absent: the
     * main process's own zone.
     */
    timeZone: z
      .string()
      .max(64)
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'expected an IANA time zone such as "Asia/Shanghai"')
      .optional(),
    hospital: z.object({ id: z.string().regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/), name: line(CATALOG_LIMITS.name).min(1) }).strict(),
    contract: z.object({ id: line(100), name: line(CATALOG_LIMITS.name).min(1) }).strict(),
    title: line(SERVICE_LIMITS.title),
    subject: line(SUBJECT_MAX),
    /** e.g. "故障", "数据修复". */
    kind: line(LABEL),
    level: line(LEVEL_MAX),
    /** "王护士长 · 门诊部 · 0758-1234567". */
    reporter: line(SERVICE_LIMITS.personName + SERVICE_LIMITS.title + SERVICE_LIMITS.phone + 16),
    /** The department that uses the system (the 维护单's 使用科室); '' when unknown. */
    department: line(SERVICE_LIMITS.title),
    channel: line(LABEL),
    /** e.g. "处理中", "已解决", "已关闭". */
    status: line(LABEL),
    engineer: line(SERVICE_LIMITS.personName).min(1),
    /** The failed inspection item it came from, written out; '' when it did not. */
    origin: line(400),
    texts: ServiceTexts,
    timeline: z.array(ServiceTimelineRow).max(SERVICE_LIMITS.events),
    /** The calendar note when a year had no holiday data ("2028 年按周一至周五计算"); '' otherwise. */
    clockNote: para(300),
    sla: z.array(ServiceSlaRow).max(10),
    followUps: z.array(ServiceFollowUpRow).max(SERVICE_LIMITS.events),
    /** Drawn on the device; the 维护单 asks for department and IT centre besides the engineer. */
    signatures: z.array(ReportSignature).max(3),
  })
  .strict()
  .superRefine((input, ctx) => {
    const roles = input.signatures.map((s) => s.role);
    if (new Set(roles).size !== roles.length) ctx.addIssue({ code: 'custom', path: ['signatures'], message: 'one signature per role' });
    const needed: SignRole[] = input.document === 'maintenance_sheet' ? ['engineer', 'department', 'it_office'] : ['engineer'];
    for (const role of needed) {
      if (!roles.includes(role)) ctx.addIssue({ code: 'custom', path: ['signatures'], message: `the ${input.document} needs the ${role} signature` });
    }
  });
export type ServiceDocumentInput = z.infer<typeof ServiceDocumentInput>;
export type ServiceDocumentRequest = z.input<typeof ServiceDocumentInput>;

/**
 * A 维护单 to print and fill in by hand. Whatever is known is printed (a record's hospital, subject
 * and reference, so the scan can be matched to it later); the rest are lines to write on.
 */
export const ServiceBlankInput = z
  .object({
    locale: ReportLocale,
    hospital: line(CATALOG_LIMITS.name).optional(),
    contract: line(CATALOG_LIMITS.name).optional(),
    subject: line(SUBJECT_MAX).optional(),
    title: line(SERVICE_LIMITS.title).optional(),
    /** The record's id, printed as its reference. */
    recordId: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/).optional(),
    /** The contract's levels by name, to tick; none prints a line to write the level on. */
    levels: z.array(line(CATALOG_LIMITS.name)).max(10).default([]),
  })
  .strict();
export type ServiceBlankInput = z.infer<typeof ServiceBlankInput>;
export type ServiceBlankRequest = z.input<typeof ServiceBlankInput>;

/** GZ = 故障 (fault report), WH = 维护 (维护单). */
export function serviceDocumentPrefix(kind: ServiceDocumentKind): 'GZ' | 'WH' {
  return kind === 'fault_report' ? 'GZ' : 'WH';
}

/**
 * The number's fixed part: "GZ-WUHAN-CENTRAL-202603-". The main process adds the next free
 * counter for it (service-document-service.ts), so numbers stay in ReportNumber's alphabet and
 * within its 64 characters: the hospital's slug is cut to 32.
 */
export function serviceNumberStem(kind: ServiceDocumentKind, hospitalId: string, month: string): string {
  const hospital = hospitalId.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 32).replace(/-+$/, '');
  return `${serviceDocumentPrefix(kind)}-${hospital}-${month.replace('-', '')}-`;
}

/** A scan has no number of its own: "WHS-<day>-<start of its hash>" names it, unique with its content. */
export function scanNumber(sha256: string, at: Date): string {
  const day = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
  return `WHS-${day}-${sha256.slice(0, 12).toUpperCase()}`;
}
