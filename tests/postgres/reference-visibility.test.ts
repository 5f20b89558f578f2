/**
 * Issue 15: the reference change log on one PostgreSQL database written by two office instances at
 * once. A device pulls with a cursor (the last sequence number it saw); a row that commits later
 * with a lower number than one it already saw would never reach it. So while two stores write
 * (small upserts, deletions, 50-row guarded writes), a reader pulls from its cursor, and in the end
 * it must hold every row at its final version, each seen once at that version; the numbers must be
 * 1…N without a gap. Guarded writes and template publishing race across the two, and the audit
 * log stays gapless through all of it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, OfficeStore, ReferenceChange, ReferenceRow } from '../../src-server/storage/port';
import { openStores } from '../../src-server/storage/open-store';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { seededRandom } from '../helpers/seeded-random';

let database: TestDatabase;
let dataDir: string;
let one: OfficeStore;
let two: OfficeStore;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'xunjian-pg-reference-'));
  // Two instances starting at once on one database, as behind a load balancer: both migrate.
  [one, two] = (await Promise.all([0, 1].map(() => openStores({ dataDir, database: database.url, now: () => new Date() })))).map((o) => o.store) as [
    OfficeStore,
    OfficeStore,
  ];
});

afterAll(async () => {
  await one?.close();
  await two?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const audit = (actor: string, action: string): AuditEntry => ({ actor, action, outcome: 'ok', target: 'reference', details: {} });

let made = 0;
/** A row with new content each time: its hash is unique, so every write of it is a change. */
function row(kind: ReferenceRow['kind'], key: string, hospitalId: string | null): ReferenceRow {
  made++;
  return { kind, key, hospitalId, hash: `h${made}`, data: { key, n: made } };
}

/** Every key any writer touches, so the end can read each one's history through the port. */
const touched = new Map<string, { kind: ReferenceRow['kind']; key: string }>();
const note = (r: { kind: ReferenceRow['kind']; key: string }): void => void touched.set(`${r.kind}/${r.key}`, { kind: r.kind, key: r.key });

/** One instance's editors and imports: many small transactions, some of 50 rows. */
async function writer(store: OfficeStore, name: string, seed: number, rounds: number): Promise<void> {
  const random = seededRandom(seed);
  // Keys both writers share, so each updates rows the other wrote.
  const shared = (): string => `shared-${Math.floor(random() * 30)}`;
  for (let i = 0; i < rounds; i++) {
    const pick = random();
    if (pick < 0.15) {
      // A slow one: an import of 50 new rows with their guards (none of them exists yet).
      const rows = Array.from({ length: 50 }, (_, j) => row('asset', `${name}-bulk-${i}-${j}`, j % 2 ? 'h1' : null));
      rows.forEach(note);
      const outcome = await store.writeReference(
        rows.map((r) => ({ row: r, expectedHash: null })),
        audit(name, 'reference.import'),
      );
      expect(outcome).toEqual({ outcome: 'written', changed: 50 });
    } else if (pick < 0.25) {
      const key = { kind: 'contract' as const, key: shared() };
      note(key);
      await store.deleteReference([key], audit(name, 'reference.delete'));
    } else {
      const rows = Array.from({ length: 1 + Math.floor(random() * 3) }, () => row('contract', shared(), random() < 0.5 ? 'h1' : null));
      rows.forEach(note);
      await store.upsertReference(rows, audit(name, 'reference.upsert'));
    }
  }
}

describe('the reference change log on two instances', () => {
  it('lets a reader pulling by cursor see every row once at its final version, numbered without gaps', async () => {
    let writing = true;
    const seen = new Map<string, ReferenceChange[]>();
    let cursor = 0;
    let pulls = 0;
    const pullOnce = async (): Promise<number> => {
      const page = await one.pullReference(cursor, ['h1'], 40);
      pulls++;
      for (const change of page) {
        // Oldest first, each number once: the cursor only moves forward.
        expect(change.seq).toBeGreaterThan(cursor);
        cursor = change.seq;
        const id = `${change.kind}/${change.key}`;
        seen.set(id, [...(seen.get(id) ?? []), change]);
      }
      return page.length;
    };
    const reader = (async () => {
      while (writing) await pullOnce();
      // The writers are done: what is left comes in full pages.
      while ((await pullOnce()) > 0);
    })();
    await Promise.all([writer(one, 'one', 1, 80), writer(two, 'two', 2, 80)]).finally(() => (writing = false));
    await reader;
    expect(pulls).toBeGreaterThan(5);

    // What a device starting now would get, in full: the final version of every row.
    const final: ReferenceChange[] = [];
    for (let after = 0; ; ) {
      const page = await two.pullReference(after, ['h1'], 500);
      if (page.length === 0) break;
      final.push(...page);
      after = page.at(-1)!.seq;
    }
    const stored = [];
    for (const { kind, key } of touched.values()) if (await two.getReference(kind, key)) stored.push(`${kind}/${key}`);
    expect(final.map((c) => `${c.kind}/${c.key}`).sort()).toEqual(stored.sort());
    for (const change of final) {
      const versions = seen.get(`${change.kind}/${change.key}`) ?? [];
      expect(versions.at(-1), `${change.kind}/${change.key}`).toEqual(change);
      expect(versions.filter((v) => v.version === change.version)).toHaveLength(1);
    }
    expect(seen.size).toBe(final.length);

    // Every number handed out went to exactly one version of one row: 1…N.
    const numbers: number[] = [];
    for (const { kind, key } of touched.values()) numbers.push(...(await two.listReferenceVersions(kind, key)).map((v) => v.seq));
    numbers.sort((a, b) => a - b);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(Math.max(...final.map((c) => c.seq))).toBe(numbers.length);
  });

  it('passes the same guard for one instance only', async () => {
    for (let i = 0; i < 10; i++) {
      const first = row('hospital', `guarded-${i}`, `guarded-${i}`);
      expect(await one.writeReference([{ row: first, expectedHash: null }], audit('one', 'reference.edit'))).toEqual({ outcome: 'written', changed: 1 });
      // Both editors opened the row at `first` and save a change of it at the same moment.
      const outcomes = await Promise.all(
        [one, two].map((store, n) =>
          store.writeReference(
            [
              { row: row('asset', `guarded-${i}-asset`, `guarded-${i}`), expectedHash: null },
              { row: row('hospital', `guarded-${i}`, `guarded-${i}`), expectedHash: first.hash },
            ],
            audit(`editor-${n}`, 'reference.edit'),
          ),
        ),
      );
      expect(outcomes.map((o) => o.outcome).sort()).toEqual(['conflict', 'written']);
      // The refused one wrote nothing, not even its new row.
      const winner = outcomes.findIndex((o) => o.outcome === 'written');
      expect((await two.getReference('hospital', `guarded-${i}`))?.version).toBe(2);
      expect((await two.listReferenceVersions('asset', `guarded-${i}-asset`)).map((v) => v.actor)).toEqual([`editor-${winner}`]);
    }
  });

  it('publishes a draft once when both instances publish it at once', async () => {
    for (let i = 0; i < 10; i++) {
      const templateId = `race-${i}`;
      const data = { id: templateId, version: 1 };
      const draft = { templateId, baseVersion: null, data, hash: `draft-${i}`, updatedAt: new Date().toISOString(), updatedBy: 'one' };
      expect(await one.saveTemplateDraft(draft, null, audit('one', 'template.draft'))).toEqual({ outcome: 'written' });
      // A second "new draft" of the same template from the other instance finds it taken.
      expect(await two.saveTemplateDraft({ ...draft, hash: `other-${i}` }, null, audit('two', 'template.draft'))).toEqual({ outcome: 'conflict' });
      const published: ReferenceRow = { kind: 'template', key: `${templateId}@1`, hospitalId: null, hash: `published-${i}`, data };
      const outcomes = await Promise.all([one, two].map((store, n) => store.publishTemplateDraft(templateId, draft.hash, published, audit(`publisher-${n}`, 'template.publish'))));
      expect(outcomes.filter((o) => o.outcome === 'written')).toHaveLength(1);
      expect(outcomes.map((o) => o.outcome).filter((o) => o !== 'written')).toEqual([expect.stringMatching(/^(missing|conflict)$/)]);
      expect((await one.listReferenceVersions('template', `${templateId}@1`)).map((v) => v.version)).toEqual([1]);
      expect(await two.getTemplateDraft(templateId)).toBeUndefined();
    }
  });

  it('keeps the audit log numbered 1…N without a gap through all of it', async () => {
    const rows = await one.listAudit({ limit: 100_000 });
    const numbers = rows.map((r) => r.seq).sort((a, b) => a - b);
    expect(numbers.length).toBeGreaterThan(200);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // Every refusal above was audited as one.
    expect(rows.filter((r) => r.outcome === 'refused' && r.details.reason === 'conflict')).toHaveLength(10 + 10 + rows.filter((r) => r.action === 'template.publish' && r.outcome === 'refused').length);
  });
});
