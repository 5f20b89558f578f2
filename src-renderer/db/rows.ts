/** The shapes stored in IndexedDB. Reference rows are the catalog's own types; the rest are ours. */
import type { Asset, Contract, CoveredSystem, Hospital } from '../../src-shared/catalog/reference';
import type { Severity, Template } from '../../src-shared/catalog/schema';
import type { AnswerValue, Outcome } from '../../src-shared/domain/answer';
import type { Target } from '../../src-shared/domain/steps';
import type { SignRole } from '../../src-shared/catalog/reference';
import type { Rating, ReplacedCharacter } from '../../src-shared/report/model';

export type HospitalRow = Hospital;
export type ContractRow = Contract;
export type TemplateRow = Template;
export type AssetRow = Asset & { hospitalId: string };
/** A system installed at a hospital under a contract; its id is unique across hospitals. */
export type SystemRow = CoveredSystem & { hospitalId: string; contractId: string };

/** draft → completed (all items answered) → signed (locked: no change is accepted after). */
export type InspectionStatus = 'draft' | 'completed' | 'signed';

export interface InspectionRow {
  id: string;
  hospitalId: string;
  contractId: string;
  engineer: string;
  status: InspectionStatus;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  /** The templates and the exact versions this inspection was started with. */
  targets: Target[];
  /** Step key the engineer was on; a draft resumes here. */
  cursor: string | null;
  totalSteps: number;
  answeredCount: number;
  findingCount: number;
  /** Set in the same transaction that stores the signatures and locks the inspection. */
  signoff?: SignoffInfo;
}

export interface SignoffInfo {
  /** SHA-256 of the inspection record's canonical JSON; every signature is bound to it. */
  hash: string;
  signedAt: string;
  reportNumber: string;
  rating: { value: Rating; comment: string };
  recommendations: string;
  duplicate: boolean;
}

export interface SignatureRow {
  /** `${inspectionId}|${role}`: one signature per role. */
  id: string;
  inspectionId: string;
  role: SignRole;
  name: string;
  signedAt: string;
  image: Blob;
  /** signature_pad's point groups as JSON: the strokes, kept as evidence beside the picture. */
  strokes: string;
  imageSha256: string;
  strokesSha256: string;
  /** The record hash this signature was given for, and the hash of the whole binding. */
  contentHash: string;
  signatureHash: string;
}

/** The signed PDF the main process wrote for an inspection, and where. */
export interface ReportFileRow {
  inspectionId: string;
  hospitalId: string;
  month: string;
  reportNumber: string;
  path: string;
  sha256: string;
  size: number;
  createdAt: string;
  replaced: ReplacedCharacter[];
}

export interface AnswerRow {
  /** `${inspectionId}|${stepKey}`: one row per item per subject. */
  id: string;
  inspectionId: string;
  stepKey: string;
  subject: string;
  templateId: string;
  itemId: string;
  value: AnswerValue;
  outcome: Outcome;
  note: string;
  photoCount: number;
  /** For findings: the template's severity and the contract level it suggests. */
  severity?: Severity;
  faultLevelId?: string;
  answeredAt: string;
}

export interface AttachmentRow {
  id: string;
  inspectionId: string;
  answerId: string;
  blob: Blob;
  type: string;
  width: number;
  height: number;
  createdAt: string;
}

/** The last completed inspection of each system or unit, for "previous answer" beside an item. */
export interface LastInspectedRow {
  /** `${hospitalId}|${subject}` */
  key: string;
  inspectionId: string;
  completedAt: string;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export const answerId = (inspectionId: string, stepKey: string): string => `${inspectionId}|${stepKey}`;
