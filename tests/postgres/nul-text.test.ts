/**
 * PostgreSQL text cannot hold U+0000, where SQLite's can (issue 15 review): a service record whose
 * title carries one is refused as the client's to fix (400), never a 500 a device retries forever.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { paths } from '../../src-shared/sync/protocol';
import { enrolledDevice, type TestDevice } from '../server/helpers/device';
import { startTestOffice, type TestOffice } from '../server/helpers/office';
import { newRecord } from '../server/helpers/service';

let office: TestOffice;
let device: TestDevice;

beforeAll(async () => {
  office = await startTestOffice();
  device = await enrolledDevice(office, 'chen-jie', ['yunan-peoples']);
}, 60_000);
afterAll(() => office.close());

test('a title with a NUL character is a 400 naming it, and the record is not stored', async () => {
  const record = newRecord('fault-nul-1', { title: 'HIS\u0000 门诊收费缓慢' });
  const answer = await device.call('PUT', paths.fault(record.id), record);
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('NUL character') } });
  expect(await office.ctx.store.getCurrentFault(record.id)).toBeUndefined();
  // The same record without it goes in.
  const clean = newRecord('fault-nul-1', { title: 'HIS 门诊收费缓慢' });
  expect((await device.call('PUT', paths.fault(clean.id), clean)).status).toBe(201);
});
