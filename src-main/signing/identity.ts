/**
 * The device's signing identity: an RSA key made on first use and kept in the SecretStore, and
 * the certificate for it in dataDir/keys/certificate.json. Until the office CA issues one
 * (`installCertificate`), the certificate is self-signed. The private key leaves this module only
 * inside an in-memory PKCS#12 for the signer; it never reaches the renderer.
 */
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import type { SigningIdentity } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from '../files/atomic-write';
import { certificationRequestPem } from './certification-request';
import type { SecretStore } from './secret-store';

export const KEY_SECRET = 'signing-key';
export const CERT_FILE = 'certificate.json';

export interface SignerMaterial {
  /** The key and its certificates as PKCS#12 (p12-contents.ts opens it), protected by a passphrase that exists only in memory. */
  p12: Buffer;
  passphrase: string;
  info: SigningIdentity;
  /** DER size of the certificate and its chain, which the CMS signature carries. */
  certificateBytes: number;
}

export interface SigningKeys {
  /** Loads the key and certificate, making them on first use. */
  material(): Promise<SignerMaterial>;
  describe(): Promise<SigningIdentity>;
  /** PEM of this device's public key, for the office CA to certify. */
  publicKeyPem(): Promise<string>;
  /** A PKCS#10 request signed by the key, proving to the office that this device holds it (enrollment). */
  certificationRequest(challenge: string): Promise<string>;
  /** Installs a certificate the office CA issued for this device's key, with its chain (issuer first). */
  installCertificate(certPem: string, chainPem: string[]): Promise<SigningIdentity>;
  /** Drops what is loaded: the key material was set aside (key-handlers.ts); the next use makes a new key. */
  forget(): void;
}

interface StoredCertificate {
  certificate: string;
  chain: string[];
}

export function createSigningKeys(secrets: SecretStore, keysDir: string, now: () => Date = () => new Date()): SigningKeys {
  let loaded: Promise<SignerMaterial> | undefined;
  const material = (): Promise<SignerMaterial> => {
    loaded ??= loadOrCreate(secrets, keysDir, now);
    loaded.catch(() => (loaded = undefined));
    return loaded;
  };
  return {
    material,
    describe: async () => (await material()).info,
    publicKeyPem: async () => forge.pki.publicKeyToPem(publicKeyOf(await privateKey(secrets))),
    certificationRequest: async (challenge) => certificationRequestPem(await privateKey(secrets), challenge),
    async installCertificate(certPem, chainPem) {
      const key = await privateKey(secrets);
      const cert = parseCertificate(certPem);
      const chain = chainPem.map(parseCertificate);
      checkIssued(key, cert, chain, now());
      await saveCertificate(keysDir, { certificate: forge.pki.certificateToPem(cert), chain: chain.map((c) => forge.pki.certificateToPem(c)) });
      loaded = undefined;
      return (await material()).info;
    },
    forget() {
      loaded = undefined;
    },
  };
}

async function loadOrCreate(secrets: SecretStore, keysDir: string, now: () => Date): Promise<SignerMaterial> {
  let key = await privateKey(secrets).catch((error: unknown) => {
    if (error instanceof MissingKey) return undefined;
    throw error;
  });
  if (!key) {
    // Node's generator is native (~50 ms); forge's pure-JS one takes seconds.
    const { privateKey: pem } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await secrets.write(KEY_SECRET, Buffer.from(pem, 'utf8'));
    key = forge.pki.privateKeyFromPem(pem);
  }
  let stored = await readCertificate(keysDir);
  if (!stored || !sameKey(key, forge.pki.certificateFromPem(stored.certificate))) {
    stored = { certificate: forge.pki.certificateToPem(selfSigned(key, now())), chain: [] };
    await saveCertificate(keysDir, stored);
  }
  const cert = forge.pki.certificateFromPem(stored.certificate);
  const chain = stored.chain.map((pem) => forge.pki.certificateFromPem(pem));
  const passphrase = randomBytes(18).toString('base64');
  // One PBE iteration: this PKCS#12 lives only in memory, and the signer decrypts it on every report.
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert, ...chain], passphrase, { algorithm: '3des', count: 1 });
  const p12 = Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
  const certificateBytes = [cert, ...chain].reduce((sum, c) => sum + forge.asn1.toDer(forge.pki.certificateToAsn1(c)).length(), 0);
  return { p12, passphrase, info: describeCertificate(cert), certificateBytes };
}

class MissingKey extends Error {}

async function privateKey(secrets: SecretStore): Promise<forge.pki.rsa.PrivateKey> {
  const pem = await secrets.read(KEY_SECRET);
  if (!pem) throw new MissingKey('no signing key yet');
  try {
    return forge.pki.privateKeyFromPem(pem.toString('utf8'));
  } catch (error) {
    // Decrypted but not a key (a damaged file): the same way back as a key the OS cannot decrypt.
    throw new RpcFailure('key_unreadable', `the stored signing key cannot be read (${secrets.kind}): ${(error as Error).message}`, { secret: KEY_SECRET });
  }
}

function publicKeyOf(key: forge.pki.rsa.PrivateKey): forge.pki.rsa.PublicKey {
  return forge.pki.setRsaPublicKey(key.n, key.e);
}

function sameKey(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate): boolean {
  const pub = cert.publicKey as forge.pki.rsa.PublicKey;
  return pub.n !== undefined && key.n.compareTo(pub.n) === 0 && key.e.compareTo(pub.e) === 0;
}

function selfSigned(key: forge.pki.rsa.PrivateKey, at: Date): forge.pki.Certificate {
  const publicKey = publicKeyOf(key);
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive serial: clear the top bit of the first byte.
  cert.serialNumber = (0x40 | (randomBytes(1)[0]! & 0x3f)).toString(16).padStart(2, '0') + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(at.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(at.getTime() + 5 * 365 * 24 * 3600_000);
  const spki = forge.asn1.toDer(forge.pki.publicKeyToAsn1(publicKey)).getBytes();
  const deviceId = createHash('sha256').update(Buffer.from(spki, 'binary')).digest('hex').slice(0, 12).toUpperCase();
  const subject = [
    { name: 'commonName', value: `Xunjian device ${deviceId}` },
    { name: 'organizationName', value: 'Xunjian' },
    { shortName: 'OU', value: 'Self-signed until enrolled' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false, critical: true },
    { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return cert;
}

function parseCertificate(pem: string): forge.pki.Certificate {
  try {
    return forge.pki.certificateFromPem(pem);
  } catch (error) {
    throw new RpcFailure('certificate_invalid', `not a PEM certificate: ${(error as Error).message}`, { detail: 'not a PEM certificate' });
  }
}

/** The certificate must be for our key, current, and signed by the first certificate of the chain. */
function checkIssued(key: forge.pki.rsa.PrivateKey, cert: forge.pki.Certificate, chain: forge.pki.Certificate[], at: Date): void {
  const refuse = (detail: string): never => {
    throw new RpcFailure('certificate_invalid', `certificate refused: ${detail}`, { detail });
  };
  if (!sameKey(key, cert)) refuse("it is not for this device's key");
  if (at < cert.validity.notBefore || at > cert.validity.notAfter) refuse('it is not valid now');
  const issuer = chain[0];
  if (!issuer) refuse('the issuing CA certificate is missing');
  let verified = false;
  try {
    verified = issuer!.verify(cert);
  } catch {
    verified = false;
  }
  if (!verified) refuse('it was not signed by the given CA');
}

export function describeCertificate(cert: forge.pki.Certificate): SigningIdentity {
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const fingerprint = createHash('sha256').update(der).digest('hex').toUpperCase().match(/../g)!.join(':');
  const name = (attrs: forge.pki.CertificateField[]): string =>
    attrs.map((a) => `${a.shortName ?? a.name}=${String(a.value)}`).join(', ');
  return {
    subject: name(cert.subject.attributes),
    issuer: name(cert.issuer.attributes),
    fingerprint,
    selfSigned: cert.isIssuer(cert) && name(cert.subject.attributes) === name(cert.issuer.attributes),
    notAfter: cert.validity.notAfter.toISOString(),
  };
}

/** The common name, for "signed by" lines. */
export function commonName(info: SigningIdentity): string {
  return /(?:^|, )CN=([^,]+)/.exec(info.subject)?.[1] ?? info.subject;
}

async function readCertificate(keysDir: string): Promise<StoredCertificate | null> {
  try {
    const parsed = JSON.parse(await readFile(path.join(keysDir, CERT_FILE), 'utf8')) as Partial<StoredCertificate>;
    if (typeof parsed.certificate !== 'string' || !Array.isArray(parsed.chain)) return null;
    forge.pki.certificateFromPem(parsed.certificate);
    return { certificate: parsed.certificate, chain: parsed.chain.filter((c): c is string => typeof c === 'string') };
  } catch {
    // Missing or unreadable: a new self-signed certificate for the same key replaces it.
    return null;
  }
}

async function saveCertificate(keysDir: string, stored: StoredCertificate): Promise<void> {
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(path.join(keysDir, CERT_FILE), Buffer.from(JSON.stringify(stored, null, 2), 'utf8'));
}
