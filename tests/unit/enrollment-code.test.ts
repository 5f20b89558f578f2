/** The handover an admin gives an engineer (code + office CA fingerprint) and what both sides derive from it. */
import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCaCertificate } from '../../src-server/ca/certificates';
import { CODE_ALPHABET, caFingerprint, enrollmentChallenge, handoverProblem, handoverString, sameFingerprint, splitHandover } from '../../src-shared/sync/enrollment-code';

function caPem(name: string): string {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  return createCaCertificate(keyPem, pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(), { commonName: name, organization: 'Xunjian' }, new Date());
}

describe('enrollment handover', () => {
  it('fingerprints a CA certificate in 20 symbols of the code alphabet, from its SHA-256', async () => {
    const pem = caPem('Xunjian Office CA');
    const fingerprint = await caFingerprint(pem);
    expect(fingerprint).toMatch(new RegExp(`^([${CODE_ALPHABET}]{4}-){4}[${CODE_ALPHABET}]{4}$`));
    expect(await caFingerprint(pem.replace(/\n/g, '\r\n'))).toBe(fingerprint);
    expect(await caFingerprint(caPem('Xunjian Office CA'))).not.toBe(fingerprint);

    // The value is the digest modulo 30^20, written most significant symbol first.
    const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    let n = BigInt(`0x${createHash('sha256').update(der).digest('hex')}`) % 30n ** 20n;
    let expected = '';
    for (let i = 0; i < 20; i++, n /= 30n) expected = CODE_ALPHABET[Number(n % 30n)] + expected;
    expect(fingerprint.replace(/-/g, '')).toBe(expected);
    await expect(caFingerprint('not a certificate')).rejects.toThrow('not a PEM certificate');
  });

  it('joins the code and the fingerprint into one string and splits whatever the engineer types back', () => {
    const joined = handoverString('K7QM-3XWT-9HDP-R2VA', '3F9A-K2M7-QX4T-8VRB-J6WD');
    expect(joined).toBe('K7QM-3XWT-9HDP-R2VA-3F9A-K2M7-QX4T-8VRB-J6WD');
    const split = { code: 'K7QM-3XWT-9HDP-R2VA', caFingerprint: '3F9A-K2M7-QX4T-8VRB-J6WD' };
    expect(splitHandover(joined)).toEqual(split);
    expect(splitHandover(' k7qm3xwt9hdpr2va 3f9a k2m7 qx4t 8vrb j6wd ')).toEqual(split);
    expect(splitHandover('K7QM-3XWT-9HDP-R2VA 3F9A-K2M7-QX4T-8VRB-J6WD')).toEqual(split);
    // A code alone (an office behind a proxy), or anything else, goes to the office as typed.
    expect(splitHandover(' k7qm-3xwt-9hdp-r2va ')).toEqual({ code: 'k7qm-3xwt-9hdp-r2va' });
    expect(splitHandover('K7QM-3XWT-9HDP-R2VA-3F9A')).toEqual({ code: 'K7QM-3XWT-9HDP-R2VA-3F9A' });
    expect(sameFingerprint('3f9a k2m7-qx4t-8vrb-j6wd', '3F9A-K2M7-QX4T-8VRB-J6WD')).toBe(true);
  });

  it('takes a code (16 symbols) or a code with the fingerprint (36), and counts the symbols of anything else', () => {
    const joined = handoverString('K7QM-3XWT-9HDP-R2VA', '3F9A-K2M7-QX4T-8VRB-J6WD');
    const at = 'https://office.example.cn';
    expect(handoverProblem('k7qm 3xwt-9hdp r2va', at)).toBeUndefined();
    expect(handoverProblem(` ${joined.toLowerCase()} `, at)).toBeUndefined();
    // One symbol dropped while copying the 9 groups, the code cut short, the fingerprint alone.
    expect(handoverProblem(joined.slice(0, 20) + joined.slice(21), at)).toEqual({ kind: 'length', symbols: 35 });
    expect(handoverProblem('K7QM-3XWT-9HDP', at)).toEqual({ kind: 'length', symbols: 12 });
    expect(handoverProblem('3F9A-K2M7-QX4T-8VRB-J6WD', at)).toEqual({ kind: 'length', symbols: 20 });
  });

  it('takes a CA fingerprint only with an https:// address: the office serves HTTPS itself', () => {
    const joined = handoverString('K7QM-3XWT-9HDP-R2VA', '3F9A-K2M7-QX4T-8VRB-J6WD');
    expect(handoverProblem(joined, 'http://192.168.1.20:8443')).toEqual({ kind: 'needs_https' });
    expect(handoverProblem(joined, ' HTTPS://192.168.1.20:8443 ')).toBeUndefined();
    // The code alone may go to an office behind a proxy, or over plain HTTP on a trusted network.
    expect(handoverProblem('K7QM-3XWT-9HDP-R2VA', 'http://192.168.1.20:8080')).toBeUndefined();
  });

  it('derives the proof challenge from the code, as typed in any form, without containing it', async () => {
    const challenge = await enrollmentChallenge('K7QM-3XWT-9HDP-R2VA');
    expect(challenge).toMatch(/^[0-9a-f]{64}$/);
    expect(await enrollmentChallenge('k7qm 3xwt 9hdp r2va')).toBe(challenge);
    expect(await enrollmentChallenge('K7QM-3XWT-9HDP-R2VB')).not.toBe(challenge);
    expect(challenge).toBe(createHash('sha256').update('xunjian-enroll-proof:K7QM3XWT9HDPR2VA').digest('hex'));
  });
});
