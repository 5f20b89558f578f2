/**
 * A service record (issue 11): a fault or a service request on a contract's clock. The record is an
 * append-only list of events; everything shown (its level, its texts, the time of each step, its
 * pauses and follow-up) is folded from them (service/fold.ts). An edit is a new event that names
 * the one it corrects and gives a reason, so both values stay; two devices' edits merge as the
 * union of their events (service/merge.ts). The same shape is stored on the device, pushed to the
 * office (`PUT /api/v1/faults/<id>`, with the office's `version`) and read back there.
 */
import { z } from 'zod';
import { ServiceKind } from '../catalog/reference';
import { Slug } from '../catalog/schema';
import { CATALOG_LIMITS } from '../domain/limits';
import { Sha256Hex } from '../report/model';

/** How much each text may hold: the input caps it, the store refuses more, documents print it whole. */
export const SERVICE_LIMITS = {
  /** A record made from a failed item takes the item's label as its title, so a title holds any label. */
  title: CATALOG_LIMITS.label,
  /** Description, cause, workaround, resolution: one text each, replaced by later events. */
  text: 4000,
  reason: 500,
  personName: 100,
  phone: 40,
  followUpComment: 1000,
  /** Events of one record: a busy year's fault with every edit, pause and follow-up fits with room. */
  events: 2000,
  photos: 20,
  /**
   * The most a record may weigh as JSON (UTF-8). Events are counted and texts capped, but 2,000
   * events that each rewrite a 4,000-character text pass both at 24 MB; the office takes a fault
   * push of up to 32 MiB (src-server/config.ts faultBodyBytes), so the device refuses the event
   * that would take a record past this, and every record it holds can reach the office.
   */
  recordBytes: 30 * 1024 * 1024,
} as const;

/** How the problem reached the vendor; `inspection` links the record to the failed item it came from. */
export const ReportChannel = z.enum(['phone', 'remote', 'on_site', 'written', 'inspection']);
export type ReportChannel = z.infer<typeof ReportChannel>;

/**
 * The timeline's steps, in order. `written_report` is the hospital's written report where the
 * contract starts its clock there (004); `arrived` is on site, `remote_started` a remote session;
 * `solution_proposed` stands for resolution where the contract promises only that (002).
 */
export const Step = z.enum([
  'reported',
  'written_report',
  'responded',
  'set_out',
  'arrived',
  'remote_started',
  'workaround',
  'solution_proposed',
  'resolved',
  'closed',
  'followed_up',
]);
export type Step = z.infer<typeof Step>;

export const TextField = z.enum(['title', 'description', 'cause', 'workaround', 'resolution']);
export type TextField = z.infer<typeof TextField>;

export const FollowUpRating = z.enum(['excellent', 'good', 'poor']);
export type FollowUpRating = z.infer<typeof FollowUpRating>;

/** An ISO instant with its offset, as `Date#toISOString` writes it. */
const Instant = z.iso.datetime({ offset: true });

/** Event ids are `<device or writer id>-<counter>`: unique across devices, so merges are unions. */
export const EventId = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'letters, digits, "-" and "_" only');

/**
 * How far the device's clock could be trusted when the event was written: the office time learned
 * at the last sync plus the monotonic time since (`estimate`), and the gap to the device's clock.
 * Absent when the device never synced or rebooted since: then nothing can be said.
 */
export const ClockCheck = z
  .object({ officeEstimate: Instant, skewMs: z.number().int(), basis: z.enum(['monotonic']) })
  .strict();
export type ClockCheck = z.infer<typeof ClockCheck>;

/**
 * The event's place in the record's history: one more than the highest `seq` the writing device
 * held when it wrote it (a Lamport clock). The fold applies events in this order, then by device
 * time and id, so a device clock that was wrong when one event was written cannot put a later edit
 * before it; two devices' concurrent events fall in a fixed order every reader agrees on. Absent on
 * events built by hand in tests or tools: those order by device time only, before any numbered one.
 */
export const EventSeq = z.number().int().min(1).max(1_000_000);

const eventBase = {
  id: EventId,
  seq: EventSeq.optional(),
  /** When it was written, by the device's clock, and by whom. */
  recordedAt: Instant,
  by: z.string().trim().min(1).max(SERVICE_LIMITS.personName),
  clock: ClockCheck.optional(),
};

const Reason = z.string().trim().min(1).max(SERVICE_LIMITS.reason);

/** A step happened at `at` (the time claimed, which may be earlier than `recordedAt`). */
export const StepEvent = z
  .object({
    ...eventBase,
    type: z.literal('step'),
    step: Step,
    at: Instant,
    /** An edit: the event whose time this replaces, and why. Both stay in the history. */
    corrects: EventId.optional(),
    reason: Reason.optional(),
    /** A step taken back (recorded by mistake): with `corrects` and a reason, and no time of its own. */
    withdrawn: z.boolean().optional(),
  })
  .strict();

export const TextEvent = z
  .object({ ...eventBase, type: z.literal('text'), field: TextField, value: z.string().max(SERVICE_LIMITS.text) })
  .strict();

/** The record's kind and the contract's level for it; the first one confirms or changes a suggestion. */
export const ClassifyEvent = z
  .object({ ...eventBase, type: z.literal('classify'), kind: ServiceKind, levelId: Slug, reason: Reason.optional() })
  .strict();

/** The clock stops while the record waits on the hospital (a room is locked, a person is away). */
export const PauseEvent = z
  .object({ ...eventBase, type: z.literal('pause'), at: Instant, reason: Reason })
  .strict();
export const ResumeEvent = z.object({ ...eventBase, type: z.literal('resume'), at: Instant }).strict();

/** 电话回访: who was called, when, 优/良/差 and what they said. */
export const FollowUpEvent = z
  .object({
    ...eventBase,
    type: z.literal('follow_up'),
    at: Instant,
    contact: z.string().trim().min(1).max(SERVICE_LIMITS.personName),
    phone: z.string().trim().max(SERVICE_LIMITS.phone).optional(),
    rating: FollowUpRating,
    comment: z.string().max(SERVICE_LIMITS.followUpComment).default(''),
  })
  .strict();

/** A signed document made for the record (fault report, 维护单) or a scan of a wet-signed one. */
export const DocumentEvent = z
  .object({
    ...eventBase,
    type: z.literal('document'),
    document: z.enum(['fault_report', 'maintenance_sheet', 'maintenance_sheet_scan']),
    number: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/),
    sha256: Sha256Hex,
    size: z.number().int().min(1),
    mime: z.enum(['application/pdf', 'image/jpeg', 'image/png', 'image/webp']),
  })
  .strict();

/** Who judges the vendor's service in seed 004's 附件1: the user department and the IT centre. */
export const Evaluator = z.enum(['department', 'it_office']);
export type Evaluator = z.infer<typeof Evaluator>;

/**
 * 服务效果抽查 (seed 004 附件1): an evaluator judged the handled record 合格 or 不合格. The latest
 * per evaluator counts toward the quarter's pass rate (src-shared/period/annex-004.ts). `by` is
 * who wrote it down, as on every event; `evaluator` is whose judgement it is.
 */
export const SpotCheckEvent = z
  .object({
    ...eventBase,
    type: z.literal('spot_check'),
    evaluator: Evaluator,
    result: z.enum(['pass', 'fail']),
    note: z.string().max(SERVICE_LIMITS.reason).default(''),
  })
  .strict();

/**
 * How the record weighs in seed 004's evaluation: whether the service caused an adverse event
 * (恶性事件: the quarter is 不合格) and whether the failure came from the vendor not giving
 * notice (未提前通知: a percentage of the subsystem's fee by level). The latest one counts; the
 * reason is required, because each flag changes a payment.
 */
export const AssessEvent = z
  .object({ ...eventBase, type: z.literal('assess'), adverseEvent: z.boolean(), noticeFailure: z.boolean(), reason: Reason })
  .strict();

export const ServiceEvent = z.discriminatedUnion('type', [
  StepEvent,
  TextEvent,
  ClassifyEvent,
  PauseEvent,
  ResumeEvent,
  FollowUpEvent,
  DocumentEvent,
  SpotCheckEvent,
  AssessEvent,
]);
export type ServiceEvent = z.infer<typeof ServiceEvent>;
export type StepEvent = z.infer<typeof StepEvent>;
export type FollowUpEvent = z.infer<typeof FollowUpEvent>;
export type DocumentEvent = z.infer<typeof DocumentEvent>;
export type SpotCheckEvent = z.infer<typeof SpotCheckEvent>;
export type AssessEvent = z.infer<typeof AssessEvent>;

/** What the record is about: a covered system, a hardware unit, or the contract as a whole. */
export const ServiceSubject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('system'), systemId: Slug }).strict(),
  z.object({ kind: z.literal('asset'), assetId: Slug }).strict(),
  z.object({ kind: z.literal('contract') }).strict(),
]);
export type ServiceSubject = z.infer<typeof ServiceSubject>;

export const Reporter = z
  .object({
    name: z.string().trim().min(1).max(SERVICE_LIMITS.personName),
    department: z.string().trim().max(SERVICE_LIMITS.title).optional(),
    phone: z.string().trim().max(SERVICE_LIMITS.phone).optional(),
  })
  .strict();
export type Reporter = z.infer<typeof Reporter>;

/** The failed inspection item a record was made from; the answer links back by the record's id. */
export const InspectionOrigin = z
  .object({
    inspectionId: z.string().min(1).max(100),
    answerId: z.string().min(1).max(400),
    itemLabel: z.string().max(300),
    /** The level the item's severity suggested, before the engineer confirmed or changed it. */
    suggestedLevelId: Slug.optional(),
  })
  .strict();
export type InspectionOrigin = z.infer<typeof InspectionOrigin>;

export const PhotoRef = z
  .object({ sha256: Sha256Hex, size: z.number().int().min(1), mime: z.enum(['image/jpeg', 'image/png', 'image/webp']) })
  .strict();

export const ServiceRecord = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,100}$/),
    hospitalId: Slug,
    contractId: Slug,
    subject: ServiceSubject,
    channel: ReportChannel,
    reporter: Reporter,
    origin: InspectionOrigin.optional(),
    createdAt: Instant,
    /** Who opened it, on which device (the enrolled device id, or the local profile before enrollment). */
    createdBy: z.string().trim().min(1).max(SERVICE_LIMITS.personName),
    photos: z.array(PhotoRef).max(SERVICE_LIMITS.photos).default([]),
    events: z.array(ServiceEvent).min(2).max(SERVICE_LIMITS.events),
  })
  .strict();
export type ServiceRecord = z.infer<typeof ServiceRecord>;
export type ServiceRecordInput = z.input<typeof ServiceRecord>;
