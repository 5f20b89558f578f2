/**
 * The office's check thread takes large jobs one at a time: a job over its time limit fails alone
 * and the queue goes on on a new thread; one device cannot fill the queue for everyone else.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkThread, MAX_QUEUED_PER_OWNER, type OfficeChecks } from '../../src-server/checks/check-thread';
import { ApiError } from '../../src-server/errors';
import { canonicalHash } from '../../src-shared/crypto/canonical';

let checks: OfficeChecks | undefined;
afterEach(async () => {
  await checks?.close();
  checks = undefined;
});

/** A record whose hash takes the thread a while: many small objects. */
const slowRecord = JSON.stringify(Array.from({ length: 400_000 }, (_, i) => ({ i, n: `note ${i}` })));

describe('the office check thread', () => {
  it('hashes on the thread exactly as inline', async () => {
    checks = checkThread(0);
    const json = JSON.stringify({ b: [1, 2, { c: '巡检' }], a: 'x' });
    expect(await checks.recordHash(json, 'device:a')).toBe(await canonicalHash(JSON.parse(json)));
  });

  it('fails a job over its time limit alone; the next job runs on a new thread', async () => {
    checks = checkThread(0, 150);
    const slow = checks.recordHash(slowRecord, 'device:a');
    const next = checks.recordHash('{"a":1}', 'device:b');
    await expect(slow).rejects.toThrow(/did not finish a job within/);
    expect(await next).toBe(await canonicalHash({ a: 1 }));
  }, 60_000);

  it('tells a device with jobs still waiting to come back later, while others are served', async () => {
    checks = checkThread(0);
    const mine = Array.from({ length: MAX_QUEUED_PER_OWNER }, () => checks!.recordHash(slowRecord, 'device:flood'));
    const refused = await checks.recordHash('{"a":1}', 'device:flood').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(await checks.recordHash('{"b":2}', 'device:other')).toBe(await canonicalHash({ b: 2 }));
    await Promise.all(mine);
    // Once answered, the device may send again.
    expect(await checks.recordHash('{"a":1}', 'device:flood')).toBe(await canonicalHash({ a: 1 }));
  }, 60_000);
});
