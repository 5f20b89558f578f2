/**
 * Reference data: hospitals, their contracts and hardware units. One file per hospital in
 * assets/catalog/hospitals/ (the demo data); later the office service delivers the same shapes.
 */
import { z } from 'zod';
import { CATALOG_LIMITS } from '../domain/limits';
import { Cadence, Deliverable, Evaluation, Fees, WINDOW_MONTHS } from './period-schema';
import { HardwareType, LocalizedLongText, LocalizedText, Severity, Slug } from './schema';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/** A span of time a contract promises; working hours and days follow the contract's calendar. */
export const Duration = z
  .object({
    amount: z.number().min(0),
    unit: z.enum(['minute', 'hour', 'day', 'working_hour', 'working_day']),
  })
  .strict();
export type Duration = z.infer<typeof Duration>;

/**
 * What a service record is (issue 11): a fault, or one of the service requests the contracts list
 * with their own times (咨询, 日常维护, 需求变更/修改调整, 数据修复, 常规服务 such as reports, data
 * dictionaries and parameters, 维护培训).
 */
export const ServiceKind = z.enum(['fault', 'consultation', 'maintenance', 'change', 'data_repair', 'routine', 'training']);
export type ServiceKind = z.infer<typeof ServiceKind>;

/** The promised steps a clock runs for, in the order a record goes through them. */
export const PromiseStep = z.enum(['respond', 'setOut', 'onSite', 'propose', 'resolve']);
export type PromiseStep = z.infer<typeof PromiseStep>;

const Promises = {
  /** Amount 0 means "immediately" (立即响应): due at the start, met by a response at once. */
  respond: Duration.optional(),
  /** Seed 003's 出发: the engineer sets out (not arrives) within this time. */
  setOut: Duration.optional(),
  onSite: Duration.optional(),
  /** Seed 002: a solution proposed (提出解决方案), where the contract promises no resolution time. */
  propose: Duration.optional(),
  resolve: Duration.optional(),
};

/** Words copied from the seed, so a test can hold the data against the tender (whitespace aside). */
const SeedQuote = z.string().trim().min(2).max(CATALOG_LIMITS.text);

export const FaultLevel = z
  .object({
    id: Slug,
    name: LocalizedText,
    description: LocalizedLongText,
    /** The template severity this level answers to; a failed item suggests the level with its severity. */
    severity: Severity,
    /** Which kinds of record take this level; faults unless the contract lists it as a service request. */
    kinds: z.array(ServiceKind).min(1).default(['fault']),
    ...Promises,
    /**
     * Where the solution clock starts: at the report like every other, or (002: "在响应后 3 个工作日内
     * 提出解决方案") at the response.
     */
    proposeFrom: z.enum(['start', 'response']).default('start'),
    /** What meets the on-site promise: arriving, or (where the contract allows it) a remote session. */
    onSiteBy: z.enum(['arrival', 'arrival_or_remote']).default('arrival'),
    /** What "resolved" means when no duration is promised (workaround, Service Pack, agreed date). */
    resolveNote: LocalizedLongText.optional(),
    /** Targets that apply when the record is reported outside service hours, where the contract sets different ones (001). */
    outsideHours: z.object(Promises).strict().optional(),
    /** The seed's own words for this level's promises. */
    quotes: z.array(SeedQuote).max(10).default([]),
    /**
     * A promise the seed states differently elsewhere (004: Fatal resolved in 2 h in one table, 4 h
     * in another). Both are kept; the level's own field is what the clock uses, and `why` says why.
     */
    alsoStated: z
      .array(z.object({ step: PromiseStep, target: Duration, quote: SeedQuote, why: LocalizedLongText }).strict())
      .max(5)
      .default([]),
  })
  .strict();
export type FaultLevel = z.infer<typeof FaultLevel>;

/**
 * A level without any time gives the clock nothing to run (issue 14): a level that takes faults
 * must promise one; a service request may promise none (004's 维护培训 is booked, not timed) when
 * its resolveNote says so. Checked where data is written (catalog files, the console), not in
 * FaultLevel itself, which also reads what offices and devices already hold.
 */
export const promisesTime = (l: Partial<Record<PromiseStep, unknown>> & { kinds: readonly string[]; resolveNote?: unknown }): boolean =>
  PromiseStep.options.some((s) => l[s] !== undefined) || (!l.kinds.includes('fault') && l.resolveNote !== undefined);

export const ServiceHours = z
  .object({
    /** ISO weekdays 1 (Mon) … 7 (Sun); "workdays" follow the calendar instead (holidays, 调休). */
    days: z.union([z.literal('workdays'), z.array(z.number().int().min(1).max(7)).min(1)]),
    start: Clock,
    end: Clock,
    phone24x7: z.boolean(),
    faultResponse24x7: z.boolean(),
    description: LocalizedLongText,
  })
  .strict();

export const Department = z
  .object({ id: Slug, name: LocalizedText, rooms: z.array(z.string().min(1).max(CATALOG_LIMITS.room)).default([]) })
  .strict();
export type Department = z.infer<typeof Department>;

export const Campus = z
  .object({ id: Slug, name: LocalizedText, departments: z.array(Department).min(1) })
  .strict();
export type Campus = z.infer<typeof Campus>;

/** Text of a contact entry, bounded: it is entered at the office and shown on every device. */
const ContactText = (max: number) =>
  z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();

/**
 * A phone number as people write it, checked loosely: digits, spaces, -, +, brackets, and an
 * extension after 分机, 转 or ext. ("0766-7512345 分机 8001", "+86 20 8382 7812 ext. 12").
 */
export const Phone = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^\+?[\d\s()-]*\d(?:\s*(?:分机|转|ext\.?|x)\s*\d+)?$/i, 'expected a phone number: digits, spaces, -, +, and 分机 or ext. before an extension');

/** Whom the engineer calls at the hospital: the IT office (信息科), a department's head, or someone else. */
export const ContactRole = z.enum(['it_office', 'department_head', 'other']);
export type ContactRole = z.infer<typeof ContactRole>;

export const Contact = z
  .object({
    role: ContactRole,
    /** The department a head leads (or where someone sits); `campusId` where the hospital has several. */
    campusId: Slug.optional(),
    departmentId: Slug.optional(),
    /** A person's name as written; absent for a desk or a duty phone. */
    name: z.string().trim().min(1).max(40).optional(),
    title: ContactText(60).optional(),
    phones: z.array(Phone).max(4).default([]),
    note: ContactText(200).optional(),
  })
  .strict()
  .refine((c) => c.name !== undefined || c.phones.length > 0, 'a contact needs a name or a phone number')
  .refine((c) => c.role !== 'department_head' || c.departmentId !== undefined, { message: 'a department head needs a departmentId', path: ['departmentId'] });
export type Contact = z.infer<typeof Contact>;

export const Hospital = z
  .object({
    id: Slug,
    name: LocalizedText,
    city: LocalizedText,
    campuses: z.array(Campus).min(1),
    /** Optional: catalogs and office data from before contacts existed still validate. */
    contacts: z.array(Contact).max(50).optional(),
  })
  .strict()
  .superRefine((h, ctx) => {
    h.contacts?.forEach((c, i) => {
      const campuses = c.campusId === undefined ? h.campuses : h.campuses.filter((campus) => campus.id === c.campusId);
      if (campuses.length === 0) ctx.addIssue({ code: 'custom', path: ['contacts', i, 'campusId'], message: `unknown campus "${c.campusId}"` });
      else if (c.departmentId !== undefined && !campuses.some((campus) => campus.departments.some((d) => d.id === c.departmentId))) {
        ctx.addIssue({ code: 'custom', path: ['contacts', i, 'departmentId'], message: `unknown department "${c.departmentId}"` });
      }
    });
  });
export type Hospital = z.infer<typeof Hospital>;

export const SignRole = z.enum(['engineer', 'department', 'it_office']);
export type SignRole = z.infer<typeof SignRole>;

export const CoveredSystem = z
  .object({ id: Slug, templateId: Slug, name: LocalizedText })
  .strict();
export type CoveredSystem = z.infer<typeof CoveredSystem>;

export const Contract = z
  .object({
    id: Slug,
    hospitalId: Slug,
    /** The tender document it comes from, e.g. "000_b040cb3abd7e4e1e.txt". */
    seed: z.string().min(1),
    name: LocalizedText,
    period: z.object({ start: z.iso.date(), end: z.iso.date() }).strict(),
    campusIds: z.array(Slug).min(1),
    systems: z.array(CoveredSystem),
    /** Hardware templates the contract covers (queue-calling screens, kiosks, ambulance kits). */
    hardwareTemplateIds: z.array(Slug).default([]),
    serviceHours: ServiceHours,
    /** Calendar id in assets/calendars (public holidays and 调休 make-up workdays). */
    calendar: Slug,
    /**
     * When the clocks start: when the fault was reported by any means, or (004: "自甲方向乙方发出书面
     * 报告错误之时起计") when the hospital's written report was sent.
     */
    clockStart: z.enum(['reported', 'written_report']).default('reported'),
    /** The contract asks for a phone follow-up (电话回访, 优/良/差) after every repair (002). */
    followUpCalls: z.boolean().default(false),
    faultLevels: z.array(FaultLevel).min(1),
    inspection: z
      .object({
        perYear: z.number().int().min(1).max(52),
        description: LocalizedLongText,
        /** Issue 12: the windows each system and hardware group is due in; absent where the contract sets none. */
        cadence: Cadence.optional(),
      })
      .strict(),
    signOff: z
      .object({ roles: z.array(SignRole).min(1), copies: z.number().int().min(1).max(3), description: LocalizedLongText })
      .strict(),
    /** What the vendor hands in per window (issue 12); empty where the contract lists nothing. */
    deliverables: z.array(Deliverable).max(30).default([]),
    /** How the service is judged; contracts from before issue 12 ask for no verdict. */
    evaluation: Evaluation.default({ signOff: { scale: 'none', by: [] } }),
    fees: Fees.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const periodProblem = c.period.start > c.period.end ? 'the period must not end before it starts' : undefined;
    if (periodProblem) ctx.addIssue({ code: 'custom', path: ['period'], message: periodProblem });
    const cadence = c.inspection.cadence;
    if (cadence && WINDOW_MONTHS[cadence.every] * c.inspection.perYear !== 12) {
      ctx.addIssue({ code: 'custom', path: ['inspection', 'cadence', 'every'], message: `one inspection every ${cadence.every} is not ${c.inspection.perYear} a year` });
    }
    if (new Set(c.deliverables.map((d) => d.id)).size !== c.deliverables.length) {
      ctx.addIssue({ code: 'custom', path: ['deliverables'], message: 'deliverable ids must be unique' });
    }
    const levels = new Set(c.faultLevels.map((l) => l.id));
    c.evaluation.annex004?.noticeFailurePenalty.forEach((p, i) => {
      if (!levels.has(p.levelId)) ctx.addIssue({ code: 'custom', path: ['evaluation', 'annex004', 'noticeFailurePenalty', i, 'levelId'], message: `unknown fault level "${p.levelId}"` });
    });
    const systems = new Set(c.systems.map((s) => s.id));
    Object.keys(c.fees?.systems ?? {}).forEach((id) => {
      if (!systems.has(id)) ctx.addIssue({ code: 'custom', path: ['fees', 'systems', id], message: `unknown system "${id}"` });
    });
    c.evaluation.signOff.by.forEach((role, i) => {
      if (!c.signOff.roles.includes(role)) ctx.addIssue({ code: 'custom', path: ['evaluation', 'signOff', 'by', i], message: `"${role}" does not sign this contract's sheets` });
    });
  });
export type Contract = z.infer<typeof Contract>;

export const Asset = z
  .object({
    id: Slug,
    contractId: Slug,
    hardwareType: HardwareType,
    templateId: Slug,
    /** Printed on the unit's label; a USB scanner types it like a keyboard. Starts with a letter. */
    assetTag: z.string().regex(/^[A-Z][A-Z0-9-]{2,31}$/, 'expected an upper-case tag starting with a letter, e.g. MZ-SCR-001'),
    name: LocalizedText,
    model: z.string().min(1).max(CATALOG_LIMITS.name),
    campusId: Slug,
    departmentId: Slug,
    room: z.string().min(1).max(CATALOG_LIMITS.room),
  })
  .strict();
export type Asset = z.infer<typeof Asset>;

/** One demo/reference file: a hospital with its contracts and hardware units. */
export const HospitalFile = z
  .object({ hospital: Hospital, contracts: z.array(Contract).min(1), assets: z.array(Asset).default([]) })
  .strict()
  .superRefine((f, ctx) => {
    const campusIds = new Set(f.hospital.campuses.map((c) => c.id));
    const deptIds = new Set(f.hospital.campuses.flatMap((c) => c.departments.map((d) => `${c.id}/${d.id}`)));
    const rooms = new Map(f.hospital.campuses.flatMap((c) => c.departments.map((d): [string, string[]] => [`${c.id}/${d.id}`, d.rooms])));
    const contractIds = new Set(f.contracts.map((c) => c.id));
    f.contracts.forEach((c, ci) => {
      if (c.hospitalId !== f.hospital.id) {
        ctx.addIssue({ code: 'custom', path: ['contracts', ci, 'hospitalId'], message: `must be "${f.hospital.id}"` });
      }
      c.campusIds.forEach((id, i) => {
        if (!campusIds.has(id)) ctx.addIssue({ code: 'custom', path: ['contracts', ci, 'campusIds', i], message: `unknown campus "${id}"` });
      });
      c.faultLevels.forEach((l, li) => {
        if (!promisesTime(l)) {
          const message = `level "${l.id}" promises no time: give respond, setOut, onSite, propose or resolve (only a service request whose resolveNote says why may have none)`;
          ctx.addIssue({ code: 'custom', path: ['contracts', ci, 'faultLevels', li, 'respond'], message });
        }
      });
    });
    const tags = new Set<string>();
    f.assets.forEach((a, ai) => {
      if (!contractIds.has(a.contractId)) ctx.addIssue({ code: 'custom', path: ['assets', ai, 'contractId'], message: `unknown contract "${a.contractId}"` });
      if (!deptIds.has(`${a.campusId}/${a.departmentId}`)) {
        ctx.addIssue({ code: 'custom', path: ['assets', ai, 'departmentId'], message: `unknown department "${a.campusId}/${a.departmentId}"` });
      } else if (!rooms.get(`${a.campusId}/${a.departmentId}`)!.includes(a.room)) {
        ctx.addIssue({ code: 'custom', path: ['assets', ai, 'room'], message: `room "${a.room}" is not one of department "${a.campusId}/${a.departmentId}"'s rooms` });
      }
      if (tags.has(a.assetTag)) ctx.addIssue({ code: 'custom', path: ['assets', ai, 'assetTag'], message: `duplicate asset tag "${a.assetTag}"` });
      tags.add(a.assetTag);
    });
  });
export type HospitalFile = z.infer<typeof HospitalFile>;
