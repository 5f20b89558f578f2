/**
 * periodInspectionOf: a signed inspection record read for the period computations, as the office
 * and the device both do. Records from before issue 12 (a 优/良/差 rating, no verdicts, no mode)
 * read as they were; findings keep their system or unit and drop fault levels on service-quality items.
 */
import { describe, expect, it } from 'vitest';
import { periodInspectionOf } from '../../src-shared/period/from-record';
import { recordOf, type InspectionRecord, type RecordAnswer } from '../../src-shared/report/inspection-record';

const answer = (subject: string, itemId: string, outcome: RecordAnswer['outcome'], extra: Partial<RecordAnswer> & { serviceQuality?: true } = {}): RecordAnswer => ({
  stepKey: `${subject}#${itemId}`,
  subject,
  templateId: subject.startsWith('asset:') ? 'queue-kiosk' : 'drg',
  itemId,
  value: { kind: 'check', result: outcome === 'pass' ? 'pass' : 'fail' },
  outcome,
  note: '',
  answeredAt: '2026-04-15T07:00:00.000Z',
  photos: [],
  ...extra,
});

const legacy: InspectionRecord = recordOf({
  id: 'insp-1',
  hospitalId: 'wuhan-central',
  contractId: 'whch-drg-2026',
  engineer: 'eng-1',
  startedAt: '2026-04-15T06:00:00.000Z',
  completedAt: '2026-04-15T08:00:00.000Z',
  targets: [
    { kind: 'system', systemId: 'wh-drg', templateId: 'drg', templateVersion: 1 },
    { kind: 'hardware', templateId: 'queue-kiosk', templateVersion: 2, assetIds: ['k1', 'k2'] },
  ],
  answers: [
    answer('system:wh-drg', 'db-backup', 'fail', { faultLevelId: 'serious' }),
    answer('system:wh-drg', 'uptime', 'pass'),
    answer('asset:k2', 'screen', 'out_of_range'),
    answer('system:wh-drg', 'satisfaction', 'fail', { faultLevelId: 'minor', serviceQuality: true }),
  ],
  rating: { value: 'good', comment: '' },
  recommendations: '',
});

describe('periodInspectionOf', () => {
  it('a legacy record, signed: systems, units, findings, no verdicts, no mode', () => {
    const p = periodInspectionOf(legacy, { signedAt: '2026-04-15T09:00:00.000Z', reportNumber: 'XJ-2026-001' }, { id: 'whch-drg-2026' }, (_t, i) => (i === 'db-backup' ? { zh: '数据库备份', en: 'Database backup' } : undefined));
    expect(p).toMatchObject({ id: 'insp-1', state: 'signed', signedAt: '2026-04-15T09:00:00.000Z', reportNumber: 'XJ-2026-001', systems: ['wh-drg'], assets: ['k1', 'k2'], verdicts: [] });
    expect(p.mode).toBeUndefined();
    expect(p.findings).toEqual([
      { subject: 'asset:k2', assetId: 'k2', templateId: 'queue-kiosk', itemId: 'screen', label: { zh: 'screen', en: 'screen' }, serviceQuality: false },
      { subject: 'system:wh-drg', systemId: 'wh-drg', templateId: 'drg', itemId: 'db-backup', label: { zh: '数据库备份', en: 'Database backup' }, faultLevelId: 'serious', serviceQuality: false },
      { subject: 'system:wh-drg', systemId: 'wh-drg', templateId: 'drg', itemId: 'satisfaction', label: { zh: 'satisfaction', en: 'satisfaction' }, serviceQuality: true },
    ]);
  });

  it('an issue-12 record: its verdicts and mode; unsigned reads as completed', () => {
    const withVerdicts = { ...legacy, mode: 'remote' as const, verdicts: [{ role: 'department' as const, scale: 'pass_fail' as const, value: 'pass' as const }] };
    const p = periodInspectionOf(withVerdicts, undefined, { id: 'whch-drg-2026' });
    expect(p.state).toBe('completed');
    expect(p.mode).toBe('remote');
    expect(p.verdicts).toEqual([{ role: 'department', scale: 'pass_fail', value: 'pass' }]);
    expect(p.signedAt).toBeUndefined();
  });
});
