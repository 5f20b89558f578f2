/**
 * A data folder's keys belong to one office (issue 15 review): started on a store that holds no
 * office (a mistyped --database, a new database, a lost office.sqlite) or another office's, the
 * service refuses, instead of founding a second office that signs with the first one's keys.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, testsUsePostgres, type TestDatabase } from '../helpers/postgres';
import { startTestOffice, type TestOffice } from './helpers/office';

let office: TestOffice;
const folders: string[] = [];
const databases: TestDatabase[] = [];

/** A store that holds no office yet: a fresh database, or a data folder without office.sqlite. */
async function emptyStore(): Promise<{ database?: string }> {
  if (!testsUsePostgres()) return {};
  const made = await createTestDatabase();
  databases.push(made);
  return { database: made.url };
}

async function folderWithKeysOf(source: TestOffice): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'xunjian-identity-'));
  folders.push(dir);
  await cp(path.join(source.dataDir, 'keys'), path.join(dir, 'keys'), { recursive: true });
  return dir;
}

beforeAll(async () => {
  office = await startTestOffice({ catalogDir: null });
});
afterAll(async () => {
  await office.close();
  for (const f of folders) await rm(f, { recursive: true, force: true });
  for (const d of databases) await d.drop();
});

test('keys started on a store with no office are refused, naming the office they belong to', async () => {
  const dataDir = await folderWithKeysOf(office);
  const refused = await startTestOffice({ dataDir, catalogDir: null, ...(await emptyStore()) }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(Error);
  expect((refused as Error).message).toContain(`are office ${office.ctx.office.id}'s, but this store holds no office`);
  expect((refused as Error).message).toContain('--database');
});

test("keys started on another office's store are refused", async () => {
  const other = await startTestOffice({ catalogDir: null });
  try {
    const dataDir = await folderWithKeysOf(office);
    const refused = await startTestOffice({ dataDir, catalogDir: null, ...(other.database ? { database: other.database } : {}) }).catch((e: unknown) => e);
    if (!testsUsePostgres()) {
      // On SQLite the store is the folder's own file: a folder holding keys but no office.sqlite has no office.
      expect((refused as Error).message).toContain('this store holds no office');
      return;
    }
    expect((refused as Error).message).toContain(`this store is office ${other.ctx.office.id}'s`);
  } finally {
    await other.close();
  }
});

test('a CA key that is not the CA certificate’s key is refused', async () => {
  const stopped = await startTestOffice({ catalogDir: null });
  const dataDir = stopped.dataDir;
  const database = stopped.database;
  await stopped.app.close();
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  await writeFile(path.join(dataDir, 'keys', 'ca-key.pem'), stranger, { mode: 0o600 });
  const refused = await startTestOffice({ dataDir, catalogDir: null, ...(database ? { database } : {}) }).catch((e: unknown) => e);
  expect((refused as Error).message).toContain('keys/ca-key.pem is not the key of keys/ca-cert.pem');
  folders.push(dataDir);
});
