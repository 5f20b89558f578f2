/**
 * How long the office dashboard takes with a year of an office's records: 2,000 signed reports
 * (their records in the blob store, 20 answers each) and 4,000 service records over four
 * contracts, written straight into a real office's store (pushing them over HTTP would time the
 * PDF checks, not the dashboard). Times: the one-off fill an upgraded office does (every record's
 * blob read once), then the dashboard page and its .xlsx over HTTP, and for comparison what one
 * request would cost if it read every record's blob instead of the dashboard's rows.
 * Run: npx tsx bench/office-dashboard/office-dashboard-bench.ts
 */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { storeReportRecord } from '../../src-server/accept/report-record';
import { fillPeriodFacts } from '../../src-server/dashboard/facts';
import { calendarOf, contractById, deriveListing } from '../../src-server/service/derive';
import { canonicalJson } from '../../src-shared/crypto/canonical';
import { RECORD_SCHEMA, type InspectionRecord } from '../../src-shared/report/inspection-record';
import type { ServiceEvent } from '../../src-shared/service/record';
import { recordOf, type FaultPush } from '../../src-shared/sync/envelope';
import { consoleClient } from '../../tests/server/helpers/console';
import { startTestOffice } from '../../tests/server/helpers/office';

const REPORTS = 2000;
const SERVICES = 4000;
/** 2026-06-15 10:00 in China: mid-year, every contract in its period. */
const NOW = new Date('2026-06-15T02:00:00.000Z');

const CONTRACTS = [
  { hospitalId: 'yunan-peoples', contractId: 'yunan-maint-2026', systems: ['yn-his', 'yn-pacs', 'yn-lis', 'yn-emr-qc', 'yn-oa'], level: 'level-2', start: '2026-01-01' },
  { hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', systems: ['wh-drg'], level: 'serious', start: '2026-03-01' },
  { hospitalId: 'zhanjiang-central', contractId: 'zjcph-5g-emergency-2026', systems: ['zj-5g-emergency'], level: 'general', start: '2026-01-01' },
  { hospitalId: 'queue-demo', contractId: 'queue-demo-2026', systems: ['mz-queue'], level: 'general-error', start: '2026-01-01' },
];
const ENGINEERS = ['陈杰', '王丽', '李娜', '周敏', '何明'];

const day = (start: string, n: number): string => new Date(Date.parse(`${start}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

async function time<T>(label: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  console.log(`${label}: ${ms.toFixed(0)} ms`);
  return { ms, value };
}

async function main(): Promise<void> {
  // BENCH_DATA keeps the seeded office between runs (seeding writes every row with a sync to disk).
  const kept = process.env.BENCH_DATA;
  const office = await startTestOffice({ now: () => NOW, ...(kept ? { dataDir: kept } : {}) });
  const { ctx } = office;
  const already = (await ctx.store.listReports({ limit: 1, offset: 0 })).total > 0;
  try {
    if (!already) await office.addConsoleUser('admin', 'bench only password');
    const receipt = ctx.receipts.sign({ kind: 'report', id: 'x', hash: '0'.repeat(64), reportNumber: 'XJ-0', hospitalId: 'x', deviceId: 'd', engineerId: 'e', pdf: { sha256: '0'.repeat(64), size: 1 }, blobs: [], via: 'push', receivedAt: NOW.toISOString() });
    const audit = { actor: 'bench', action: 'bench', outcome: 'ok' as const, target: 'bench', details: {} };

    const seeded = await time(`seed ${REPORTS} reports and ${SERVICES} service records`, async () => {
      if (already) return;
      for (let i = 0; i < REPORTS; i++) {
        const c = CONTRACTS[i % CONTRACTS.length]!;
        const system = c.systems[i % c.systems.length]!;
        const completed = `${day(c.start, (i * 7) % 160)}T10:30:00+08:00`;
        const id = `bench-insp-${i}`;
        const record: InspectionRecord = {
          schema: RECORD_SCHEMA,
          id,
          hospitalId: c.hospitalId,
          contractId: c.contractId,
          engineer: ENGINEERS[i % ENGINEERS.length]!,
          startedAt: completed,
          completedAt: completed,
          targets: [{ kind: 'system', systemId: system, templateId: 'his', templateVersion: 1 }],
          answers: Array.from({ length: 20 }, (_, k) => ({
            stepKey: `system:${system}#item-${k}`,
            subject: `system:${system}`,
            templateId: 'his',
            itemId: `item-${k}`,
            value: { kind: 'check', result: k === i % 23 ? 'fail' : 'pass' },
            outcome: k === i % 23 ? 'fail' : 'pass',
            note: k === i % 23 ? '备份任务未成功，已通知信息科' : '',
            answeredAt: completed,
            photos: [],
          })),
          rating: { value: 'good', comment: '' },
          recommendations: '定期检查备份与磁盘空间。',
        };
        const text = canonicalJson(record);
        const hash = sha(text);
        await storeReportRecord(ctx, hash, new TextEncoder().encode(text));
        await ctx.store.insertReport(
          { id, hash, reportNumber: `XJ-B-${i}`, hospitalId: c.hospitalId, contractId: c.contractId, engineerId: 'bench', deviceId: 'bench', completedAt: completed, signedAt: completed, receivedAt: NOW.toISOString(), subjects: [{ subject: `system:${system}`, templateId: 'his', templateVersion: 1 }], recordJson: '', signatures: [], pdf: { sha256: '0'.repeat(64), size: 1 }, blobs: [], signer: { subject: 'bench', fingerprint: 'bench', selfSigned: true }, receipt },
          audit,
        );
      }
      for (let i = 0; i < SERVICES; i++) {
        const c = CONTRACTS[i % CONTRACTS.length]!;
        const contract = (await contractById(ctx, c.contractId))!;
        const reported = `${day(c.start, (i * 3) % 160)}T09:00:00.000+08:00`;
        const by = ENGINEERS[i % ENGINEERS.length]!;
        const at = (minutes: number): string => new Date(Date.parse(reported) + minutes * 60_000).toISOString();
        const events: ServiceEvent[] = [
          { id: `b${i}-1`, recordedAt: reported, by, type: 'classify', kind: 'fault', levelId: c.level },
          { id: `b${i}-2`, recordedAt: reported, by, type: 'step', step: 'reported', at: reported },
          { id: `b${i}-3`, recordedAt: reported, by, type: 'text', field: 'title', value: `故障 ${i}` },
          ...(c.contractId === 'whch-drg-2026' ? [{ id: `b${i}-w`, recordedAt: at(20), by, type: 'step' as const, step: 'written_report' as const, at: at(20) }] : []),
          { id: `b${i}-4`, recordedAt: at(25 + (i % 90)), by, type: 'step', step: 'responded', at: at(25 + (i % 90)) },
          { id: `b${i}-5`, recordedAt: at(300), by, type: 'step', step: 'resolved', at: at(300) },
          ...(i % 4 === 0 ? [{ id: `b${i}-6`, recordedAt: at(1500), by, type: 'follow_up' as const, at: at(1500), contact: '张科长', rating: 'good' as const, comment: '' }] : []),
        ];
        const push: FaultPush = { id: `bench-svc-${i}`, version: 1, hospitalId: c.hospitalId, contractId: c.contractId, subject: { kind: 'system', systemId: c.systems[0]! }, channel: 'phone', reporter: { name: '李主任' }, createdAt: reported, createdBy: 'bench', photos: [], events };
        const { listing } = deriveListing(recordOf(push), contract, await calendarOf(ctx, contract));
        const r = ctx.receipts.sign({ kind: 'fault', id: push.id, hash: '0'.repeat(64), version: 1, hospitalId: c.hospitalId, deviceId: 'd', engineerId: 'e', blobs: [], via: 'push', receivedAt: NOW.toISOString() });
        await ctx.store.insertFaultVersion({ id: push.id, version: 1, hospitalId: c.hospitalId, hash: sha(String(i)), body: push, engineerId: 'bench', deviceId: 'bench', receivedAt: NOW.toISOString(), receipt: r }, audit, listing);
      }
    });
    void seeded;

    await time('fill (upgrade: every report\'s blob and every record read once)', () => fillPeriodFacts(ctx));

    const naive = await time('for comparison: reading and parsing every report\'s record blob once', async () => {
      let bytes = 0;
      for (let offset = 0; ; offset += 500) {
        const page = await ctx.store.listReports({ limit: 500, offset });
        for (const r of page.reports) {
          const b = await ctx.blobs.read(r.hash);
          bytes += b.length;
          JSON.parse(b.toString('utf8'));
        }
        if (page.reports.length < 500) break;
      }
      return bytes;
    });
    console.log(`  (${(naive.value / 1024 / 1024).toFixed(1)} MB of records)`);

    // Where one request's time goes, in this process.
    const { loadDashboard } = await import('../../src-server/dashboard/data');
    for (let round = 0; round < 3; round++) await time('  loadDashboard, all hospitals (no HTTP, no HTML)', () => loadDashboard(ctx, {}));
    const admin = await consoleClient(office, 'admin', 'bench only password');
    const runs: Record<string, number[]> = {};
    const cases: [string, string][] = [
      ['all hospitals, current windows', '/console/dashboard'],
      ['one contract, an earlier window', '/console/dashboard?contract=yunan-maint-2026&window=2026-01-01'],
      ['one engineer', `/console/dashboard?engineer=${encodeURIComponent('陈杰')}`],
      ['.xlsx export, all hospitals', '/console/dashboard.xlsx'],
    ];
    for (let round = 0; round < 5; round++) {
      for (const [name, url] of cases) {
        const t0 = performance.now();
        const res = await admin.get(url);
        if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
        (runs[name] ??= []).push(performance.now() - t0);
      }
    }
    for (const [name, times] of Object.entries(runs)) {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(`${name}: median ${sorted[2]!.toFixed(0)} ms, max ${sorted[4]!.toFixed(0)} ms (5 requests over HTTP)`);
    }
  } finally {
    await office.close();
  }
}

await main();
