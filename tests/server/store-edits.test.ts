/**
 * The storage port's guarded writes for console edits (issue 14), on either store: a write
 * applies only when the stored row is still what the editor started from, all or nothing; every
 * version is kept with who wrote it; drafts publish once; engineers and console users change under
 * their own guards. The audit log has every write and every refusal.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { EditConflict, referenceRow, writeGuarded } from '../../src-server/admin/reference-edits';
import type { AuditEntry, OfficeStore } from '../../src-server/storage/port';
import { openTestStore, type TestStore } from './helpers/store';

let opened: TestStore;
let store: OfficeStore;
const audit = (actor: string, action = 'test.write'): AuditEntry => ({ actor, action, outcome: 'ok', target: 't', details: {} });

beforeEach(async () => {
  opened = await openTestStore();
  store = opened.store;
});
afterEach(async () => {
  await opened.close();
});

describe('guarded reference writes', () => {
  test('a write applies only over the hash it started from, and every version is kept with its author', async () => {
    const v1 = await referenceRow('hospital', 'h1', 'h1', { id: 'h1', n: 1 });
    await writeGuarded({ store }, [{ row: v1, expectedHash: null }], audit('admin:wang'));
    const v2 = await referenceRow('hospital', 'h1', 'h1', { id: 'h1', n: 2 });
    await writeGuarded({ store }, [{ row: v2, expectedHash: v1.hash }], audit('admin:li'));

    // A third editor who opened the page at version 1 saves: refused, naming who saved in between.
    const stale = await referenceRow('hospital', 'h1', 'h1', { id: 'h1', n: 3 });
    const refused = await writeGuarded({ store }, [{ row: stale, expectedHash: v1.hash }], audit('admin:zhao')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EditConflict);
    expect((refused as EditConflict).by).toBe('admin:li');

    const stored = await store.getReference('hospital', 'h1');
    expect(stored).toMatchObject({ version: 2, hash: v2.hash, data: { n: 2 } });
    const history = await store.listReferenceVersions('hospital', 'h1');
    expect(history.map((h) => [h.version, h.actor, (h.data as { n: number }).n])).toEqual([
      [2, 'admin:li', 2],
      [1, 'admin:wang', 1],
    ]);
    const log = await store.listAudit({ limit: 10, action: 'test.write' });
    expect(log.map((l) => [l.actor, l.outcome])).toEqual([
      ['admin:zhao', 'refused'],
      ['admin:li', 'ok'],
      ['admin:wang', 'ok'],
    ]);
  });

  test('one stale row refuses the whole batch: nothing is half-written', async () => {
    const a = await referenceRow('asset', 'a', 'h1', { id: 'a', model: 'x' });
    const b = await referenceRow('asset', 'b', 'h1', { id: 'b', model: 'x' });
    await store.writeReference([{ row: a, expectedHash: null }, { row: b, expectedHash: null }], audit('admin:wang'));
    const seqBefore = (await store.pullReference(0, ['h1'], 100)).map((r) => r.seq);

    const a2 = await referenceRow('asset', 'a', 'h1', { id: 'a', model: 'y' });
    const c = await referenceRow('asset', 'c', 'h1', { id: 'c', model: 'y' });
    // b is deleted with a wrong guard: the batch (a2, c, the deletion) must leave everything as it was.
    const result = await store.writeReference(
      [{ row: a2, expectedHash: a.hash }, { row: c, expectedHash: null }, { delete: true, kind: 'asset', key: 'b', expectedHash: a.hash! }],
      audit('admin:li'),
    );
    expect(result).toEqual({ outcome: 'conflict', keys: [{ kind: 'asset', key: 'b' }] });
    expect((await store.getReference('asset', 'a'))?.data).toEqual({ id: 'a', model: 'x' });
    expect(await store.getReference('asset', 'c')).toBeUndefined();
    expect((await store.pullReference(0, ['h1'], 100)).map((r) => r.seq)).toEqual(seqBefore);

    // With the right guards the same batch goes through, and the deletion is a tombstone devices pull.
    const ok = await store.writeReference(
      [{ row: a2, expectedHash: a.hash }, { row: c, expectedHash: null }, { delete: true, kind: 'asset', key: 'b', expectedHash: b.hash! }],
      audit('admin:li'),
    );
    expect(ok).toEqual({ outcome: 'written', changed: 3 });
    const pulled = await store.pullReference(seqBefore.at(-1)!, ['h1'], 100);
    expect(pulled.map((r) => [r.key, r.deleted, r.version])).toEqual([
      ['a', false, 2],
      ['c', false, 1],
      ['b', true, 2],
    ]);
    // A deleted row is expected as absent (null) by the next writer.
    const b3 = await referenceRow('asset', 'b', 'h1', { id: 'b', model: 'z' });
    expect(await store.writeReference([{ row: b3, expectedHash: null }], audit('admin:li'))).toEqual({ outcome: 'written', changed: 1 });
    expect((await store.getReference('asset', 'b'))?.version).toBe(3);
  });

  test('the catalog import keeps history too, and an unchanged row is not a new version', async () => {
    const row = await referenceRow('calendar', 'cn', null, { id: 'cn' });
    expect(await store.upsertReference([row], audit('cli', 'reference.import'))).toBe(1);
    expect(await store.upsertReference([row], audit('cli', 'reference.import'))).toBe(0);
    expect((await store.listReferenceVersions('calendar', 'cn')).map((v) => [v.version, v.actor])).toEqual([[1, 'cli']]);
  });
});

describe('template drafts', () => {
  const draft = (data: unknown, hash: string) => ({ templateId: 'kiosk', baseVersion: 1, data, hash, updatedAt: '', updatedBy: 'admin:wang' });

  test('a draft is saved over its own hash only, and publishes exactly once', async () => {
    expect(await store.saveTemplateDraft(draft({ v: 1 }, 'h1'), null, audit('admin:wang'))).toEqual({ outcome: 'written' });
    expect(await store.saveTemplateDraft(draft({ v: 2 }, 'h2'), null, audit('admin:li'))).toEqual({ outcome: 'conflict' });
    expect(await store.saveTemplateDraft(draft({ v: 2 }, 'h2'), 'h1', audit('admin:li'))).toEqual({ outcome: 'written' });
    expect((await store.getTemplateDraft('kiosk'))?.data).toEqual({ v: 2 });

    const row = await referenceRow('template', 'kiosk@2', null, { id: 'kiosk', version: 2 });
    expect(await store.publishTemplateDraft('kiosk', 'h1', row, audit('admin:wang'))).toEqual({ outcome: 'conflict' });
    expect(await store.publishTemplateDraft('kiosk', 'h2', row, audit('admin:li'))).toEqual({ outcome: 'written' });
    expect(await store.getTemplateDraft('kiosk')).toBeUndefined();
    expect((await store.getReference('template', 'kiosk@2'))?.hash).toBe(row.hash);

    // A second draft for the same version cannot rewrite the published one.
    await store.saveTemplateDraft(draft({ v: 3 }, 'h3'), null, audit('admin:zhao'));
    const other = await referenceRow('template', 'kiosk@2', null, { id: 'kiosk', version: 2, other: true });
    expect(await store.publishTemplateDraft('kiosk', 'h3', other, audit('admin:zhao'))).toEqual({ outcome: 'conflict' });
    expect((await store.getReference('template', 'kiosk@2'))?.hash).toBe(row.hash);
    expect(await store.deleteTemplateDraft('kiosk', 'h3', audit('admin:zhao'))).toEqual({ outcome: 'written' });
    expect(await store.deleteTemplateDraft('kiosk', 'h3', audit('admin:zhao'))).toEqual({ outcome: 'missing' });
  });
});

describe('people', () => {
  test('an engineer edit applies over its version only; deactivation refuses their enrollment codes', async () => {
    const e = await store.createEngineer({ id: 'wang', name: '王工', hospitalIds: ['h1'] }, audit('cli'));
    expect(e).toMatchObject({ version: 1, deactivatedAt: null });
    expect(await store.updateEngineer('wang', { name: '王伟', hospitalIds: ['h1', 'h2'], deactivated: false }, 1, audit('admin:a'))).toEqual({ outcome: 'written' });
    expect(await store.updateEngineer('wang', { name: '王五', hospitalIds: [], deactivated: false }, 1, audit('admin:b'))).toEqual({ outcome: 'conflict' });
    expect(await store.updateEngineer('nobody', { name: 'x', hospitalIds: [], deactivated: false }, 1, audit('admin:b'))).toEqual({ outcome: 'missing' });
    expect(await store.getEngineer('wang')).toMatchObject({ name: '王伟', hospitalIds: ['h1', 'h2'], version: 2 });

    await store.createEnrollmentCode({ codeHash: 'code', engineerId: 'wang', expiresAt: '2099-01-01T00:00:00.000Z' }, audit('admin:a'));
    expect(await store.findEnrollmentCode('code', '2026-01-01T00:00:00.000Z')).toEqual({ engineerId: 'wang' });
    await store.updateEngineer('wang', { name: '王伟', hospitalIds: ['h1'], deactivated: true }, 2, audit('admin:a'));
    expect((await store.getEngineer('wang'))?.deactivatedAt).toEqual(expect.any(String));
    expect(await store.findEnrollmentCode('code', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    // Reactivated, the unexpired code works again.
    await store.updateEngineer('wang', { name: '王伟', hospitalIds: ['h1'], deactivated: false }, 3, audit('admin:a'));
    expect(await store.findEnrollmentCode('code', '2026-01-01T00:00:00.000Z')).toEqual({ engineerId: 'wang' });
  });

  test('console users carry a role and hospitals; disabling one ends their sessions', async () => {
    await store.createAdmin({ username: 'it-office', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z', role: 'reader', hospitalIds: ['h2', 'h1'] }, audit('cli'));
    await store.createAdmin({ username: 'boss', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' }, audit('cli'));
    expect((await store.listAdmins()).map((u) => [u.username, u.role, u.hospitalIds, u.disabledAt])).toEqual([
      ['boss', 'admin', [], null],
      ['it-office', 'reader', ['h2', 'h1'], null],
    ]);
    await store.createSession('tok', { username: 'it-office', csrfToken: 'c', expiresAt: '2099-01-01T00:00:00.000Z' });
    expect(await store.updateAdmin('it-office', { role: 'reader', hospitalIds: ['h1'], disabled: true }, audit('admin:boss'))).toBe('written');
    expect(await store.getSession('tok', '2026-01-01T00:00:00.000Z')).toBeUndefined();
    expect(await store.getAdmin('it-office')).toMatchObject({ hospitalIds: ['h1'], disabledAt: expect.any(String) });
    expect(await store.updateAdmin('ghost', { role: 'admin', hospitalIds: [], disabled: false }, audit('admin:boss'))).toBe('missing');
    // The last active administrator cannot be demoted or disabled, however the calls race: the count is taken in the write's transaction.
    await store.createAdmin({ username: 'deputy', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' }, audit('cli'));
    const both = await Promise.all([
      store.updateAdmin('boss', { role: 'reader', hospitalIds: ['h1'], disabled: false }, audit('admin:deputy')),
      store.updateAdmin('deputy', { role: 'admin', hospitalIds: [], disabled: true }, audit('admin:boss')),
    ]);
    // Which one comes first is the store's to decide (SQLite runs them in call order; on PostgreSQL
    // the first to lock the administrators' rows): exactly one is written, and an administrator is left.
    expect([...both].sort()).toEqual(['last_admin', 'written']);
    const [survivor, refusedBy] = both[0] === 'written' ? ['deputy', 'admin:boss'] : ['boss', 'admin:deputy'];
    expect((await store.listAdmins()).filter((u) => u.role === 'admin' && !u.disabledAt).map((u) => u.username)).toEqual([survivor]);
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ actor: refusedBy, outcome: 'refused', details: { reason: 'last_admin' } });
  });
});
