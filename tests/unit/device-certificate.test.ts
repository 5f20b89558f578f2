/**
 * The office's check of who signed a PDF (src-server/verify/device-certificate.ts) against the
 * certificate a device really makes before it is enrolled (src-main/signing/identity.ts): a report
 * signed offline before enrollment must be taken from that device, and only from it. The device's
 * certificate has a key usage without keyCertSign, which OpenSSL's issuer check refuses, so the
 * check once refused every such report (found in the issue-12 trial).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSigningKeys } from '../../src-main/signing/identity';
import { fileSecretStore } from '../../src-main/signing/secret-store';
import { checkSignerIsDevice } from '../../src-server/verify/device-certificate';
import type { Device } from '../../src-server/storage/port';

async function deviceKeys(): Promise<{ selfSignedPem: string; publicKeyPem: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'xj-keys-'));
  const keys = createSigningKeys(fileSecretStore(dir), dir);
  await keys.material();
  const stored = JSON.parse(readFileSync(path.join(dir, 'certificate.json'), 'utf8')) as { certificate: string };
  return { selfSignedPem: stored.certificate, publicKeyPem: await keys.publicKeyPem() };
}

const deviceWith = (publicKeyPem: string, certificatePem: string): Device => ({
  id: 'device-1',
  engineerId: 'eng-1',
  name: 'laptop',
  publicKeyPem,
  certificatePem,
  certificateSerial: '01',
  enrolledAt: '2026-12-02T00:00:00.000Z',
  lastSeenAt: null,
  revokedAt: null,
});

describe('a report signed before enrollment', () => {
  it('is the device’s when its self-signed certificate is for the key the device enrolled with', async () => {
    const mine = await deviceKeys();
    const other = await deviceKeys();
    // The office-issued certificate and the CA do not matter here: any certificate parses.
    const device = deviceWith(mine.publicKeyPem, other.selfSignedPem);
    const verdict = checkSignerIsDevice(mine.selfSignedPem, device, other.selfSignedPem);
    expect(verdict).toMatchObject({ ok: true, selfSigned: true });
  });

  it('is refused when the self-signed certificate is for another key', async () => {
    const [mine, stranger, issuer] = await Promise.all([deviceKeys(), deviceKeys(), deviceKeys()]);
    const device = deviceWith(mine.publicKeyPem, issuer.selfSignedPem);
    const verdict = checkSignerIsDevice(stranger.selfSignedPem, device, issuer.selfSignedPem);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining('nor a self-signed certificate for its key') });
  });
});
