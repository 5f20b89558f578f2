/**
 * The deliverables register (issue 12 point 2): per contract, deliverable and window, what was
 * handed in. One entry per (contract, deliverable, window start); stored on the device, pushed to
 * the office (`PUT /api/v1/deliverables/<id>`) and kept there. A change is a new revision that
 * keeps the ones before in `history`, so a replaced file or a withdrawn "not applicable" stays
 * on record.
 */
import { z } from 'zod';
import { Slug } from '../catalog/schema';

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const Instant = z.iso.datetime({ offset: true });
const Day = z.iso.date();

export const DELIVERABLE_LIMITS = {
  /** Why a deliverable is not applicable (本季度无需求变更…). */
  reason: 1000,
  fileName: 200,
  /** Attached files: minutes, training records, scans of signed visit records. */
  fileBytes: 25 * 1024 * 1024,
  history: 50,
} as const;

/** What an attached file may be; its first bytes must say the same (src-shared/service/sniff-mime.ts). */
export const DeliverableMime = z.enum([
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]);
export type DeliverableMime = z.infer<typeof DeliverableMime>;

export const DeliverableState = z.discriminatedUnion('state', [
  /** Made by the app: a signed periodic report filed under reports/ (report.read finds its bytes). */
  z
    .object({
      state: z.literal('produced'),
      report: z.object({ hospitalId: Slug, month: z.string().regex(/^\d{4}-\d{2}$/), reportNumber: z.string().min(1).max(80) }).strict(),
      sha256: Sha256Hex,
      size: z.number().int().min(1),
    })
    .strict(),
  z
    .object({
      state: z.literal('attached'),
      name: z.string().trim().min(1).max(DELIVERABLE_LIMITS.fileName),
      mime: DeliverableMime,
      sha256: Sha256Hex,
      size: z.number().int().min(1).max(DELIVERABLE_LIMITS.fileBytes),
    })
    .strict(),
  z.object({ state: z.literal('not_applicable'), reason: z.string().trim().min(1).max(DELIVERABLE_LIMITS.reason) }).strict(),
  /** A mark taken back: the deliverable counts as missing again. */
  z.object({ state: z.literal('withdrawn') }).strict(),
]);
export type DeliverableState = z.infer<typeof DeliverableState>;

const Revision = z.object({ revision: z.number().int().min(1), by: z.string().trim().min(1).max(40), at: Instant, value: DeliverableState }).strict();
export type DeliverableRevision = z.infer<typeof Revision>;

export const DeliverableEntry = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+\|[a-z0-9_-]+\|\d{4}-\d{2}-\d{2}$/),
    hospitalId: Slug,
    contractId: Slug,
    deliverableId: Slug,
    windowStart: Day,
    windowEnd: Day,
    current: Revision,
    /** Earlier revisions, oldest first. */
    history: z.array(Revision).max(DELIVERABLE_LIMITS.history).default([]),
  })
  .strict()
  .refine((e) => e.id === deliverableEntryId(e.contractId, e.deliverableId, e.windowStart), { message: 'id must be contract|deliverable|windowStart', path: ['id'] })
  .refine((e) => e.windowStart <= e.windowEnd, { message: 'the window must not end before it starts', path: ['windowEnd'] })
  .refine((e) => e.history.every((h, i) => h.revision === i + 1) && e.current.revision === e.history.length + 1, {
    message: 'revisions count up from 1, the current one last',
    path: ['current', 'revision'],
  });
export type DeliverableEntry = z.infer<typeof DeliverableEntry>;

export function deliverableEntryId(contractId: string, deliverableId: string, windowStart: string): string {
  return `${contractId}|${deliverableId}|${windowStart}`;
}
