/**
 * Issue 15: two office instances (separate processes, each with its own data folder and a copy of
 * the same keys) on one PostgreSQL database, behind the fault-injecting proxy acting as their load
 * balancer: each request goes round-robin to an instance that is up, and the proxy cuts requests
 * and answers, delays them, answers 500 and delivers requests twice (the second copy often to the
 * other instance). Four devices (the real sync engine and main-process client) push 500 signed
 * reports; each instance is SIGKILLed once with a body half sent (a blob, then a report) and
 * started again. Then: each report is stored exactly once, every receipt a device holds verifies
 * with the office's receipt key and is the stored one, the audit log has one accepted push per
 * report and its sequence is 1..N without a gap or a repeat, and every stored blob is whole.
 * FAULT_SEED replays a run.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStores } from '../../src-server/storage/open-store';
import { checkReceipt } from '../../src-renderer/sync/receipt-check';
import { reportSource } from '../../src-renderer/sync/report-package';
import { OfficeInfo, paths } from '../../src-shared/sync/protocol';
import type { ReceiptKey } from '../../src-shared/sync/receipt';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { seededRandom } from '../helpers/seeded-random';
import { waitUntil } from '../helpers/wait-until';
import { certificationRequest, newDeviceKey } from '../server/helpers/device';
import type { SyncEngine } from '../../src-renderer/sync/engine';
import { openDevice, type TestDevice } from '../sync/helpers/device';
import { randomFaults, startFaultProxy, type Fault, type FaultProxy, type ProxyRequest } from '../sync/helpers/fault-proxy';
import { seedSignedReports } from '../sync/helpers/signed-reports';
import { startOfficeInstances, type OfficeInstance, type OfficeInstances } from './helpers/office-instances';

const REPORTS = 500;
const DEVICES = 4;
const SEED = Number(process.env.FAULT_SEED ?? Date.now() % 100_000);
const CLIENT_TIMEOUT_MS = 4_000;
/** About seven requests per report (missing-blobs check, four blobs, the report, its receipt on a retry). */
const REQUESTS = REPORTS * 7;

let database: TestDatabase;
/**
 * Held open for the whole run: another run's global setup drops every test database nobody is
 * connected to, and between the preparing office's close and the instances' start nobody is.
 */
let keeper: pg.Client | undefined;
let office: OfficeInstances;
let proxy: FaultProxy;
const devices: TestDevice[] = [];
let engines: SyncEngine[] = [];
let faultsOn = false;
const kills: string[] = [];
const restarts: Promise<void>[] = [];

/** Round-robin over the instances that are up, as a load balancer that took a dead one out. */
function balancer(instances: OfficeInstance[]): () => OfficeInstance {
  let next = 0;
  return () => {
    for (let tried = 0; tried < instances.length; tried++) {
      const instance = instances[next++ % instances.length]!;
      if (instance.up) return instance;
    }
    return instances[0]!;
  };
}

/** SIGKILL now; back after a second on the same folder and port, as a machine that rebooted. */
function killAndRestart(instance: OfficeInstance): Promise<void> {
  instance.up = false;
  const killed = instance.kill();
  restarts.push(
    killed
      .then(() => new Promise((r) => setTimeout(r, 1_000)))
      .then(() => instance.start())
      .then(() => void (instance.up = true)),
  );
  return killed;
}

/**
 * Each request goes to the next instance that is up. Two kills at set points, each of the
 * instance the request went to (the second instance mid-blob, the first mid-report); the other
 * faults at random, about 6% of requests.
 */
function planner(instances: OfficeInstance[], random: () => number): { plan: (r: ProxyRequest) => Fault; kill: () => Promise<void> } {
  const route = balancer(instances);
  const killAt = [
    { instance: instances[1]!, method: 'PUT', path: '/blobs/', after: REQUESTS * 0.25 },
    { instance: instances[0]!, method: 'PUT', path: '/reports/', after: REQUESTS * 0.55 },
  ];
  let victim: OfficeInstance | undefined;
  const randomFault = randomFaults(random, CLIENT_TIMEOUT_MS);
  const plan = (r: ProxyRequest): Fault => {
    const target = route();
    proxy.setUpstream(target.port);
    if (!faultsOn) return { kind: 'pass' };
    const due = killAt[0];
    if (due && due.instance === target && target.up && r.seq >= due.after && r.method === due.method && r.path.includes(due.path)) {
      killAt.shift();
      victim = target;
      kills.push(`instance ${instances.indexOf(target) + 1} at ${r.method} ${r.path} (${r.bytes} bytes, request ${r.seq})`);
      return { kind: 'kill' };
    }
    return randomFault();
  };
  return { plan, kill: () => killAndRestart(victim!) };
}

beforeAll(async () => {
  const seeding = Date.now();
  database = await createTestDatabase();
  keeper = new pg.Client({ connectionString: database.url });
  await keeper.connect();
  office = await startOfficeInstances({
    database: database.url,
    count: 2,
    engineer: { id: 'zhang-gong', name: '张工', hospitalIds: ['queue-demo'] },
    // One per device, and one for the check through the API.
    codes: DEVICES + 1,
  });
  const up = Date.now();
  const faults = planner(office.instances, seededRandom(SEED));
  proxy = await startFaultProxy({ upstreamPort: office.instances[0]!.port, ...faults });
  for (let d = 0; d < DEVICES; d++) {
    const device = await openDevice({ officeHttp: { timeoutMs: CLIENT_TIMEOUT_MS } });
    devices.push(device);
    await device.enroll(proxy.url, office.codes[d]!);
    const count = REPORTS / DEVICES;
    await seedSignedReports(device.db, device.repos, { count, firstNumber: d * count, material: await device.material(), photosPerReport: 1, photoBytes: 4_000, dataDir: device.dataDir });
  }
  const seconds = (from: number): string => ((Date.now() - from) / 1000).toFixed(1);
  console.log(`two instances up in ${((up - seeding) / 1000).toFixed(1)} s; ${REPORTS} signed reports seeded on ${DEVICES} devices in ${seconds(up)} s`);
}, 120_000);

afterAll(async () => {
  // After a failure the engines may still be working: stop them before their databases close.
  for (const engine of engines) engine.stop();
  await Promise.race([Promise.all(engines.map((engine) => engine.idle())), new Promise((r) => setTimeout(r, 5_000))]);
  await proxy?.close();
  await Promise.allSettled(restarts);
  await office?.stop();
  for (const device of devices) await device.close();
  await keeper?.end();
  await database?.drop();
}, 60_000);

async function officeReceiptKey(instance: OfficeInstance): Promise<ReceiptKey> {
  const response = await fetch(`${instance.url}${paths.office}`);
  return OfficeInfo.parse(await response.json()).receiptKey;
}

/** A device enrolled straight with an instance, to read receipts back through the API. */
async function reader(instance: OfficeInstance, code: string): Promise<string> {
  const key = newDeviceKey();
  const response = await fetch(`${instance.url}${paths.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, csrPem: await certificationRequest(key, code), deviceName: '核对' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

test(`${REPORTS} reports pushed across two instances on one PostgreSQL, through faults and kills, are each stored once`, async () => {
  const started = Date.now();
  faultsOn = true;
  engines = devices.map((device) => device.engine({ backoff: { baseMs: 25, capMs: 600 }, concurrency: 2 }));
  await Promise.all(engines.map((engine) => engine.start()));
  const synced = async (): Promise<number> => (await Promise.all(devices.map((d) => d.repos.outbox.summary()))).reduce((n, s) => n + s.synced, 0);
  await waitUntil(
    async () => {
      for (const device of devices) {
        if ((await device.repos.outbox.summary()).attention > 0) throw new Error(`needs attention: ${JSON.stringify((await device.repos.outbox.attention()).map((a) => a.row.lastError))}`);
      }
      return (await synced()) === REPORTS;
    },
    // A hang still fails well inside the test's own limit.
    120_000,
    async () => `${await synced()} of ${REPORTS} synced; faults ${JSON.stringify(proxy.counts)}`,
  );
  for (const engine of engines) engine.stop();
  await Promise.all(engines.map((engine) => engine.idle()));
  faultsOn = false;
  await Promise.all(restarts);
  const counts = { ...proxy.counts };
  const [first, second] = office.instances as [OfficeInstance, OfficeInstance];
  console.log(
    `two instances, seed=${SEED}: ${REPORTS} reports in ${((Date.now() - started) / 1000).toFixed(1)} s; faults ${JSON.stringify(counts)}; kills: ${kills.join(' | ')}; starts: ${first.starts}, ${second.starts}`,
  );
  for (const kind of ['cut-request', 'cut-response', 'delay', 'status-500', 'twice'] as const) expect(counts[kind], kind).toBeGreaterThan(0);
  expect(counts.kill).toBe(2);
  expect([first.starts, second.starts]).toEqual([2, 2]);

  // Both instances sign with the one office key, the key every device pinned at enrollment.
  const key = await officeReceiptKey(first);
  expect(await officeReceiptKey(second)).toEqual(key);

  // The devices: every row synced, with a receipt that verifies and lists exactly what was sent.
  const held = new Map<string, { hash: string; receipt: unknown }>();
  for (const device of devices) {
    expect((await device.repos.syncState.get()).enrollment!.receiptKey).toEqual(key);
    const source = reportSource(device.repos);
    for (const row of await device.db.outbox.toArray()) {
      expect(row.state).toBe('synced');
      const { envelope } = await source.package(row.recordId);
      const check = await checkReceipt(row.receipt, key, envelope);
      expect(check.ok, check.ok ? '' : check.reason).toBe(true);
      held.set(envelope.id, { hash: envelope.hash, receipt: row.receipt });
    }
  }
  expect(held.size).toBe(REPORTS);

  // Through the API, alternating instances: each report's receipt is the one its device holds.
  const token = await reader(first, office.codes[DEVICES]!);
  let n = 0;
  for (const [id, { receipt }] of held) {
    const instance = office.instances[n++ % office.instances.length]!;
    const response = await fetch(`${instance.url}${paths.reportReceipt(id)}`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status, id).toBe(200);
    expect(await response.json()).toEqual(receipt);
  }
  await Promise.all(office.instances.map((i) => i.stop()));

  // The database itself: one row per report, audit numbers 1..N, every blob row whole.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const reports = await client.query<{ id: string; n: string }>('SELECT id, count(*) AS n FROM reports GROUP BY id');
    expect(reports.rows).toHaveLength(REPORTS);
    expect(reports.rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
    expect(new Set(reports.rows.map((r) => r.id))).toEqual(new Set(held.keys()));

    const seqs = (await client.query<{ seq: string }>('SELECT seq FROM audit_log ORDER BY seq')).rows.map((r) => Number(r.seq));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));

    const blobs = await client.query<{ sha256: string; size: string; chunks: number; idx: number | null; data: Buffer | null }>(
      'SELECT b.sha256, b.size, b.chunks, c.idx, c.data FROM blobs b LEFT JOIN blob_chunks c ON c.sha256 = b.sha256 ORDER BY b.sha256, c.idx',
    );
    const whole = new Map<string, { size: number; chunks: number; parts: Buffer[]; idx: number[] }>();
    for (const row of blobs.rows) {
      const blob = whole.get(row.sha256) ?? { size: Number(row.size), chunks: row.chunks, parts: [], idx: [] };
      whole.set(row.sha256, blob);
      if (row.data) {
        blob.parts.push(row.data);
        blob.idx.push(row.idx!);
      }
    }
    const broken = [...whole.entries()].filter(([sha, b]) => {
      const bytes = Buffer.concat(b.parts);
      return b.idx.join() !== b.idx.map((_, i) => i).join() || b.parts.length !== b.chunks || bytes.length !== b.size || createHash('sha256').update(bytes).digest('hex') !== sha;
    });
    expect(broken.map(([sha]) => sha)).toEqual([]);
    console.log(`database: ${reports.rows.length} reports, ${seqs.length} audit entries, ${whole.size} blobs, all whole`);
  } finally {
    await client.end();
  }

  // Through the store's port: each report once, with the device's hash and receipt, its blobs
  // read back (the read checks their hash); exactly one accepted push per report.
  const opened = await openStores({ dataDir: first.dataDir, database: database.url, now: () => new Date() });
  try {
    const { total, reports } = await opened.store.listReports({ limit: REPORTS * 2, offset: 0 });
    expect(total).toBe(REPORTS);
    for (const report of reports) {
      expect(report.hash).toBe(held.get(report.id)?.hash);
      expect(report.receipt).toEqual(held.get(report.id)?.receipt);
      for (const blob of [report.pdf, ...report.blobs]) expect((await opened.blobs.read(blob.sha256)).length).toBe(blob.size);
    }
    const accepted = (await opened.store.listAudit({ limit: 100_000, action: 'report.push' })).filter((a) => a.outcome === 'ok');
    const perReport = new Map<string, number>();
    for (const a of accepted) perReport.set(a.target, (perReport.get(a.target) ?? 0) + 1);
    expect([...perReport.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    expect(new Set(perReport.keys())).toEqual(new Set(held.keys()));
  } finally {
    await opened.store.close();
  }
}, 170_000);
