/**
 * A certificate from the office CA for a TLS proxy (nginx) in front of several instances
 * (docs/deploy.md): devices pin the office CA, so the proxy must present a certificate the CA
 * issued for the names devices use. Written to a folder the proxy reads: key.pem (0600, the
 * proxy's alone), cert.pem (the certificate and the CA, as nginx's ssl_certificate wants), ca.pem.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { issueServerCertificate, type ServerName } from '../ca/certificates';
import type { OfficeContext } from '../context';
import { SERVER_CERT_DAYS } from './server-certificate';

async function writeAside(file: string, text: string, mode: number): Promise<void> {
  const aside = `${file}.tmp`;
  await writeFile(aside, text, { mode });
  await chmod(aside, mode);
  await rename(aside, file);
}

export async function issueProxyCertificate(
  ctx: Pick<OfficeContext, 'keys' | 'office' | 'now' | 'store'>,
  names: ServerName[],
  outDir: string,
  actor: string,
): Promise<{ dir: string; serial: string; notAfter: string }> {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const first = names[0];
  if (!first) throw new Error('a proxy certificate needs at least one --tls-name');
  const issued = issueServerCertificate(
    ctx.keys.ca,
    publicPem,
    names,
    { commonName: 'dns' in first ? first.dns : first.ip, organization: 'Xunjian', organizationalUnit: ctx.office.id },
    ctx.now(),
    SERVER_CERT_DAYS,
  );
  const dir = path.resolve(outDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // Key first: a crash before the certificate leaves a folder the proxy cannot start with, not a mismatched pair in use.
  await writeAside(path.join(dir, 'key.pem'), keyPem, 0o600);
  await writeAside(path.join(dir, 'cert.pem'), `${issued.pem.trim()}\n${ctx.keys.ca.certificatePem.trim()}\n`, 0o644);
  await writeAside(path.join(dir, 'ca.pem'), ctx.keys.ca.certificatePem, 0o644);
  const notAfter = new Date(new X509Certificate(issued.pem).validTo).toISOString();
  await ctx.store.audit({
    actor,
    action: 'tls.proxyCertificate',
    outcome: 'ok',
    target: issued.serial.toLowerCase(),
    details: { names: names.map((n) => ('dns' in n ? n.dns : n.ip)), notAfter },
  });
  return { dir, serial: issued.serial.toLowerCase(), notAfter };
}
