/**
 * The database stops answering under a running instance (issue 15 trial): devices get 503 with
 * Retry-After (they retry later; nothing is lost), the console says so in the user's language
 * instead of showing JSON, /readyz turns 503 while /healthz stays 200; and when the database is
 * back the instance serves again without a restart. The database is cut by closing a TCP relay
 * between the office and the real PostgreSQL server, so nothing else on the server is disturbed.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres';
import { consoleClient } from '../server/helpers/console';
import { enrolledDevice, http, type TestDevice } from '../server/helpers/device';
import { startTestOffice, type TestOffice } from '../server/helpers/office';
import { newRecord } from '../server/helpers/service';

let database: TestDatabase;
let office: TestOffice;
let device: TestDevice;
let relay: Server | undefined;
const open = new Set<Socket>();
let relayPort = 0;

/** Listens on relayPort (0: any) and pipes every connection to the real server. */
async function startRelay(target: URL): Promise<void> {
  relay = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => relay!.listen(relayPort, '127.0.0.1', resolve));
  relayPort = (relay.address() as AddressInfo).port;
}

async function cutRelay(): Promise<void> {
  await new Promise<void>((resolve) => {
    relay!.close(() => resolve());
    for (const s of open) s.destroy();
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  await startRelay(target);
  const viaRelay = new URL(database.url);
  viaRelay.port = String(relayPort);
  office = await startTestOffice({ database: viaRelay.toString() });
  device = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
  await office.addConsoleUser('admin', 'correct horse battery');
}, 60_000);
afterAll(async () => {
  await office?.close();
  if (relay?.listening) await cutRelay();
  await database?.drop();
});

test('with the database gone: 503 and Retry-After for devices, a page in words for the console, /readyz 503; then it recovers', async () => {
  const admin = await consoleClient(office, 'admin', 'correct horse battery');
  expect((await admin.get('/console/engineers', { accept: 'text/html' })).status).toBe(200);

  await cutRelay();
  const push = await device.call('PUT', paths.fault('fault-down-1'), newRecord('fault-down-1'));
  expect(push.status).toBe(503);
  expect(push.headers.get('retry-after')).toBe('10');
  expect(push.body).toMatchObject({ error: { code: 'internal', message: expect.stringContaining('cannot reach its database') } });

  const pageWhileDown = await admin.get('/console/engineers', { accept: 'text/html', 'accept-language': 'zh-CN' });
  expect(pageWhileDown.status).toBe(503);
  expect(pageWhileDown.headers.get('content-type')).toContain('text/html');
  expect(pageWhileDown.body).toContain('办公室服务暂时连不上它的数据库，已保存的数据不受影响');
  expect(pageWhileDown.body).not.toContain('{"error"');

  expect((await http(`${office.url}/readyz`)).status).toBe(503);
  expect((await http(`${office.url}/healthz`)).status).toBe(200);

  // The database back on the same address: no restart, the same session, the push goes in.
  await startRelay(new URL(database.url));
  await expect.poll(async () => (await http(`${office.url}/readyz`)).status, { timeout: 15_000 }).toBe(200);
  expect((await admin.get('/console/engineers', { accept: 'text/html' })).status).toBe(200);
  expect((await device.call('PUT', paths.fault('fault-down-1'), newRecord('fault-down-1'))).status).toBe(201);
});
