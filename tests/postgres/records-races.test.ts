/**
 * Two office instances on one PostgreSQL database (two `openStores` on one URL, as two processes
 * behind a load balancer would open it), racing on the same report, service-record version and
 * deliverable: each is stored once, with one audit entry, and every loser is told what was stored.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import { RECEIPT_FORMAT, type Receipt } from '../../src-shared/sync/receipt';
import { openStores, type OpenedStores } from '../../src-server/storage/open-store';
import type { AuditEntry, NewReport, OfficeStore, ServiceListing, StoredDeliverable, StoredFault } from '../../src-server/storage/port';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
const RECEIVED = '2026-03-02T02:00:00.000Z';

/** A receipt as an instance would sign it; the store keeps it as given, so the signature need not verify here. */
function receipt(receiptId: string, kind: Receipt['body']['kind'], id: string, version?: number): Receipt {
  return {
    body: {
      format: RECEIPT_FORMAT,
      receiptId,
      office: { id: 'office-test', name: '测试办公室' },
      kind,
      id,
      hash: sha(id),
      ...(version ? { version } : {}),
      hospitalId: 'yn-renmin',
      deviceId: 'dev-1',
      engineerId: 'eng-1',
      blobs: [],
      via: 'push',
      receivedAt: RECEIVED,
    },
    signature: { alg: 'ES256', keyId: sha('key'), value: Buffer.from(receiptId).toString('base64') },
  };
}

const audit = (action: string, target: string, details: Record<string, unknown> = {}): AuditEntry => ({ actor: 'device:dev-1', action, outcome: 'ok', target, details });

function report(receiptId: string): NewReport {
  const id = 'insp-race-1';
  return {
    id,
    hash: sha(id),
    reportNumber: 'XJ-2026-0001',
    hospitalId: 'yn-renmin',
    contractId: 'yn-renmin-2026',
    engineerId: 'eng-1',
    deviceId: 'dev-1',
    completedAt: '2026-03-02T10:00:00+08:00',
    signedAt: '2026-03-02T10:05:00+08:00',
    receivedAt: RECEIVED,
    subjects: [
      { subject: 'system:yn-his', templateId: 'his', templateVersion: 1 },
      { subject: 'asset:srv-01', templateId: 'server', templateVersion: 2 },
    ],
    recordJson: '',
    signatures: [],
    pdf: { sha256: sha('pdf'), size: 1000 },
    blobs: [{ sha256: sha('photo'), size: 200, mime: 'image/jpeg', role: 'photo' }],
    signer: { subject: 'CN=dev-1', fingerprint: sha('cert'), selfSigned: false },
    receipt: receipt(receiptId, 'report', id),
  };
}

const FAULT_ID = 'svc-race-1';

function fault(version: number, variant: string): StoredFault {
  const body = { id: FAULT_ID, version, variant };
  return {
    id: FAULT_ID,
    version,
    hospitalId: 'yn-renmin',
    hash: sha(JSON.stringify(body)),
    body,
    engineerId: `eng-${variant}`,
    deviceId: 'dev-1',
    receivedAt: RECEIVED,
    receipt: receipt(`rcpt-fault-${version}-${variant}`, 'fault', FAULT_ID, version),
  };
}

function listing(variant: string): ServiceListing {
  return {
    hospitalId: 'yn-renmin',
    contractId: 'yn-renmin-2026',
    kind: 'fault',
    levelId: 'p2',
    status: 'open',
    reportedAt: '2026-03-02T01:00:00.000Z',
    reportedDay: '2026-03-02',
    title: `故障 ${variant}`,
    subject: { kind: 'system', systemId: 'yn-his' },
    schedule: { clocks: [], fallbackYears: [] },
    clocks: [{ step: 'respond', due: '2026-03-02T03:00:00.000Z' }],
  };
}

const DELIVERABLE_ID = 'yn-renmin-2026|monthly-report|2026-03-01';

function deliverable(revision: number, reason: string): StoredDeliverable {
  const revisions = Array.from({ length: revision }, (_, i) => ({
    revision: i + 1,
    by: '工程师',
    at: RECEIVED,
    value: { state: 'not_applicable' as const, reason: i + 1 === revision ? reason : `第 ${i + 1} 版` },
  }));
  const entry: DeliverableEntry = {
    id: DELIVERABLE_ID,
    hospitalId: 'yn-renmin',
    contractId: 'yn-renmin-2026',
    deliverableId: 'monthly-report',
    windowStart: '2026-03-01',
    windowEnd: '2026-03-31',
    current: revisions[revision - 1]!,
    history: revisions.slice(0, -1),
  };
  return {
    id: DELIVERABLE_ID,
    hospitalId: entry.hospitalId,
    contractId: entry.contractId,
    deliverableId: entry.deliverableId,
    windowStart: entry.windowStart,
    windowEnd: entry.windowEnd,
    revision,
    state: 'not_applicable',
    hash: sha(JSON.stringify(entry)),
    entry,
    engineerId: 'eng-1',
    deviceId: 'dev-1',
    receivedAt: RECEIVED,
    receipt: receipt(`rcpt-deliv-${revision}-${reason}`, 'deliverable', DELIVERABLE_ID, revision),
  };
}

/** Calls `times` times on each instance, interleaved, all at once. */
async function race<T>(instances: OfficeStore[], times: number, call: (store: OfficeStore, i: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: times * instances.length }, (_, i) => call(instances[i % instances.length]!, i)));
}

async function okAudit(store: OfficeStore, action: string, target: string): Promise<number> {
  return (await store.listAudit({ limit: 1000, target, action })).filter((a) => a.outcome === 'ok').length;
}

describe('two instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  let dataDir: string;
  const opened: OpenedStores[] = [];
  let instances: OfficeStore[];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-races-'));
    // Sequentially: both migrate the same database; the second finds it migrated.
    for (let i = 0; i < 2; i += 1) opened.push(await openStores({ dataDir, database: database.url, now: () => new Date() }));
    instances = opened.map((o) => o.store);
  });

  afterAll(async () => {
    for (const o of opened) await o.store.close();
    await database?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('stores a report pushed to both at once exactly once, and tells every loser the receipt it kept', async () => {
    const outcomes = await race(instances, 10, (store, i) => store.insertReport(report(`rcpt-report-${i}`), audit('report.push', 'insp-race-1')));
    const winners = outcomes.filter((o) => o.inserted);
    expect(winners).toHaveLength(1);
    const [a, b] = instances as [OfficeStore, OfficeStore];
    const stored = await a.getReport('insp-race-1');
    expect(stored).toBeDefined();
    for (const o of outcomes) if (!o.inserted) expect(o.existing).toEqual(stored);
    expect(await b.getReport('insp-race-1')).toEqual(stored);
    expect(stored!.subjects.map((s) => s.subject)).toEqual(['asset:srv-01', 'system:yn-his']);
    expect(stored!.blobs).toEqual(report('x').blobs);
    expect((await b.listReports({ limit: 10, offset: 0 })).total).toBe(1);
    expect(await okAudit(a, 'report.push', 'insp-race-1')).toBe(1);
  });

  it('adds racing scan amendments on one receipt once', async () => {
    const [a] = instances as [OfficeStore];
    const before = (await a.getReport('insp-race-1'))!;
    const outcomes = await race(instances, 5, (store, i) =>
      store.addReportScans(
        {
          id: 'insp-race-1',
          replaces: before.receipt.body.receiptId,
          scans: [{ sha256: sha(`scan-${i}`), size: 300, mime: 'image/jpeg', role: 'scan' }],
          receipt: receipt(`rcpt-scan-${i}`, 'report', 'insp-race-1'),
        },
        audit('report.scans', 'insp-race-1'),
      ),
    );
    const after = (await a.getReport('insp-race-1'))!;
    expect(after.blobs.filter((b) => b.role === 'scan')).toHaveLength(1);
    expect(after.receipt.body.receiptId).not.toBe(before.receipt.body.receiptId);
    // The amendments queue on the report's row: every loser finds the winner's receipt stored.
    for (const o of outcomes) expect(o).toEqual(after);
    expect(await okAudit(a, 'report.scans', 'insp-race-1')).toBe(1);
  });

  it('never shows a report’s receipt from before an amendment with the blobs from after it', async () => {
    const [a, b] = instances as [OfficeStore, OfficeStore];
    // Which receipt goes with how many scans: each amendment adds one.
    const scansUnder = new Map<string, number>();
    const start = (await a.getReport('insp-race-1'))!;
    scansUnder.set(start.receipt.body.receiptId, start.blobs.filter((x) => x.role === 'scan').length);
    let writing = true;
    const amend = (async () => {
      let current = start;
      for (let i = 0; i < 30; i += 1) {
        const next = receipt(`rcpt-amend-${i}`, 'report', 'insp-race-1');
        scansUnder.set(next.body.receiptId, scansUnder.get(current.receipt.body.receiptId)! + 1);
        const scan = { sha256: sha(`amend-${i}`), size: 300, mime: 'image/jpeg' as const, role: 'scan' as const };
        current = await a.addReportScans({ id: current.id, replaces: current.receipt.body.receiptId, scans: [scan], receipt: next }, audit('report.scans', 'insp-race-1'));
      }
      writing = false;
    })();
    let reads = 0;
    while (writing) {
      const seen = (await b.getReport('insp-race-1'))!;
      expect(seen.blobs.filter((x) => x.role === 'scan').length, seen.receipt.body.receiptId).toBe(scansUnder.get(seen.receipt.body.receiptId));
      reads += 1;
    }
    await amend;
    expect(reads).toBeGreaterThan(0);
  });

  it('stores one first version and one version 2 of a record pushed to both at once', async () => {
    const [a, b] = instances as [OfficeStore, OfficeStore];
    const first = await race(instances, 10, (store, i) => store.insertFaultVersion(fault(1, `v1-${i}`), audit('fault.push', FAULT_ID), listing(`v1-${i}`)));
    expect(first.filter((o) => o.inserted)).toHaveLength(1);
    const v1 = await a.getCurrentFault(FAULT_ID);
    for (const o of first) if (!o.inserted) expect(o.existing).toEqual(v1);

    const second = await race(instances, 10, (store, i) => store.insertFaultVersion(fault(2, `v2-${i}`), audit('fault.push', FAULT_ID), listing(`v2-${i}`)));
    expect(second.filter((o) => o.inserted)).toHaveLength(1);
    const versions = await b.listFaultVersions(FAULT_ID);
    expect(versions.map((v) => v.version)).toEqual([1, 2]);
    const v2 = versions[1]!;
    for (const o of second) if (!o.inserted) expect(o.existing).toEqual(v2);
    // The listing row says what the stored version says, written by the same winner.
    const record = await b.getServiceRecord(FAULT_ID);
    expect(record).toMatchObject({ version: 2, title: `故障 ${String(v2.body.variant)}`, clocks: [{ step: 'respond', due: '2026-03-02T03:00:00.000Z' }] });
    expect(record!.engineerIds).toEqual([v1!.engineerId, v2.engineerId].sort());
    expect((await a.listServiceRecords({ limit: 10, offset: 0 })).total).toBe(1);
    expect(await okAudit(a, 'fault.push', FAULT_ID)).toBe(2);
  });

  it('writes one of two deliverable revisions racing on the same replaces', async () => {
    const [a, b] = instances as [OfficeStore, OfficeStore];
    const firsts = await race(instances, 5, (store, i) => store.putDeliverable(deliverable(1, `first-${i}`), null, audit('deliverable.put', DELIVERABLE_ID)));
    expect(firsts.filter((o) => o.inserted)).toHaveLength(1);
    const one = (await a.getDeliverable(DELIVERABLE_ID))!;
    for (const o of firsts) if (!o.inserted) expect(o.existing).toEqual(one);

    const candidates = [deliverable(2, '甲'), deliverable(2, '乙')];
    const seconds = await race(instances, 5, (store, i) => store.putDeliverable(candidates[i % 2]!, one.hash, audit('deliverable.put', DELIVERABLE_ID)));
    expect(seconds.filter((o) => o.inserted)).toHaveLength(1);
    const two = (await b.getDeliverable(DELIVERABLE_ID))!;
    expect(two.revision).toBe(2);
    expect(candidates.map((c) => c.hash)).toContain(two.hash);
    for (const o of seconds) if (!o.inserted) expect(o.existing).toEqual(two);
    expect(await b.listDeliverables({})).toEqual([two]);
    expect(await okAudit(a, 'deliverable.put', DELIVERABLE_ID)).toBe(2);
  });
});
