/** A queue-calling fault reported half an hour ago, as the service tests against a real office open it. */
import type { NewServiceRecord } from '../../../src-renderer/db/repositories/service-records';

export const minutesAgo = (n: number): string => new Date(Date.now() - n * 60_000).toISOString();

export function newRecord(overrides: Partial<NewServiceRecord> = {}): NewServiceRecord {
  return {
    hospitalId: 'queue-demo',
    contractId: 'queue-demo-2026',
    subject: { kind: 'asset', assetId: 'mz-nk-ks-01' },
    channel: 'phone',
    reporter: { name: '王护士', department: '门诊部' },
    kind: 'fault',
    levelId: 'severe',
    reportedAt: minutesAgo(30),
    title: '内科报到机无法打印',
    description: '报到机打印头卡纸，患者无法取号',
    by: '张工',
    ...overrides,
  };
}
