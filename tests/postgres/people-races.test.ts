/**
 * Two instances of one office on one PostgreSQL database (issue 15), racing where one machine's
 * SQLite never could: a code spent once however many enrollments try it on both, a key held by one
 * device, two administrators demoting each other, a code form claimed once, rate-limit counters
 * shared, and the console's login limit holding across two running offices.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { openStores } from '../../src-server/storage/open-store';
import { AlreadyExists, type AuditEntry, type NewDevice, type OfficeStore } from '../../src-server/storage/port';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { consoleClient, logIn } from '../server/helpers/console';
import { startTestOffice, type TestOffice } from '../server/helpers/office';

const audit = (actor: string, action: string, target = 't'): AuditEntry => ({ actor, action, outcome: 'ok', target, details: {} });
const at = '2026-03-01T08:00:00.000Z';

let database: TestDatabase;
let folders: string[];

beforeEach(async () => {
  database = await createTestDatabase();
  folders = [];
});
afterEach(async () => {
  await database.drop();
  for (const f of folders) await rm(f, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const made = await mkdtemp(path.join(tmpdir(), 'xunjian-pg-races-'));
  folders.push(made);
  return made;
}

describe('two stores on one database', () => {
  let a: OfficeStore;
  let b: OfficeStore;
  beforeEach(async () => {
    // As two instances open it: each its own pool, both migrating at once.
    [a, b] = await Promise.all([folder(), folder()]).then((dirs) =>
      Promise.all(dirs.map(async (dataDir) => (await openStores({ dataDir, database: database.url, now: () => new Date(at) })).store)),
    );
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });
  const storeOf = (i: number): OfficeStore => (i % 2 === 0 ? a : b);

  const device = (i: number, publicKeyPem = `key-${i}`): NewDevice => ({
    id: `device-${i}`,
    engineerId: 'wang',
    name: `laptop ${i}`,
    publicKeyPem,
    certificatePem: 'cert',
    certificateSerial: `serial-${i}`,
    enrolledAt: at,
    tokenHash: `token-${i}`,
  });
  const enrollAudit = (i: number) => ({
    codeUse: audit('anonymous', 'enrollment.use', `device-${i}`),
    enrolled: audit('anonymous', 'device.enroll', `device-${i}`),
    keyRefused: { ...audit('anonymous', 'device.enroll', `device-${i}`), outcome: 'refused' as const },
  });

  test('one code, ten enrollments on both instances at once: one device, one spent code in the audit log', async () => {
    await a.createEngineer({ id: 'wang', name: '王工', hospitalIds: ['h1'] }, audit('cli', 'engineer.create'));
    await a.createEnrollmentCode({ codeHash: 'the-code', engineerId: 'wang', expiresAt: '2099-01-01T00:00:00.000Z' }, audit('cli', 'enrollment.code'));

    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => storeOf(i).enrollDevice({ codeHash: 'the-code', device: device(i) }, enrollAudit(i))));
    expect(outcomes.filter((o) => o.outcome === 'enrolled')).toHaveLength(1);
    expect(outcomes.filter((o) => o.outcome === 'code_invalid')).toHaveLength(9);

    expect(await b.listDevices()).toHaveLength(1);
    const uses = await a.listAudit({ limit: 100, action: 'enrollment.use' });
    expect(uses.filter((u) => u.outcome === 'ok')).toHaveLength(1);
    expect(uses.filter((u) => u.outcome === 'refused')).toHaveLength(9);
    expect(await a.listAudit({ limit: 100, action: 'device.enroll' })).toHaveLength(1);
    expect(await b.findEnrollmentCode('the-code', at)).toBeUndefined();
  });

  test('one key, two codes on two instances at once: one device holds it, the other code stays unspent', async () => {
    await a.createEngineer({ id: 'wang', name: '王工', hospitalIds: ['h1'] }, audit('cli', 'engineer.create'));
    for (const codeHash of ['code-1', 'code-2']) await a.createEnrollmentCode({ codeHash, engineerId: 'wang', expiresAt: '2099-01-01T00:00:00.000Z' }, audit('cli', 'enrollment.code'));

    const outcomes = await Promise.all([
      a.enrollDevice({ codeHash: 'code-1', device: device(1, 'same-key') }, enrollAudit(1)),
      b.enrollDevice({ codeHash: 'code-2', device: device(2, 'same-key') }, enrollAudit(2)),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['enrolled', 'key_in_use']);
    const holder = await a.findActiveDeviceByPublicKey('same-key');
    expect(outcomes.find((o) => o.outcome === 'key_in_use')).toEqual({ outcome: 'key_in_use', deviceId: holder?.id });
    expect(await b.listDevices()).toHaveLength(1);
    // The refused enrollment's code is still usable.
    expect((await a.listOutstandingCodes('wang', at)).map((c) => c.id)).toHaveLength(1);

    // Revoked, the device keeps its key on record, and the key may enroll again.
    await a.revokeDevice(holder!.id, at, audit('cli', 'device.revoke'));
    const spare = ['code-1', 'code-2'].find((c) => c !== (holder!.id === 'device-1' ? 'code-1' : 'code-2'))!;
    expect(await b.enrollDevice({ codeHash: spare, device: device(3, 'same-key') }, enrollAudit(3))).toEqual({ outcome: 'enrolled' });
    expect((await a.listDevices()).map((d) => [d.publicKeyPem, d.revokedAt === null])).toEqual(
      expect.arrayContaining([
        ['same-key', false],
        ['same-key', true],
      ]),
    );
  });

  test('two administrators demote each other on two instances at once: an active administrator remains', async () => {
    for (const username of ['boss', 'deputy']) await a.createAdmin({ username, passwordHash: 'x', createdAt: at }, audit('cli', 'admin.create'));
    // Several rounds: which one wins may differ; that both win must never happen.
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all([
        a.updateAdmin('boss', { role: 'reader', hospitalIds: ['h1'], disabled: false }, audit('admin:deputy', 'admin.update')),
        b.updateAdmin('deputy', { role: 'admin', hospitalIds: [], disabled: true }, audit('admin:boss', 'admin.disable')),
      ]);
      expect(answers.sort()).toEqual(['last_admin', 'written']);
      const active = (await b.listAdmins()).filter((u) => u.role === 'admin' && !u.disabledAt);
      expect(active).toHaveLength(1);
      // Both back to active administrators for the next round.
      await a.updateAdmin('boss', { role: 'admin', hospitalIds: [], disabled: false }, audit('cli', 'admin.update'));
      await b.updateAdmin('deputy', { role: 'admin', hospitalIds: [], disabled: false }, audit('cli', 'admin.enable'));
    }
    const refusals = (await a.listAudit({ limit: 200, outcome: 'refused' })).filter((r) => r.details.reason === 'last_admin');
    expect(refusals).toHaveLength(8);
  });

  test('a code form submitted to both instances at once is claimed once', async () => {
    const createdAt = new Date().toISOString();
    const notBefore = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 5; i++) {
      const tokenHash = `form-${i}`;
      await a.openCodeForm({ tokenHash, engineerId: 'wang', username: 'boss', createdAt }, notBefore);
      const claims = await Promise.all([a.claimCodeForm(tokenHash, 'wang', 'boss', notBefore), b.claimCodeForm(tokenHash, 'wang', 'boss', notBefore)]);
      expect(claims.filter((c) => c.outcome === 'claimed')).toHaveLength(1);
      expect(claims.find((c) => c.outcome !== 'claimed')).toEqual({ outcome: 'issued', codeId: '', at: '' });
      // Once recorded, a third submission shows the code it issued.
      await b.recordCodeForm(tokenHash, 'abcd1234', createdAt);
      expect(await a.claimCodeForm(tokenHash, 'wang', 'boss', notBefore)).toEqual({ outcome: 'issued', codeId: 'abcd1234', at: createdAt });
    }
  });

  test('the same new engineer id and user name created on both instances at once: one row, one audit entry, the other told it exists', async () => {
    for (let i = 0; i < 5; i++) {
      const made = await Promise.allSettled([0, 1].map((n) => storeOf(n).createEngineer({ id: `same-${i}`, name: `工程师 ${n}`, hospitalIds: [] }, audit('admin:x', 'engineer.create', `same-${i}`))));
      expect(made.map((m) => m.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = made.find((m) => m.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toBeInstanceOf(AlreadyExists);
      const user = { username: `same-${i}`, passwordHash: 'h', createdAt: at, role: 'admin' as const, hospitalIds: [] };
      const users = await Promise.allSettled([a, b].map((s) => s.createAdmin(user, audit('admin:x', 'admin.create', `same-${i}`))));
      expect(users.map((m) => m.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((users.find((m) => m.status === 'rejected') as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyExists);
    }
    expect((await a.listEngineers()).filter((e) => e.id.startsWith('same-'))).toHaveLength(5);
    expect(await a.listAudit({ limit: 100, action: 'engineer.create' })).toHaveLength(5);
    expect(await a.listAudit({ limit: 100, action: 'admin.create' })).toHaveLength(5);
  });

  test('rate-limit hits from both instances count in one window, and the next window starts again', async () => {
    const windowMs = 60_000;
    const nowMs = 1_800_000_000_000 + 5_000;
    const hits = await Promise.all(Array.from({ length: 20 }, (_, i) => storeOf(i).hitRateLimit('login 10.0.0.1', windowMs, nowMs)));
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // The window runs a whole windowMs from the address's first hit, as @fastify/rate-limit's own store counts.
    expect(new Set(hits.map((h) => h.resetAtMs))).toEqual(new Set([nowMs + windowMs]));
    // Another address has its own count.
    expect((await b.hitRateLimit('login 10.0.0.2', windowMs, nowMs)).count).toBe(1);
    // Still inside the window a second before it ends; the next hit after it starts a new one at one.
    expect((await a.hitRateLimit('login 10.0.0.1', windowMs, nowMs + windowMs - 1_000)).count).toBe(21);
    expect(await a.hitRateLimit('login 10.0.0.1', windowMs, nowMs + windowMs)).toEqual({ count: 1, resetAtMs: nowMs + 2 * windowMs });
    // An instance whose clock is a little behind counts into the new window rather than restart it.
    expect(await b.hitRateLimit('login 10.0.0.1', windowMs, nowMs + windowMs - 10_000)).toEqual({ count: 2, resetAtMs: nowMs + 2 * windowMs });
  });

  test('counters of windows that ended a day ago are swept', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      const day = 24 * 60 * 60 * 1000;
      const nowMs = 1_800_000_000_000;
      await admin.query('INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 3), ($3, $4, 3)', ['old', nowMs - 2 * day, 'recent', nowMs - day / 2]);
      // A fresh store sweeps on its first hit.
      await a.hitRateLimit('new', 60_000, nowMs);
      const { rows } = await admin.query<{ key: string }>('SELECT key FROM rate_limits ORDER BY key');
      expect(rows.map((r) => r.key)).toEqual(['new', 'recent']);
    } finally {
      await admin.end();
    }
  });
});

describe('two offices on one database', () => {
  let first: TestOffice;
  let second: TestOffice;
  const login = { max: 4, windowMs: 60_000 };

  beforeEach(async () => {
    // No catalog: this is about logins, and the reference data needs no seeding twice.
    first = await startTestOffice({ dataDir: await folder(), database: database.url, catalogDir: null, rateLimits: { login } });
    // The second instance carries the office's keys, as an operator copies them (docs/deploy.md).
    const dataDir = await folder();
    await cp(path.join(first.dataDir, 'keys'), path.join(dataDir, 'keys'), { recursive: true });
    second = await startTestOffice({ dataDir, database: database.url, catalogDir: null, rateLimits: { login } });
  });
  afterEach(async () => {
    await first.close();
    await second.close();
  });

  test('an engineer added on both consoles at once with one id: one is added, the other page says the id is taken', async () => {
    await first.addConsoleUser('admin', 'correct horse battery');
    const clients = await Promise.all([first, second].map((o) => consoleClient(o, 'admin', 'correct horse battery')));
    const csrfs = await Promise.all(clients.map(async (c) => /name="csrf" value="([^"]+)"/.exec((await c.get('/console/engineers')).body)![1]!));
    for (let i = 0; i < 5; i++) {
      const answers = await Promise.all(clients.map((c, n) => c.post('/console/engineers', { csrf: csrfs[n]!, id: `both-${i}`, name: `工程师 ${i}` })));
      expect(answers.map((r) => r.status).sort()).toEqual([303, 400]);
      expect(answers.find((r) => r.status === 400)!.body).toContain(`编号：已有编号为“both-${i}”的工程师`);
    }
    expect((await first.ctx.store.listEngineers()).filter((e) => e.id.startsWith('both-'))).toHaveLength(5);
  });

  test('login attempts split across both count against one limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await logIn(i % 2 === 0 ? first : second, 'nobody', 'wrong password')).status);
    // Each instance alone saw four: only a shared count refuses the fifth.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429]);
  });

  test('a rate-limit counter the database does not give is a clear 503, not a hung request', async () => {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    try {
      // Another session holds the counters' table: the count waits, and the request is refused in time.
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE rate_limits IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const held = await logIn(first, 'nobody', 'wrong password');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(held.status).toBe(503);
      // The login form is a person's: the page says, in their language, to wait and try again.
      expect(held.headers.get('content-type')).toContain('text/html');
      expect(held.body).toContain('办公室服务暂时连不上它的数据库');
      await admin.query('ROLLBACK');
      // The database back, the office answers as before.
      expect((await logIn(second, 'nobody', 'wrong password')).status).toBe(401);
    } finally {
      await admin.end();
    }
  });
});
