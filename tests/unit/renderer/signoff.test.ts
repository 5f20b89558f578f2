/**
 * Sign-off in the store: the record hash, signatures bound to it, and the lock that follows —
 * after signing, no answer, photo or cursor of the inspection can change.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src-shared/crypto/canonical';
import { LIMITS } from '../../../src-shared/domain/limits';
import { signatureHash } from '../../../src-shared/report/inspection-record';
import { reportNumberFor, type SignatureInput, type SignInput } from '../../../src-renderer/db/repositories/signoff';
import type { Repositories } from '../../../src-renderer/db/index';
import { answer, answerAll, expectStoreError, seeded, startInspection } from './store-fixtures';

const STROKES = JSON.stringify([{ penColor: '#000', points: [{ x: 1, y: 2, time: 1, pressure: 0.5 }, { x: 9, y: 4, time: 9, pressure: 0.5 }] }]);
const ink = (role: SignatureInput['role'], name: string): SignatureInput => ({
  role,
  name,
  signedAt: '2026-11-23T08:00:00.000Z',
  image: new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], { type: 'image/png' }),
  strokes: STROKES,
});
const opinion = { rating: { value: 'good' as const, comment: '响应及时' }, recommendations: '建议更换 3 诊室叫号屏电源。' };

async function completed(repos: Repositories) {
  const { inspection, steps } = await startInspection(repos);
  await answerAll(repos, inspection.id, steps, new Set([steps[1]!.key]));
  await repos.inspections.complete(inspection.id);
  return { inspection, steps };
}

async function signInput(repos: Repositories, inspectionId: string, overrides: Partial<SignInput> = {}): Promise<SignInput> {
  const { hash } = await repos.signoff.content(inspectionId, opinion);
  return {
    inspectionId,
    ...opinion,
    duplicate: false,
    reportNumber: 'XJ-20261123-ABCDEF',
    expectedHash: hash,
    requiredRoles: ['engineer', 'department'],
    signatures: [ink('engineer', '张工'), ink('department', '刘护士长')],
    ...overrides,
  };
}

describe('sign-off repository', () => {
  it('hashes the same record to the same digest, and any change to an answer or the rating changes it', async () => {
    const { repos } = await seeded();
    const { inspection } = await completed(repos);
    const a = await repos.signoff.content(inspection.id, opinion);
    const b = await repos.signoff.content(inspection.id, opinion);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.hash).toBe(a.hash);
    expect(canonicalJson(b.record)).toBe(canonicalJson(a.record));
    expect(a.record.answers).toHaveLength(inspection.totalSteps);
    const other = await repos.signoff.content(inspection.id, { ...opinion, rating: { value: 'poor', comment: '响应及时' } });
    expect(other.hash).not.toBe(a.hash);
  });

  it('stores every signature bound to the hash and locks the inspection', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await completed(repos);
    const input = await signInput(repos, inspection.id);
    const signed = await repos.signoff.sign(input);
    expect(signed.status).toBe('signed');
    expect(signed.signoff).toMatchObject({ hash: input.expectedHash, reportNumber: 'XJ-20261123-ABCDEF', rating: opinion.rating });

    const signatures = await repos.signoff.signatures(inspection.id);
    expect(signatures.map((s) => s.role).sort()).toEqual(['department', 'engineer']);
    for (const s of signatures) {
      expect(s.contentHash).toBe(input.expectedHash);
      expect(s.strokes).toBe(STROKES);
      const { role, name, signedAt, imageSha256, strokesSha256, contentHash } = s;
      expect(await signatureHash({ role, name, signedAt, imageSha256, strokesSha256, contentHash })).toBe(s.signatureHash);
      // Bound: the same mark given for other content has another hash.
      expect(await signatureHash({ role, name, signedAt, imageSha256, strokesSha256, contentHash: '0'.repeat(64) })).not.toBe(s.signatureHash);
    }

    await expectStoreError(answer(repos, inspection.id, steps[0]!, { fail: true }), 'signed');
    await expectStoreError(repos.inspections.setCursor(inspection.id, steps[2]!.key), 'signed');
    const photo = { inspectionId: inspection.id, answerId: `${inspection.id}|${steps[0]!.key}`, blob: new Blob([new Uint8Array([1])]), type: 'image/jpeg', width: 1, height: 1 };
    await expectStoreError(repos.attachments.add(photo), 'signed');
    // The hash of what was signed still holds: nothing changed underneath.
    expect((await repos.signoff.content(inspection.id, opinion)).hash).toBe(input.expectedHash);
    // A scan of the paper sheet is evidence beside the record and may still be added.
    await repos.attachments.addPaperScan(inspection.id, { blob: new Blob([new Uint8Array([2])], { type: 'image/jpeg' }), width: 1, height: 1 });
    expect(await repos.attachments.paperScans(inspection.id)).toHaveLength(1);
    expect((await repos.signoff.content(inspection.id, opinion)).hash).toBe(input.expectedHash);
  });

  it('refuses a missing role, an empty signature, signing twice, a draft, and a hash the signers did not see', async () => {
    const { repos } = await seeded();
    const { inspection: draft, steps } = await startInspection(repos);
    await answer(repos, draft.id, steps[0]!);
    await expectStoreError(repos.signoff.sign(await signInput(repos, draft.id)), 'not_completed');

    const { inspection } = await completed(repos);
    await expectStoreError(repos.signoff.sign(await signInput(repos, inspection.id, { signatures: [ink('engineer', '张工')] })), 'signature_missing');
    await expectStoreError(
      repos.signoff.sign(await signInput(repos, inspection.id, { signatures: [ink('engineer', '张工'), { ...ink('department', '刘'), strokes: '[]' }] })),
      'signature_empty',
    );
    await expectStoreError(
      repos.signoff.sign(await signInput(repos, inspection.id, { signatures: [ink('engineer', '张工'), ink('department', '   ')] })),
      'signature_empty',
    );
    await expectStoreError(repos.signoff.sign(await signInput(repos, inspection.id, { expectedHash: 'f'.repeat(64) })), 'content_changed');
    expect((await repos.inspections.get(inspection.id))!.status).toBe('completed');
    expect(await repos.signoff.signatures(inspection.id)).toEqual([]);

    await repos.signoff.sign(await signInput(repos, inspection.id));
    await expectStoreError(repos.signoff.sign(await signInput(repos, inspection.id)), 'signed');
    expect(await repos.signoff.signatures(inspection.id)).toHaveLength(2);
  });

  it('refuses a signer name, comment or recommendations over their limits, and signs at exactly the limits', async () => {
    const { repos } = await seeded();
    const { inspection } = await completed(repos);
    const over = [
      { rating: { value: 'good' as const, comment: '评'.repeat(LIMITS.ratingComment + 1) } },
      { recommendations: '建'.repeat(LIMITS.recommendations + 1) },
      { signatures: [ink('engineer', '张'.repeat(LIMITS.personName + 1)), ink('department', '刘护士长')] },
    ];
    for (const change of over) {
      const input = await signInput(repos, inspection.id, change);
      await expectStoreError(repos.signoff.sign({ ...input, ...change }), 'too_long');
    }
    expect((await repos.inspections.get(inspection.id))!.status).toBe('completed');
    const atLimit = { rating: { value: 'good' as const, comment: '评'.repeat(LIMITS.ratingComment) }, recommendations: '建'.repeat(LIMITS.recommendations) };
    const { hash } = await repos.signoff.content(inspection.id, atLimit);
    const input = await signInput(repos, inspection.id, { ...atLimit, expectedHash: hash, signatures: [ink('engineer', '张'.repeat(LIMITS.personName)), ink('department', '刘护士长')] });
    expect((await repos.signoff.sign(input)).status).toBe('signed');
  });

  it('numbers reports by day and inspection id, in the alphabet file names allow', () => {
    expect(reportNumberFor('3f9a1c2d-0000-4000-8000-000000000000', new Date(2026, 10, 23, 9))).toBe('XJ-20261123-3F9A1C');
  });
});
