/**
 * The InspectionRecord (inspection-record.ts) as a zod schema, so the record a report is the
 * hash of can be published field by field (the office's OpenAPI document, docs/sync-protocol.md)
 * and checked by anyone who is not a Xunjian device. The compiler keeps it equal to the type the
 * device hashes: a field added to one and not the other does not build.
 *
 * It describes the record; it transforms nothing. A value that passes comes out as it went in,
 * so parsing never changes a hash.
 */
import { z } from 'zod';
import { SignRole } from '../catalog/reference';
import { Slug } from '../catalog/schema';
import { RECORD_SCHEMA, type InspectionRecord, type SignatureBinding } from './inspection-record';
import { InspectionMode } from '../catalog/period-schema';
import { Rating, Sha256Hex } from './model';
import { VerdictSchema } from './verdicts';

const TemplateRef = { templateId: z.string().min(1), templateVersion: z.number().int().min(1) };

export const RecordTarget = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('system'), systemId: z.string().min(1), ...TemplateRef }).strict(),
    z.object({ kind: z.literal('hardware'), ...TemplateRef, assetIds: z.array(z.string().min(1)) }).strict(),
  ])
  .meta({ description: 'What was inspected with which template version: one system, or hardware units of one type (each listed by asset id).' });

export const RecordAnswerValue = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('check'), result: z.enum(['pass', 'fail']) }).strict(),
    z.object({ kind: z.literal('number'), value: z.number() }).strict(),
    z.object({ kind: z.literal('text'), text: z.string() }).strict(),
    z.object({ kind: z.literal('choice'), optionId: z.string().min(1) }).strict(),
    z.object({ kind: z.literal('photo'), count: z.number().int().min(0) }).strict(),
    z.object({ kind: z.literal('na') }).strict(),
  ])
  .meta({ description: 'The answer as given, by the item kind of the template: a check, a reading, a text, a choice, photos taken, or not applicable.' });

const isoTime = (what: string) =>
  z.string().meta({ description: `${what}: an ISO 8601 date-time as the device wrote it (JavaScript toISOString(), UTC)` });

export const RecordAnswer = z
  .object({
    stepKey: z.string().min(1).meta({ description: '`<subject>#<itemId>`: answers are sorted by it (UTF-16 code unit order)' }),
    subject: z.string().min(1).meta({ description: '`system:<id>`, `asset:<id>` or `type:<templateId>`' }),
    templateId: z.string().min(1),
    itemId: z.string().min(1),
    value: RecordAnswerValue,
    outcome: z.enum(['pass', 'fail', 'out_of_range', 'na']),
    note: z.string().meta({ description: 'The engineer\'s note; an empty string when there is none' }),
    severity: z.string().optional().meta({ description: 'For a finding: critical, major, minor or request; absent otherwise' }),
    faultLevelId: z.string().optional().meta({ description: 'For a finding: the contract\'s fault level id; absent otherwise' }),
    serviceQuality: z.literal(true).optional().meta({ description: 'The item is about the vendor\'s service (satisfaction, spot checks, return visits), not the system: a finding of it carries no fault level. Absent otherwise' }),
    answeredAt: isoTime('When the item was answered'),
    photos: z.array(Sha256Hex).meta({ description: 'SHA-256 of each photo of this item, in the order taken; each is pushed as a blob with role photo' }),
  })
  .strict();

export const InspectionRecordSchema = z
  .object({
    schema: z.literal(RECORD_SCHEMA),
    id: z.string().min(1).meta({ description: 'The inspection id; equal to the envelope\'s id' }),
    hospitalId: Slug,
    contractId: Slug,
    engineer: z.string().meta({ description: 'The engineer\'s name as printed on the report' }),
    startedAt: isoTime('When the inspection was started'),
    completedAt: isoTime('When the last item was answered and the inspection completed'),
    targets: z.array(RecordTarget),
    answers: z.array(RecordAnswer),
    mode: InspectionMode.optional().meta({ description: 'on_site or remote (issue 12); absent on records made before, which were on site' }),
    rating: z
      .object({ value: Rating, comment: z.string() })
      .strict()
      .optional()
      .meta({ description: 'Records signed before issue 12 only: the one excellent/good/poor rating. Never together with verdicts' }),
    verdicts: z
      .array(VerdictSchema)
      .max(3)
      .optional()
      .meta({ description: 'The verdicts of the evaluators the contract names (evaluation.signOff.by), on its scale, in its order; absent where the contract asks none. The office refuses verdicts that do not fit the contract' }),
    verdictComment: z.string().optional().meta({ description: 'One optional comment beside the verdicts (评价意见); absent when empty' }),
    recommendations: z.string().meta({ description: 'The findings summary and recommendations the signers read; may be empty' }),
  })
  .strict();

/** A handwritten signature's binding to the record hash, before its own hash (signatureHash) is added. */
export const SignatureBindingSchema = z
  .object({
    role: SignRole,
    name: z.string().min(1).max(100),
    signedAt: z.iso.datetime({ offset: true }),
    imageSha256: Sha256Hex,
    strokesSha256: Sha256Hex,
    contentHash: Sha256Hex,
  })
  .strict();

// Both ways: the schema accepts every record the device makes, and everything it accepts is one.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const recordMatches: Same<z.infer<typeof InspectionRecordSchema>, InspectionRecord> = true;
const bindingMatches: Same<z.infer<typeof SignatureBindingSchema>, SignatureBinding> = true;
export const RECORD_SCHEMA_MATCHES_TYPE = recordMatches && bindingMatches;
