/**
 * The sync engine's service-record path against a scripted office (no network): a receipt that
 * does not cover what was sent needs the engineer; a 409 that keeps coming stops after a bounded
 * number of merges and waits; an office record under another hospital is not merged; a 409 with
 * no office record starts again at version 1; and nothing pushes without a verified receipt.
 */
import { describe, expect, it } from 'vitest';
import { canonicalHash } from '../../../src-shared/crypto/canonical';
import type { FaultBody, PushFaultResult } from '../../../src-shared/rpc/service-sync';
import type { Receipt } from '../../../src-shared/sync/receipt';
import { serviceOutboxId } from '../../../src-renderer/db/rows';
import type { Repositories } from '../../../src-renderer/db/index';
import { createSyncEngine } from '../../../src-renderer/sync/engine';
import type { Transport } from '../../../src-renderer/sync/ports';
import { reportSource } from '../../../src-renderer/sync/report-package';
import { serviceSource } from '../../../src-renderer/sync/service-package';
import { MAX_MERGE_ROUNDS } from '../../../src-renderer/sync/service-send';
import { clockAt, CONTRACT, HOSPITAL, seeded } from './store-fixtures';
import { officeSigner } from './sync-fixtures';

const signer = officeSigner();

async function receiptFor(fault: FaultBody, change: Partial<{ hash: string; version: number }> = {}): Promise<Receipt> {
  return signer.sign({
    kind: 'fault', id: fault.id, hash: change.hash ?? (await canonicalHash(fault)), version: change.version ?? fault.version, hospitalId: fault.hospitalId,
    deviceId: 'd', engineerId: 'e', blobs: [], via: 'push', receivedAt: '2026-11-02T02:00:00.000Z',
  }) as Receipt;
}

function engineFor(repos: Repositories, pushFault: (fault: FaultBody) => Promise<PushFaultResult>) {
  const pushed: FaultBody[] = [];
  const transport: Transport = {
    missingBlobs: async (list) => list,
    putBlob: async () => undefined,
    pushReport: async () => ({ created: false, receipt: null }),
    pushFault: async (fault) => {
      pushed.push(fault);
      return pushFault(fault);
    },
  };
  const engine = createSyncEngine({ outbox: repos.outbox, source: reportSource(repos), services: serviceSource(repos), transport, officeKey: async () => signer.publicKey, random: () => 0 });
  return { engine, pushed };
}

async function record(repos: Repositories): Promise<string> {
  const row = await repos.serviceRecords.create({
    hospitalId: HOSPITAL, contractId: CONTRACT, subject: { kind: 'contract' }, channel: 'phone', reporter: { name: '王护士' }, kind: 'fault', levelId: 'severe',
    reportedAt: '2026-11-02T01:00:00.000Z', title: '叫号屏黑屏', description: '', by: '张工',
  });
  return row.id;
}

describe('sync engine: service records', () => {
  it('marks a record synced only with a receipt for exactly what was sent', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const id = await record(repos);
    const wrong = engineFor(repos, async (fault) => ({ kind: 'accepted', created: true, version: fault.version, receipt: await receiptFor(fault, { hash: 'f'.repeat(64) }) }));
    expect(await wrong.engine.syncNow()).toMatchObject({ synced: 0, attention: 1 });
    expect(await db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'attention', lastError: { code: 'receipt_invalid' } });
    expect((await repos.serviceRecords.get(id))?.officeVersion).toBe(0);
    // The body is the record and its version, nothing else.
    expect(Object.keys(wrong.pushed[0]!).sort()).toEqual(['channel', 'contractId', 'createdAt', 'createdBy', 'events', 'hospitalId', 'id', 'photos', 'reporter', 'subject', 'version']);

    await repos.outbox.retry();
    const right = engineFor(repos, async (fault) => ({ kind: 'accepted', created: true, version: fault.version, receipt: await receiptFor(fault) }));
    expect(await right.engine.syncNow()).toMatchObject({ synced: 1 });
    expect((await repos.serviceRecords.get(id))?.officeVersion).toBe(1);
    expect(await db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'synced' });
  });

  it('merges a bounded number of times when the office keeps moving, then waits and retries', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const id = await record(repos);
    let officeVersion = 1;
    const { engine, pushed } = engineFor(repos, async (fault) => {
      const current = { ...fault, version: ++officeVersion };
      return { kind: 'conflict', current: { version: current.version, hash: 'a'.repeat(64), record: current } };
    });
    expect(await engine.syncNow()).toMatchObject({ synced: 0, retry: 1 });
    expect(pushed).toHaveLength(MAX_MERGE_ROUNDS);
    expect(pushed.map((f) => f.version)).toEqual([1, 3, 4, 5, 6]);
    expect(await db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'pending', lastError: { code: 'merge_loop' } });
  });

  it('does not merge an office record kept under another hospital; starts again at 1 when the office has none', async () => {
    clockAt('2026-11-02T02:00:00.000Z');
    const { db, repos } = await seeded();
    const id = await record(repos);
    const elsewhere = engineFor(repos, async (fault) => ({ kind: 'conflict', current: { version: 4, hash: 'a'.repeat(64), record: { ...fault, hospitalId: 'wuhan-central' } } }));
    expect(await elsewhere.engine.syncNow()).toMatchObject({ attention: 1 });
    expect(await db.outbox.get(serviceOutboxId(id))).toMatchObject({ state: 'attention', lastError: { code: 'service_invalid' } });
    expect((await repos.serviceRecords.get(id))?.officeVersion).toBe(0);

    await db.serviceRecords.update(id, { officeVersion: 6 });
    await repos.outbox.retry();
    const empty = engineFor(repos, async (fault) =>
      fault.version === 1 ? { kind: 'accepted', created: true, version: 1, receipt: await receiptFor(fault) } : { kind: 'conflict', current: null },
    );
    expect(await empty.engine.syncNow()).toMatchObject({ synced: 1 });
    expect(empty.pushed.map((f) => f.version)).toEqual([7, 1]);
    expect((await repos.serviceRecords.get(id))?.officeVersion).toBe(1);
  });
});
