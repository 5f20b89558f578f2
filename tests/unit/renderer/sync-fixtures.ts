/**
 * Signed inspections in a fake-indexeddb store, ready for the outbox: completed, signed by two
 * signers, with a photo and a paper scan, and a report file row saved the way ReportPanel does.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import type { Repositories } from '../../../src-renderer/db/index';
import type { ReportFileRow } from '../../../src-renderer/db/rows';
import { receiptKeyOf } from '../../../src-server/ca/office-keys';
import { receiptSigner, type ReceiptSigner } from '../../../src-server/receipts/sign-receipt';
import { answerAll, startInspection } from './store-fixtures';

const STROKES = JSON.stringify([{ penColor: '#000', points: [{ x: 1, y: 2, time: 1, pressure: 0.5 }, { x: 9, y: 4, time: 9, pressure: 0.5 }] }]);
const png = (seed: number): Blob => new Blob([new Uint8Array([137, 80, 78, 71, seed, 2, 3])], { type: 'image/png' });
const jpeg = (seed: number, size = 64): Blob => new Blob([new Uint8Array(size).map((_, i) => (i * 31 + seed) & 0xff)], { type: 'image/jpeg' });

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface SignedReport {
  inspectionId: string;
  hash: string;
  report: ReportFileRow;
  pdf: Uint8Array;
}

/** One signed inspection with its (fake) PDF recorded, hence queued. */
export async function signedReport(repos: Repositories, seed = 1): Promise<SignedReport> {
  const { inspection, steps } = await startInspection(repos);
  await repos.attachments.add({ inspectionId: inspection.id, answerId: `${inspection.id}|${steps[0]!.key}`, blob: jpeg(seed), type: 'image/jpeg', width: 8, height: 8 });
  await answerAll(repos, inspection.id, steps);
  await repos.inspections.complete(inspection.id);
  await repos.attachments.addPaperScan(inspection.id, { blob: jpeg(seed + 100, 32), width: 4, height: 4 });
  const opinion = { rating: { value: 'good' as const, comment: '' }, recommendations: '' };
  const { hash } = await repos.signoff.content(inspection.id, opinion);
  const reportNumber = `XJ-TEST-${String(seed).padStart(4, '0')}`;
  await repos.signoff.sign({
    inspectionId: inspection.id,
    ...opinion,
    duplicate: false,
    reportNumber,
    expectedHash: hash,
    requiredRoles: ['engineer', 'department'],
    signatures: [
      { role: 'engineer', name: '张工', signedAt: '2026-11-23T08:00:00.000Z', image: png(seed), strokes: STROKES },
      { role: 'department', name: '刘护士长', signedAt: '2026-11-23T08:01:00.000Z', image: png(seed + 50), strokes: STROKES },
    ],
  });
  const pdf = new TextEncoder().encode(`%PDF-1.7 fake report ${seed} ${hash}`);
  const report: ReportFileRow = {
    inspectionId: inspection.id,
    hospitalId: inspection.hospitalId,
    month: '2026-11',
    reportNumber,
    path: `/reports/${inspection.hospitalId}/2026-11/${reportNumber}.pdf`,
    sha256: sha256(pdf),
    size: pdf.length,
    createdAt: '2026-11-23T08:02:00.000Z',
    replaced: [],
  };
  await repos.signoff.saveReport(report);
  return { inspectionId: inspection.id, hash, report, pdf };
}

/** An office receipt key pair and signer, as the office service makes them. */
export function officeSigner(): ReceiptSigner {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return receiptSigner({ id: 'office-1', name: '测试办公室' }, { privateKey, publicKey: receiptKeyOf(privateKey) });
}
