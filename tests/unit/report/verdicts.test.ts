/**
 * Issue 12's changes to the signed record, held to what they promise: a record signed before
 * (one `rating`, no mode) hashes exactly as it did and still fits the published schema; verdicts
 * are checked against each contract's own scheme as the catalog holds it; service-quality items
 * suggest no fault level, and items without the flag parse as before.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src-main/catalog/load-catalog';
import type { SignOffVerdict } from '../../../src-shared/catalog/period-schema';
import type { Contract } from '../../../src-shared/catalog/reference';
import { canonicalJson } from '../../../src-shared/crypto/canonical';
import { suggestedLevelFor } from '../../../src-shared/domain/answer';
import { recordHash, type InspectionRecord } from '../../../src-shared/report/inspection-record';
import { InspectionRecordSchema } from '../../../src-shared/report/record-schema';
import { modeProblem, verdictProblem, verdictsFor } from '../../../src-shared/report/verdicts';

const catalog = await loadCatalog(path.resolve('assets/catalog'));
const contract = (id: string): Contract => catalog.hospitals.flatMap((h) => h.contracts).find((c) => c.id === id)!;
const template = (id: string, version: number) => catalog.templates.find((t) => t.id === id && t.version === version)!;
const item = (templateId: string, version: number, itemId: string) => template(templateId, version).sections.flatMap((s) => s.items).find((i) => i.id === itemId)!;

/** A 004 inspection as a device signed it before issue 12: its one rating, no mode, no verdicts. */
const legacy: InspectionRecord = {
  schema: 'xunjian.inspection/1',
  id: 'insp-legacy-1',
  hospitalId: 'wuhan-central',
  contractId: 'whch-drg-2026',
  engineer: '张伟',
  startedAt: '2026-03-14T01:30:00.000Z',
  completedAt: '2026-03-14T02:30:00.000Z',
  targets: [{ kind: 'system', systemId: 'wh-drg', templateId: 'drg', templateVersion: 1 }],
  answers: [
    {
      stepKey: 'system:whch-drg-2026/wh-drg#fb-spot-check',
      subject: 'system:whch-drg-2026/wh-drg',
      templateId: 'drg',
      itemId: 'fb-spot-check',
      value: { kind: 'number', value: 75 },
      outcome: 'out_of_range',
      note: '两项未闭环',
      severity: 'major',
      faultLevelId: 'serious',
      answeredAt: '2026-03-14T02:00:00.000Z',
      photos: [],
    },
  ],
  rating: { value: 'good', comment: '响应及时' },
  recommendations: '建议每周检查分组服务日志。',
};
/** Its SHA-256 as the code before issue 12 computed it (canonical.ts is unchanged). */
const LEGACY_HASH = '7bb7a71dd879ede1dbfb93d6e86e1068c3715ae11ad43510f373d8087679dc49';

describe('the signed record', () => {
  it('hashes a record signed before issue 12 exactly as before, and the published schema still takes it unchanged', async () => {
    expect(await recordHash(legacy)).toBe(LEGACY_HASH);
    const parsed = InspectionRecordSchema.parse(legacy);
    expect(canonicalJson(parsed)).toBe(canonicalJson(legacy));
    expect(Object.keys(parsed).sort()).toEqual(['answers', 'completedAt', 'contractId', 'engineer', 'hospitalId', 'id', 'rating', 'recommendations', 'schema', 'startedAt', 'targets']);
    expect(verdictProblem(legacy, contract('whch-drg-2026').evaluation.signOff)).toBeUndefined();
  });

  it('takes a new record with verdicts, a mode and a service-quality answer, whose hash covers each of them', async () => {
    const rest: InspectionRecord = { ...legacy };
    delete rest.rating;
    const answer = { ...legacy.answers[0]!, serviceQuality: true as const };
    delete answer.severity;
    delete answer.faultLevelId;
    const fresh: InspectionRecord = {
      ...rest,
      targets: [{ kind: 'system', systemId: 'wh-drg', templateId: 'drg', templateVersion: 2 }],
      answers: [answer],
      mode: 'remote',
      verdicts: [
        { role: 'department', scale: 'pass_fail', value: 'pass' },
        { role: 'it_office', scale: 'pass_fail', value: 'fail' },
      ],
      verdictComment: '抽查两项未闭环',
    };
    expect(canonicalJson(InspectionRecordSchema.parse(fresh))).toBe(canonicalJson(fresh));
    expect(verdictProblem(fresh, contract('whch-drg-2026').evaluation.signOff)).toBeUndefined();
    const hash = await recordHash(fresh);
    for (const changed of [
      { ...fresh, mode: 'on_site' as const },
      { ...fresh, verdicts: [fresh.verdicts![0]!, { ...fresh.verdicts![1]!, value: 'pass' as const }] },
      { ...fresh, verdictComment: '全部合格' },
      { ...fresh, answers: [{ ...answer, serviceQuality: undefined }].map(({ serviceQuality: _sq, ...a }) => a) },
    ]) {
      expect(await recordHash(changed)).not.toBe(hash);
    }
  });

  it('refuses verdicts off their scale in the published schema', () => {
    const bad = { ...legacy, rating: undefined, verdicts: [{ role: 'department', scale: 'pass_fail', value: 'excellent' }] };
    delete bad.rating;
    expect(InspectionRecordSchema.safeParse(bad).success).toBe(false);
  });
});

describe('verdicts against each contract’s scheme (the catalog’s)', () => {
  const s004 = contract('whch-drg-2026').evaluation.signOff;
  const s002 = contract('zjcph-5g-emergency-2026').evaluation.signOff;
  const s000 = contract('yunan-maint-2026').evaluation.signOff;

  it('reads the catalog: 004 pass/fail by the department and the IT centre, 002 satisfaction by the IT office, 000, 001 and 003 none', () => {
    expect(s004).toMatchObject({ scale: 'pass_fail', by: ['department', 'it_office'], names: { it_office: { zh: '信息中心' } } });
    expect(s002).toMatchObject({ scale: 'satisfaction', by: ['it_office'] });
    for (const id of ['yunan-maint-2026', 'gdph-einvoice-2024', 'queue-demo-2026']) expect(contract(id).evaluation.signOff).toMatchObject({ scale: 'none', by: [] });
  });

  const cases: [string, SignOffVerdict, Parameters<typeof verdictProblem>[0], RegExp | undefined][] = [
    ['004, both given', s004, { verdicts: [{ role: 'department', scale: 'pass_fail', value: 'fail' }, { role: 'it_office', scale: 'pass_fail', value: 'pass' }] }, undefined],
    ['004, the IT centre missing', s004, { verdicts: [{ role: 'department', scale: 'pass_fail', value: 'pass' }] }, /it_office's verdict is missing/],
    ['004, none at all', s004, {}, /has none/],
    ['004, a role twice', s004, { verdicts: [{ role: 'department', scale: 'pass_fail', value: 'pass' }, { role: 'department', scale: 'pass_fail', value: 'fail' }, { role: 'it_office', scale: 'pass_fail', value: 'pass' }] }, /department gave 2 verdicts/],
    ['004, on the satisfaction scale', s004, { verdicts: [{ role: 'department', scale: 'satisfaction', value: 'good' }, { role: 'it_office', scale: 'pass_fail', value: 'pass' }] }, /this contract's scale is pass\/fail/],
    ['002, the IT office', s002, { verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'poor' }], verdictComment: '响应慢' }, undefined],
    ['002, the engineer rating himself', s002, { verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'good' }, { role: 'engineer', scale: 'satisfaction', value: 'excellent' }] }, /engineer gives no verdict/],
    ['000, nothing', s000, {}, undefined],
    ['000, a verdict', s000, { verdicts: [{ role: 'department', scale: 'pass_fail', value: 'pass' }] }, /asks for no verdict/],
    ['000, a comment alone', s000, { verdictComment: '好' }, /no verdict, but the record carries a verdict comment/],
    ['any, the old rating and verdicts', s002, { rating: { value: 'good', comment: '' }, verdicts: [] }, /either the old rating or verdicts/],
    ['any, a comment that is no text', s002, { verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'good' }], verdictComment: 5 }, /must be text/],
  ];
  for (const [what, scheme, record, problem] of cases) {
    it(`${what}: ${problem ? 'refused' : 'fits'}`, () => {
      const found = verdictProblem(record, scheme);
      if (problem) expect(found).toMatch(problem);
      else expect(found).toBeUndefined();
    });
  }

  it('puts the verdicts in the contract’s order whatever order they were picked in, and waits for every evaluator', () => {
    expect(verdictsFor(s004, { it_office: 'fail', department: 'pass' })).toEqual([
      { role: 'department', scale: 'pass_fail', value: 'pass' },
      { role: 'it_office', scale: 'pass_fail', value: 'fail' },
    ]);
    expect(verdictsFor(s004, { it_office: 'fail' })).toBeUndefined();
    expect(verdictsFor(s004, { it_office: 'fail', department: 'good' })).toBeUndefined();
    expect(verdictsFor(s000, {})).toEqual([]);
  });

  it('allows a remote inspection only where the contract’s cadence names it', () => {
    expect(modeProblem('remote', contract('whch-drg-2026').inspection.cadence?.modes)).toBeUndefined();
    expect(modeProblem('remote', contract('gdph-einvoice-2024').inspection.cadence?.modes)).toBeUndefined();
    expect(modeProblem('remote', contract('yunan-maint-2026').inspection.cadence?.modes)).toMatch(/on_site, not remote/);
    expect(modeProblem(undefined, contract('yunan-maint-2026').inspection.cadence?.modes)).toBeUndefined();
    expect(modeProblem('on_site', undefined)).toBeUndefined();
    expect(modeProblem('by_post', ['on_site', 'remote'])).toMatch(/on_site or remote/);
  });
});

describe('service-quality items', () => {
  const drg = contract('whch-drg-2026');
  const g5 = contract('zjcph-5g-emergency-2026');

  it('are marked in the new template versions and suggest no fault level; the system’s items still do', () => {
    for (const [templateId, itemId, c] of [
      ['drg', 'fb-spot-check', drg],
      ['drg', 'fb-deliverables', drg],
      ['emergency-5g-platform', 'fb-satisfaction', g5],
      ['emergency-5g-platform', 'fb-quarterly-visit', g5],
      ['e-invoice', 'fb-quarterly-visit', contract('gdph-einvoice-2024')],
      ['e-invoice', 'fb-ticket-records', contract('gdph-einvoice-2024')],
    ] as const) {
      const marked = item(templateId, 2, itemId);
      expect(marked.serviceQuality, `${templateId}/${itemId}`).toBe(true);
      expect(suggestedLevelFor(c, marked), `${templateId}/${itemId}`).toBeUndefined();
    }
    expect(suggestedLevelFor(drg, item('drg', 2, 'env-cpu'))?.id).toBe('serious');
    expect(suggestedLevelFor(drg, item('drg', 2, 'env-services'))?.id).toBe('fatal');
  });

  it('keeps the older template versions as they were, and gives unmarked items no serviceQuality field at all', () => {
    for (const id of ['drg', 'emergency-5g-platform', 'e-invoice', 'queue-software']) {
      const v1 = template(id, 1);
      expect(v1.sections.flatMap((s) => s.items).every((i) => !('serviceQuality' in i)), id).toBe(true);
      // The new version differs only by the flags.
      const v2 = template(id, 2);
      const strip = (t: typeof v2) => JSON.stringify({ ...t, version: 0, sections: t.sections.map((s) => ({ ...s, items: s.items.map(({ serviceQuality: _sq, ...rest }) => rest) })) });
      expect(strip(v2), id).toBe(strip(v1));
    }
    expect('serviceQuality' in item('drg', 2, 'env-cpu')).toBe(false);
    // The old version still suggests the level it always did: its inspections keep their meaning.
    expect(suggestedLevelFor(drg, item('drg', 1, 'fb-spot-check'))?.id).toBe('serious');
  });
});
