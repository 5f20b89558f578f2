/**
 * The device's side of issue 12's sign-off: the record carries the contract's verdicts (or
 * nothing where it asks none) and the inspection's mode; signing refuses verdicts that do not fit
 * the contract; the signed row keeps them so the record can be rebuilt for sync with the same
 * hash; a service-quality finding makes no fault record and takes no fault level.
 */
import { describe, expect, it } from 'vitest';
import { buildSteps, type Target } from '../../../src-shared/domain/steps';
import { outcomeOf } from '../../../src-shared/domain/answer';
import type { Repositories } from '../../../src-renderer/db/index';
import type { SignatureInput } from '../../../src-renderer/db/repositories/signoff';
import { answerAll, expectStoreError, seeded, startInspection, valueFor } from './store-fixtures';

const STROKES = JSON.stringify([{ points: [{ x: 1, y: 2, time: 1, pressure: 0.5 }, { x: 9, y: 4, time: 9, pressure: 0.5 }] }]);
const ink = (role: SignatureInput['role']): SignatureInput => ({
  role,
  name: role === 'engineer' ? '赵工' : '刘主任',
  signedAt: '2026-11-23T08:00:00.000Z',
  image: new Blob([new Uint8Array([137, 80, 78, 71, 1, 2, 3])], { type: 'image/png' }),
  strokes: STROKES,
});
const ROLES = ['engineer', 'department', 'it_office'] as const;

/** A completed 004 (DRG) inspection on the newest template, done remotely; `failItem` fails that item. */
async function drgInspection(repos: Repositories, failItem?: string) {
  const [system] = await repos.reference.listSystems('whch-drg-2026');
  const latest = await repos.reference.latestTemplates([system!.templateId]);
  const template = latest.get(system!.templateId)!;
  const targets: Target[] = [{ kind: 'system', systemId: system!.id, templateId: template.id, templateVersion: template.version }];
  const steps = buildSteps(targets, new Map([[`${template.id}@${template.version}`, template]]), new Map());
  const inspection = await repos.inspections.create({ hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', engineer: '赵工', targets, totalSteps: steps.length, firstStep: steps[0]!.key, mode: 'remote' });
  await answerAll(repos, inspection.id, steps);
  const failing = steps.find((s) => s.item.id === failItem);
  if (failing && failing.item.kind === 'choice') {
    const value = { kind: 'choice' as const, optionId: failing.item.options.find((o) => o.fail)!.id };
    await repos.inspections.saveAnswer({
      inspectionId: inspection.id,
      stepKey: failing.key,
      subject: failing.subject,
      templateId: failing.templateId,
      itemId: failing.item.id,
      value,
      outcome: outcomeOf(failing.item, value),
      note: '需求变更清单未交',
      photoCount: 0,
      serviceQuality: true,
      cursor: failing.key,
    });
  }
  await repos.inspections.complete(inspection.id);
  return { inspection, steps, failing };
}

describe('sign-off verdicts on the device', () => {
  it('signs 004 with both evaluators’ verdicts and the mode in the record, and rebuilds the same hash from the signed row', async () => {
    const { repos } = await seeded();
    const { inspection } = await drgInspection(repos);
    const verdicts = [
      { role: 'department' as const, scale: 'pass_fail' as const, value: 'pass' as const },
      { role: 'it_office' as const, scale: 'pass_fail' as const, value: 'fail' as const },
    ];
    const opinion = { verdicts, verdictComment: '  交付物缺项  ', recommendations: '' };
    const { record, hash } = await repos.signoff.content(inspection.id, opinion);
    expect(record).toMatchObject({ mode: 'remote', verdicts, verdictComment: '交付物缺项' });
    expect('rating' in record).toBe(false);

    const base = { inspectionId: inspection.id, recommendations: '', duplicate: true, reportNumber: 'XJ-1', requiredRoles: ROLES, signatures: ROLES.map(ink) };
    // Without the IT centre's verdict the record does not fit seed 004: nothing is signed.
    const partial = { ...opinion, verdicts: [verdicts[0]!] };
    await expectStoreError(repos.signoff.sign({ ...base, ...partial, expectedHash: (await repos.signoff.content(inspection.id, partial)).hash }), 'verdicts_invalid');
    expect((await repos.inspections.get(inspection.id))?.status).toBe('completed');

    const signed = await repos.signoff.sign({ ...base, ...opinion, expectedHash: hash });
    expect(signed.signoff).toMatchObject({ hash, verdicts, verdictComment: '交付物缺项' });
    expect(signed.signoff && 'rating' in signed.signoff).toBe(false);
    // What sync does (report-package.ts): the record again from the signed row, to the same hash.
    expect((await repos.signoff.content(inspection.id, signed.signoff!)).hash).toBe(hash);
  });

  it('leaves verdicts, comment and rating out of the record where the contract asks none, and refuses verdicts there', async () => {
    const { repos } = await seeded();
    const { inspection, steps } = await startInspection(repos);
    await answerAll(repos, inspection.id, steps);
    await repos.inspections.complete(inspection.id);
    const { record, hash } = await repos.signoff.content(inspection.id, { verdicts: [], verdictComment: '不该出现', recommendations: '' });
    for (const key of ['verdicts', 'verdictComment', 'rating', 'mode']) expect(key in record, key).toBe(false);
    const roles = ['engineer', 'department'] as const;
    const base = { inspectionId: inspection.id, recommendations: '', duplicate: false, reportNumber: 'XJ-2', requiredRoles: roles, signatures: roles.map(ink) };
    const verdicts = [{ role: 'department' as const, scale: 'pass_fail' as const, value: 'pass' as const }];
    await expectStoreError(repos.signoff.sign({ ...base, verdicts, expectedHash: (await repos.signoff.content(inspection.id, { verdicts, recommendations: '' })).hash }), 'verdicts_invalid');
    const signed = await repos.signoff.sign({ ...base, verdicts: [], expectedHash: hash });
    expect(signed.signoff && Object.keys(signed.signoff).sort()).toEqual(['duplicate', 'hash', 'recommendations', 'reportNumber', 'signedAt']);
  });
});

describe('service-quality findings', () => {
  it('carry serviceQuality into the record, and make no fault record nor take a fault level', async () => {
    const { repos } = await seeded();
    const { inspection, failing } = await drgInspection(repos, 'fb-deliverables');
    expect(failing?.item.serviceQuality).toBe(true);
    const answerId = `${inspection.id}|${failing!.key}`;
    await expectStoreError(repos.serviceRecords.createFromFinding(answerId, { kind: 'fault', levelId: 'serious', by: 'dev1' }), 'svc_service_quality');
    await expectStoreError(repos.serviceRecords.setFindingLevel(answerId, 'serious'), 'svc_service_quality');
    const { record } = await repos.signoff.content(inspection.id, { verdicts: [], recommendations: '' });
    const answer = record.answers.find((a) => a.itemId === 'fb-deliverables')!;
    expect(answer).toMatchObject({ serviceQuality: true, outcome: 'fail' });
    expect('faultLevelId' in answer || 'severity' in answer).toBe(false);
    // The other answers carry no flag at all.
    expect(record.answers.filter((a) => 'serviceQuality' in a).map((a) => a.itemId)).toEqual(['fb-deliverables']);
    expect(valueFor(failing!.item).kind).toBe('choice');
  });
});
