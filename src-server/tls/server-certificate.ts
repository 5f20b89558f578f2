/**
 * The office's HTTPS certificate, kept in <data>/tls: server-key.pem (mode 0600) and
 * server-cert.pem (the certificate, then the office CA, so clients receive the chain). Issued
 * by the office CA for the names the admin configures, and issued again at start or while
 * running when it is missing, for other names, no longer the CA's or key's, or close to expiry.
 */
import { X509Certificate, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { issueServerCertificate, type ServerName } from '../ca/certificates';
import { readIfPresent } from '../ca/read-if-present';

/** A year: long enough that renewal is rare, short enough that a copied key does not serve for ever. */
export const SERVER_CERT_DAYS = 365;
/** Renewed when fewer days than this are left (checked at start and twice a day). */
export const RENEW_DAYS_BEFORE = 30;

const DAY = 24 * 60 * 60 * 1000;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

export class TlsNameError extends Error {}

/** A name as typed after --tls-name: an IPv4/IPv6 address or a host name (lower-cased). */
export function parseServerName(text: string): ServerName {
  const value = text.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIP(value)) return { ip: value };
  const host = value.toLowerCase();
  if (!HOSTNAME.test(host)) throw new TlsNameError(`"${text}" is not a host name or an IP address`);
  return { dns: host };
}

const nameText = (n: ServerName): string => ('dns' in n ? `DNS:${n.dns}` : `IP:${n.ip}`);

export interface ServerCredentials {
  keyPem: string;
  /** The certificate followed by the office CA certificate. */
  certPem: string;
  serial: string;
  notAfter: Date;
}

interface Paths {
  key: string;
  cert: string;
}

const pathsIn = (dataDir: string): Paths => ({ key: path.join(dataDir, 'tls', 'server-key.pem'), cert: path.join(dataDir, 'tls', 'server-cert.pem') });

/** Node prints IPv6 alt names in full form; compare them by their normalized text. */
function altNamesOf(cert: X509Certificate): Set<string> {
  const names = new Set<string>();
  for (const part of (cert.subjectAltName ?? '').split(', ')) {
    const [kind, value] = part.split(':', 2);
    if (kind === 'DNS' && value) names.add(`DNS:${value.toLowerCase()}`);
    if (kind === 'IP Address') names.add(`IP:${normalizeIp(part.slice('IP Address:'.length))}`);
  }
  return names;
}

function normalizeIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  // new URL() prints an IPv6 host in its compressed, lower-case form.
  return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** Why the stored certificate cannot serve, or undefined when it can. */
function unfit(keyPem: string, certPem: string, ca: X509Certificate, names: ServerName[], now: Date): string | undefined {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certPem);
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return 'the key does not match the certificate';
  } catch {
    return 'unreadable';
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'not issued by the office CA';
  const wanted = new Set(names.map((n) => ('dns' in n ? nameText(n) : `IP:${normalizeIp(n.ip)}`)));
  const held = altNamesOf(cert);
  if (wanted.size !== held.size || [...wanted].some((n) => !held.has(n))) return `issued for ${[...held].join(', ')}`;
  if (new Date(cert.validFrom) > now) return 'not valid yet';
  if (new Date(cert.validTo).getTime() - now.getTime() < RENEW_DAYS_BEFORE * DAY) return `expires ${new Date(cert.validTo).toISOString()}`;
  return undefined;
}

/**
 * The certificate to serve for these names: the stored one while it fits, else a new key and
 * certificate, written key first (0600) and each through a temporary file and a rename, so a
 * crash leaves either the old pair or a mismatch that the next call replaces.
 */
export async function loadOrIssueServerCertificate(
  dataDir: string,
  ca: { keyPem: string; certificatePem: string },
  office: { id: string },
  names: ServerName[],
  now: Date,
): Promise<{ credentials: ServerCredentials; issued: boolean; reason?: string }> {
  const files = pathsIn(dataDir);
  const caCert = new X509Certificate(ca.certificatePem);
  const [keyPem, certPem] = [await readIfPresent(files.key), await readIfPresent(files.cert)];
  const reason = keyPem && certPem ? unfit(keyPem, certPem, caCert, names, now) : 'none yet';
  if (keyPem && certPem && !reason) {
    const cert = new X509Certificate(certPem);
    return { credentials: { keyPem, certPem, serial: cert.serialNumber.toLowerCase(), notAfter: new Date(cert.validTo) }, issued: false };
  }

  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const newKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const first = names[0]!;
  const issued = issueServerCertificate(
    ca,
    publicPem,
    names,
    { commonName: 'dns' in first ? first.dns : first.ip, organization: 'Xunjian', organizationalUnit: office.id },
    now,
    SERVER_CERT_DAYS,
  );
  const chain = `${issued.pem.trim()}\n${ca.certificatePem.trim()}\n`;
  await mkdir(path.dirname(files.key), { recursive: true, mode: 0o700 });
  await writeAside(files.key, newKeyPem, 0o600);
  await writeAside(files.cert, chain, 0o644);
  return {
    credentials: { keyPem: newKeyPem, certPem: chain, serial: issued.serial.toLowerCase(), notAfter: new Date(new X509Certificate(issued.pem).validTo) },
    issued: true,
    reason,
  };
}

async function writeAside(file: string, text: string, mode: number): Promise<void> {
  const aside = `${file}.tmp`;
  await writeFile(aside, text, { mode });
  // A leftover from a crash keeps its old mode through writeFile: set it again.
  await chmod(aside, mode);
  await rename(aside, file);
}
