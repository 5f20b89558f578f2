/**
 * The signed content of an inspection: what the department and the IT office put their names
 * to. Its RFC 8785 form is hashed before anyone signs and every signature is bound to that hash,
 * so any later change to an answer, a photo or the rating is detectable (电子签名法 第十三条).
 * The office recomputes the same hash from the same record (src-shared, one definition).
 */
import type { InspectionMode } from '../catalog/period-schema';
import type { SignRole } from '../catalog/reference';
import type { AnswerValue, Outcome } from '../domain/answer';
import type { Target } from '../domain/steps';
import { canonicalHash } from '../crypto/canonical';
import type { SignOffVerdictValue } from '../period/types';
import type { Rating } from './model';

export const RECORD_SCHEMA = 'xunjian.inspection/1';

export interface RecordAnswer {
  stepKey: string;
  subject: string;
  templateId: string;
  itemId: string;
  value: AnswerValue;
  outcome: Outcome;
  note: string;
  severity?: string;
  faultLevelId?: string;
  /** An item about the vendor's service (满意度, 抽查合格率, 回访): a finding of it is no system fault and has no level. */
  serviceQuality?: true;
  answeredAt: string;
  /** SHA-256 of each photo's stored bytes, in the order they were taken. */
  photos: string[];
}

/** A type alias, not an interface, so it fits the envelope's open record shape (src-shared/sync/envelope.ts). */
export type InspectionRecord = {
  schema: typeof RECORD_SCHEMA;
  id: string;
  hospitalId: string;
  contractId: string;
  engineer: string;
  startedAt: string;
  completedAt: string;
  /** The templates with the exact versions the inspection was done with. */
  targets: Target[];
  answers: RecordAnswer[];
  /**
   * Where it was done (issue 12); absent on records from before, which were all on site. The
   * optional fields below are left out when empty, never written as undefined, so a record
   * made before issue 12 still hashes to what its signers signed.
   */
  mode?: InspectionMode;
  /** Records signed before issue 12: the one 优/良/差 rating every contract asked for. New records never carry it. */
  rating?: { value: Rating; comment: string };
  /** The verdicts the contract's evaluators gave (`contract.evaluation.signOff`), in its order; absent where it asks none. */
  verdicts?: SignOffVerdictValue[];
  /** One optional comment beside the verdicts (评价意见); absent when empty or when no verdict is asked. */
  verdictComment?: string;
  /** The engineer's findings summary and recommendations, as the signers read them. */
  recommendations: string;
};

/** One signer's mark, bound to the record's hash: changing either breaks `signatureHash`. */
export interface SignatureBinding {
  role: SignRole;
  name: string;
  signedAt: string;
  /** SHA-256 of the signature PNG. */
  imageSha256: string;
  /** SHA-256 of the stroke data kept as evidence (signature_pad point groups, as JSON). */
  strokesSha256: string;
  contentHash: string;
}

export function recordOf(input: Omit<InspectionRecord, 'schema' | 'answers'> & { answers: RecordAnswer[] }): InspectionRecord {
  // Sorted, so the same inspection always yields the same bytes whatever order the store returns.
  const answers = [...input.answers].sort((a, b) => (a.stepKey < b.stepKey ? -1 : a.stepKey > b.stepKey ? 1 : 0));
  return { schema: RECORD_SCHEMA, ...input, answers };
}

export const recordHash = (record: InspectionRecord): Promise<string> => canonicalHash(record);

export const signatureHash = (binding: SignatureBinding): Promise<string> => canonicalHash(binding);
