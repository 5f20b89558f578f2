/**
 * The report of an inspection, checked against the model the main process will enforce. Signing
 * runs the same check first, so an inspection is never locked with a report that cannot be made:
 * if anything would not fit, the engineer is told what, and nothing is signed.
 */
import type { z } from 'zod';
import { ReportInput } from '../../../src-shared/report/model';
import { describeError } from '../../i18n/errors';
import type { Translator } from '../../i18n/i18n';
import { repositories } from '../../db';
import { paperScanKey } from '../../db/repositories/attachments';
import { buildReportInput, type ReportParts } from './report-input';
import type { PrintPhoto } from './print-photo';

/** The report would be refused; `problems` are sentences in the engineer's language. */
export class ReportUnfit extends Error {
  constructor(readonly problems: string[]) {
    super(`report does not fit: ${problems.join('; ')}`);
    this.name = 'ReportUnfit';
  }
}

function describeIssue({ t }: Translator, issue: z.core.$ZodIssue): string {
  const path = issue.path.join('.');
  if (path.startsWith('signatures.')) return t('report.unfit.signature', { n: Number(issue.path[1]) + 1 });
  if (path.startsWith('photos')) return t('report.unfit.photos');
  if (path.startsWith('sections') && issue.path.length <= 1) return t('report.unfit.size');
  return t('report.unfit.field', { path });
}

/** Builds the report input and checks it; throws ReportUnfit with every problem named. */
export async function checkedReport(tr: Translator, parts: Omit<ReportParts, 'photos'>, printPhoto: PrintPhoto): Promise<ReportInput> {
  const photos = (await repositories().attachments.listForInspection(parts.inspection.id))
    .filter((p) => p.answerId !== paperScanKey(parts.inspection.id))
    .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  // The QR code leads to the office's paper check: at its public address if it names one.
  const enrollment = (await repositories().syncState.get()).enrollment;
  const officeUrl = enrollment?.verifyUrl ?? enrollment?.officeUrl;
  const input = await buildReportInput(tr, { ...parts, photos, ...(officeUrl ? { officeUrl } : {}) }, printPhoto);
  const parsed = ReportInput.safeParse(input);
  if (!parsed.success) throw new ReportUnfit([...new Set(parsed.error.issues.map((i) => describeIssue(tr, i)))]);
  return parsed.data;
}

/**
 * For the check before signing: a stand-in for each photo's print copy, without the work of
 * making one (print-photo.ts re-encodes every photo until it fits, so a copy always does; what
 * can fail is how many there are, and that is checked with the stand-ins).
 */
export const sizeOnlyPhoto: PrintPhoto = () => Promise.resolve({ mime: 'image/jpeg', dataBase64: '', width: 1, height: 1 });

/** Any failure to make a report, as one sentence. */
export function describeReportError(tr: Translator, error: unknown): string {
  return error instanceof ReportUnfit ? tr.t('report.unfit', { problems: error.problems.join(tr.locale === 'en' ? '; ' : '；') }) : describeError(tr.locale, error);
}

/** Fields that hold pictures or digests, not text anyone reads. */
const NOT_TEXT = new Set(['dataBase64', 'pngBase64', 'hash', 'mime']);

/** Every piece of text a report prints, joined: what to ask the main process about before signing. */
export function reportText(input: ReportInput): string {
  const parts: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      if (!NOT_TEXT.has(key)) parts.push(value);
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v, key);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(input, '');
  return parts.join('\n');
}
