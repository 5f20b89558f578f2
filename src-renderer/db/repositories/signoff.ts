/**
 * Sign-off: the inspection's record is hashed before anyone signs; signing stores every
 * signature bound to that hash and locks the inspection in one transaction. Afterwards the
 * inspection and answer repositories refuse any change (StoreError 'signed').
 */
import type { SignRole } from '../../../src-shared/catalog/reference';
import { sha256Hex } from '../../../src-shared/crypto/canonical';
import { LIMITS } from '../../../src-shared/domain/limits';
import { recordHash, recordOf, signatureHash, type InspectionRecord } from '../../../src-shared/report/inspection-record';
import { verdictProblem } from '../../../src-shared/report/verdicts';
import type { XunjianDb } from '../database';
import { answerIdRange, type InspectionRow, type ReportFileRow, type SignatureRow, type SignoffInfo } from '../rows';
import { asStoreError, StoreError } from '../store-error';
import { queueReport } from './outbox';

export interface SignatureInput {
  role: SignRole;
  name: string;
  signedAt: string;
  image: Blob;
  /** signature_pad's toData() as JSON. */
  strokes: string;
}

export interface SignInput {
  inspectionId: string;
  /** The contract's verdicts (issue 12), in its order; empty or absent where it asks none. */
  verdicts?: SignoffInfo['verdicts'];
  /** One optional comment beside the verdicts; dropped where no verdict is asked. */
  verdictComment?: string;
  /** Only to rebuild the record of an inspection signed before issue 12 (its signers rated it). */
  rating?: SignoffInfo['rating'];
  recommendations: string;
  duplicate: boolean;
  reportNumber: string;
  /** The hash the signers were shown; signing is refused if the record no longer has it. */
  expectedHash: string;
  requiredRoles: readonly SignRole[];
  signatures: SignatureInput[];
}

/** What the signers add to the engineer's answers, and sign along with them. */
export type Opinion = Pick<SignInput, 'verdicts' | 'verdictComment' | 'rating' | 'recommendations'>;

/**
 * The opinion as the record and the signed row keep it: the verdicts only where given, the
 * comment only beside verdicts and only when it says something, the old rating as it was.
 * Absent, never undefined, so a record without them hashes as one made before they existed.
 */
export function opinionFields(opinion: Opinion): Pick<SignoffInfo, 'verdicts' | 'verdictComment' | 'rating'> {
  if (opinion.rating) return { rating: { value: opinion.rating.value, comment: opinion.rating.comment.trim() } };
  const verdicts = opinion.verdicts ?? [];
  if (verdicts.length === 0) return {};
  const comment = (opinion.verdictComment ?? '').trim();
  return { verdicts: verdicts.map((v) => ({ role: v.role, scale: v.scale, value: v.value })), ...(comment ? { verdictComment: comment } : {}) };
}

/** What the signers write is printed in the report: refused, never cut, when longer than it holds. */
function assertOpinionFits(input: Pick<SignInput, 'rating' | 'verdictComment' | 'recommendations' | 'signatures'>): void {
  const fields: [string, string, number][] = [
    ['rating comment', (input.rating?.comment ?? input.verdictComment ?? '').trim(), LIMITS.ratingComment],
    ['recommendations', input.recommendations.trim(), LIMITS.recommendations],
    ...input.signatures.map((s): [string, string, number] => [`${s.role} name`, s.name.trim(), LIMITS.personName]),
  ];
  for (const [field, text, max] of fields) {
    if (text.length > max) throw new StoreError('too_long', `${field} of ${text.length} characters`, { max });
  }
}

const blobHash = async (blob: Blob): Promise<string> => sha256Hex(new Uint8Array(await blob.arrayBuffer()));

/** A signature with no stroke, or no name under it, is no signature. */
export function hasInk(strokes: string): boolean {
  try {
    const groups = JSON.parse(strokes) as { points?: unknown[] }[];
    return Array.isArray(groups) && groups.some((g) => Array.isArray(g.points) && g.points.length > 0);
  } catch {
    return false;
  }
}

export function signoffRepository(db: XunjianDb, now: () => Date = () => new Date()) {
  async function record(inspection: InspectionRow, opinion: Opinion): Promise<InspectionRecord> {
    const [answers, photos] = await Promise.all([
      db.answers.where(':id').between(...answerIdRange(inspection.id)).toArray(),
      db.attachments.where({ inspectionId: inspection.id }).sortBy('createdAt'),
    ]);
    const photoHashes = new Map<string, string[]>();
    for (const photo of photos) {
      const list = photoHashes.get(photo.answerId) ?? [];
      list.push(await blobHash(photo.blob));
      photoHashes.set(photo.answerId, list);
    }
    return recordOf({
      id: inspection.id,
      hospitalId: inspection.hospitalId,
      contractId: inspection.contractId,
      engineer: inspection.engineer,
      startedAt: inspection.createdAt,
      completedAt: inspection.completedAt ?? '',
      targets: inspection.targets,
      ...(inspection.mode ? { mode: inspection.mode } : {}),
      ...opinionFields(opinion),
      recommendations: opinion.recommendations.trim(),
      answers: answers.map((a) => ({
        stepKey: a.stepKey,
        subject: a.subject,
        templateId: a.templateId,
        itemId: a.itemId,
        value: a.value,
        outcome: a.outcome,
        note: a.note,
        ...(a.severity ? { severity: a.severity } : {}),
        ...(a.faultLevelId ? { faultLevelId: a.faultLevelId } : {}),
        ...(a.serviceQuality ? { serviceQuality: true as const } : {}),
        answeredAt: a.answeredAt,
        photos: photoHashes.get(a.id) ?? [],
      })),
    });
  }

  async function load(inspectionId: string): Promise<InspectionRow> {
    const inspection = await db.inspections.get(inspectionId);
    if (!inspection) throw new StoreError('not_found', `inspection ${inspectionId} does not exist`);
    return inspection;
  }

  return {
    /** The record and its hash as they would be signed with this opinion. */
    async content(inspectionId: string, opinion: Opinion): Promise<{ record: InspectionRecord; hash: string }> {
      const r = await record(await load(inspectionId), opinion);
      return { record: r, hash: await recordHash(r) };
    },

    async sign(input: SignInput): Promise<InspectionRow> {
      const inspection = await load(input.inspectionId);
      if (inspection.status === 'signed') throw new StoreError('signed', `inspection ${inspection.id} is already signed`);
      if (inspection.status !== 'completed') throw new StoreError('not_completed', `inspection ${inspection.id} is ${inspection.status}`);
      for (const role of input.requiredRoles) {
        if (!input.signatures.some((s) => s.role === role)) throw new StoreError('signature_missing', `no ${role} signature`);
      }
      for (const s of input.signatures) {
        if (!s.name.trim() || s.image.size === 0 || !hasInk(s.strokes)) throw new StoreError('signature_empty', `${s.role} signature is empty`);
      }
      assertOpinionFits(input);
      // Hashing is async work outside IndexedDB, so it happens before the transaction; the
      // transaction then checks nothing moved in between.
      const signedRecord = await record(inspection, input);
      // The verdicts the office will hold against the contract, checked here first (issue 12).
      const contract = await db.contracts.get(inspection.contractId);
      const misfit = contract ? verdictProblem(signedRecord, contract.evaluation.signOff) : undefined;
      if (misfit) throw new StoreError('verdicts_invalid', misfit);
      const hash = await recordHash(signedRecord);
      if (hash !== input.expectedHash) throw new StoreError('content_changed', `record hash is ${hash}, signers saw ${input.expectedHash}`);
      const rows: SignatureRow[] = [];
      for (const s of input.signatures) {
        const imageSha256 = await blobHash(s.image);
        const strokesSha256 = await sha256Hex(new TextEncoder().encode(s.strokes));
        const binding = { role: s.role, name: s.name.trim(), signedAt: s.signedAt, imageSha256, strokesSha256, contentHash: hash };
        rows.push({ id: `${inspection.id}|${s.role}`, inspectionId: inspection.id, image: s.image, strokes: s.strokes, ...binding, signatureHash: await signatureHash(binding) });
      }
      const signedAt = now().toISOString();
      try {
        return await db.transaction('rw', [db.inspections, db.signatures], async () => {
          const current = await load(inspection.id);
          if (current.status === 'signed') throw new StoreError('signed', `inspection ${inspection.id} is already signed`);
          if (current.updatedAt !== inspection.updatedAt || current.status !== 'completed') {
            throw new StoreError('content_changed', `inspection ${inspection.id} changed while signing`);
          }
          await db.signatures.bulkAdd(rows);
          const signed: InspectionRow = {
            ...current,
            status: 'signed',
            updatedAt: signedAt,
            signoff: { hash, signedAt, reportNumber: input.reportNumber, ...opinionFields(input), recommendations: input.recommendations.trim(), duplicate: input.duplicate },
          };
          await db.inspections.put(signed);
          return signed;
        });
      } catch (error) {
        throw asStoreError(error);
      }
    },

    signatures: (inspectionId: string): Promise<SignatureRow[]> => db.signatures.where({ inspectionId }).toArray(),

    /**
     * Recorded once the main process has written the signed PDF; the file is the report. The
     * outbox row that sends it to the office is written in the same transaction, so a report can
     * never exist on the device without being queued.
     */
    saveReport: (row: ReportFileRow): Promise<string> =>
      db.transaction('rw', [db.reports, db.outbox, db.attachments, db.signatures], async () => {
        const key = await db.reports.put(row);
        await queueReport(db, row, now().toISOString());
        return key;
      }),
    report: (inspectionId: string): Promise<ReportFileRow | undefined> => db.reports.get(inspectionId),
  };
}
export type SignoffRepository = ReturnType<typeof signoffRepository>;

/** e.g. XJ-20261123-3F9A1C: the day it was signed and the start of the inspection's id. */
export function reportNumberFor(inspectionId: string, at: Date): string {
  const day = `${at.getFullYear()}${String(at.getMonth() + 1).padStart(2, '0')}${String(at.getDate()).padStart(2, '0')}`;
  return `XJ-${day}-${inspectionId.replace(/[^A-Za-z0-9]/g, '').slice(0, 6).toUpperCase()}`;
}
