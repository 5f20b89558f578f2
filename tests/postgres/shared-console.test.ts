/**
 * Two office instances on one PostgreSQL share the console (issue 15): a session made through one
 * is good on the other and ends on both when it ends; a code form rendered by one and submitted to
 * both at once issues one code; an engineer added through one is on the other's pages at once.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { consoleClient, type ConsoleClient } from '../server/helpers/console';
import { startTestOffice, type TestOffice } from '../server/helpers/office';

let database: TestDatabase;
let first: TestOffice;
let second: TestOffice;
const folders: string[] = [];
const csrfOf = (page: string): string => /name="csrf" value="([^"]+)"/.exec(page)![1]!;
const codeFormOf = (page: string): string => /name="form" value="([^"]+)"/.exec(page)![1]!;

async function folder(): Promise<string> {
  const made = await mkdtemp(path.join(tmpdir(), 'xunjian-shared-console-'));
  folders.push(made);
  return made;
}

/** The same browser (its cookie) with its requests sent to another instance, as a balancer would. */
function through(client: ConsoleClient, office: TestOffice): ConsoleClient {
  const at = (p: string): string => `${office.url}${p}`;
  return {
    ...client,
    get: (p, headers = {}) => fetch(at(p), { headers: { cookie: client.cookie, ...headers }, redirect: 'manual' }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() })),
    post: (p, form) =>
      fetch(at(p), {
        method: 'POST',
        headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        redirect: 'manual',
      }).then(async (r) => ({ status: r.status, headers: r.headers, body: await r.text() })),
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  first = await startTestOffice({ dataDir: await folder(), database: database.url });
  const dataDir = await folder();
  await cp(path.join(first.dataDir, 'keys'), path.join(dataDir, 'keys'), { recursive: true });
  second = await startTestOffice({ dataDir, database: database.url });
  await first.addConsoleUser('admin', 'correct horse battery');
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  for (const f of folders) await rm(f, { recursive: true, force: true });
  await database?.drop();
});

test('a console session made through one instance works on the other, and a logout on either ends it on both', async () => {
  const onFirst = await consoleClient(first, 'admin', 'correct horse battery');
  const onSecond = through(onFirst, second);
  expect((await onSecond.get('/console/engineers')).status).toBe(200);

  // An engineer added through the second is on the first's page at once.
  const form = (await onSecond.get('/console/engineers')).body;
  const added = await onSecond.post('/console/engineers', { csrf: csrfOf(form), id: 'li-na', name: '李娜' });
  expect(added.status).toBe(303);
  expect((await onFirst.get('/console/engineers')).body).toContain('李娜');

  const page = (await onFirst.get('/console/engineers')).body;
  expect((await onSecond.post('/console/logout', { csrf: csrfOf(page) })).status).toBe(303);
  expect((await onFirst.get('/console/engineers')).status).toBe(303);
  expect((await onSecond.get('/console/engineers')).status).toBe(303);
});

test('a code form rendered by one instance and submitted to both at once issues one code', async () => {
  await first.addEngineer('wu-gang', ['yunan-peoples'], '吴刚');
  const onFirst = await consoleClient(first, 'admin', 'correct horse battery');
  const onSecond = through(onFirst, second);
  const page = (await onFirst.get('/console/engineers/wu-gang')).body;
  const fields = { csrf: csrfOf(page), form: codeFormOf(page), days: '7', officeUrl: 'http://192.168.1.10:8080' };
  const answers = await Promise.all([onFirst.post('/console/engineers/wu-gang/code', fields), onSecond.post('/console/engineers/wu-gang/code', fields)]);
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
  expect(await first.ctx.store.listOutstandingCodes('wu-gang', new Date().toISOString())).toHaveLength(1);
});
