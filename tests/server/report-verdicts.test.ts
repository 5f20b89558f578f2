/**
 * The office holds each pushed record's verdicts and mode against its contract (issue 12): 004's
 * department and IT centre each give 合格/不合格, 002's IT office 优/良/差, 000 asks none and allows
 * no remote visit. A record signed before issue 12 (one `rating`) is still accepted; one whose
 * verdicts do not fit is refused with 422 evaluation_mismatch and a reason, and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionRecord } from '../../src-shared/report/inspection-record';
import { enrolledDevice, type TestDevice } from './helpers/device';
import { startTestOffice, type TestOffice } from './helpers/office';
import { makeReport, pushBlobs, pushReport } from './helpers/report';

let office: TestOffice;
let device: TestDevice;

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'zhao-lei', ['yunan-peoples', 'wuhan-central', 'zhanjiang-central']);
}, 60_000);
afterAll(() => office.close(), 60_000);

type Evaluation = NonNullable<Parameters<typeof makeReport>[1]>['evaluation'];
const DRG = { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', system: { id: 'wh-drg', templateId: 'drg', templateVersion: 2 } };
const G5 = { hospitalId: 'zhanjiang-central', contractId: 'zjcph-5g-emergency-2026', system: { id: 'zj-5g-emergency', templateId: 'emergency-5g-platform', templateVersion: 2 } };
const pass = (role: 'department' | 'it_office', value: 'pass' | 'fail' = 'pass') => ({ role, scale: 'pass_fail' as const, value });

async function push(where: typeof DRG | Record<string, never>, evaluation: Evaluation) {
  const report = await makeReport(device, { ...where, ...(evaluation ? { evaluation } : {}) });
  await pushBlobs(device, report.blobs);
  return { report, res: await pushReport(device, report.envelope) };
}

describe('verdicts against the contract', () => {
  it('accepts 004 with both evaluators’ pass/fail verdicts and a remote visit, and 002 with the IT office’s satisfaction', async () => {
    const drg = await push(DRG, { mode: 'remote', verdicts: [pass('department'), pass('it_office', 'fail')], verdictComment: '抽查一项未闭环' });
    expect(drg.res.status).toBe(201);
    const g5 = await push(G5, { mode: 'on_site', verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'excellent' }] });
    expect(g5.res.status).toBe(201);
  });

  it('accepts a record signed before issue 12 (its one rating, no mode) whatever its contract asks now', async () => {
    const { res } = await push(DRG, undefined);
    expect(res.status).toBe(201);
  });

  it('accepts 000 with no verdict at all', async () => {
    const { res } = await push({}, { mode: 'on_site' });
    expect(res.status).toBe(201);
  });

  const refusals: [string, typeof DRG | Record<string, never>, Evaluation, RegExp][] = [
    ['004 with the IT centre’s verdict missing', DRG, { verdicts: [pass('department')] }, /it_office's verdict is missing/],
    ['004 with no verdicts', DRG, { mode: 'on_site' }, /asks for pass\/fail verdicts from department, it_office/],
    ['004 rated on the satisfaction scale', DRG, { verdicts: [pass('department'), { role: 'it_office', scale: 'satisfaction', value: 'good' }] }, /satisfaction .* verdict; this contract's scale is pass\/fail/],
    ['002 with a verdict from the department, who gives none there', G5, { verdicts: [{ role: 'it_office', scale: 'satisfaction', value: 'good' }, { role: 'department', scale: 'satisfaction', value: 'poor' }] }, /department gives no verdict/],
    ['000 with a verdict it never asks for', {}, { verdicts: [pass('department')] }, /asks for no verdict/],
    ['004 with both the old rating and verdicts', DRG, { rating: { value: 'good', comment: '' }, verdicts: [pass('department'), pass('it_office')] }, /either the old rating or verdicts/],
    ['000 done remotely, which its cadence does not allow', {}, { mode: 'remote' }, /on_site, not remote/],
  ];
  for (const [what, where, evaluation, reason] of refusals) {
    it(`refuses ${what}, with the reason, and audits it`, async () => {
      const { report, res } = await push(where, evaluation);
      expect(res.status).toBe(422);
      const error = (res.body as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('evaluation_mismatch');
      expect(error.message).toMatch(reason);
      const audit = await office.ctx.store.listAudit({ limit: 5, target: report.envelope.id });
      expect(audit.filter((a) => a.outcome === 'refused')).toHaveLength(1);
      expect(await office.ctx.store.getReport(report.envelope.id)).toBeUndefined();
    });
  }

  it('refuses a value outside its scale (a pass/fail verdict of “excellent”) as a shape the contract cannot hold', async () => {
    const bad = { role: 'it_office', scale: 'pass_fail', value: 'excellent' } as unknown as NonNullable<InspectionRecord['verdicts']>[number];
    const { res } = await push(DRG, { verdicts: [pass('department'), bad] });
    expect(res.status).toBe(422);
    expect((res.body as { error: { code: string; message: string } }).error).toMatchObject({ code: 'evaluation_mismatch', message: expect.stringMatching(/not one of its scale/) });
  });
});
