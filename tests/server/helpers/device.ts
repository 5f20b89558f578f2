/**
 * A device as the office sees it: an RSA key, enrolled over HTTP with a one-time code, holding
 * the token and the certificate the office issued. `call` speaks the protocol with its token.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { enrollmentChallenge } from '../../../src-shared/sync/enrollment-code';
import { EnrollResponse, paths } from '../../../src-shared/sync/protocol';
import type { TestOffice } from './office';

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function http<T = unknown>(url: string, init: RequestInit = {}): Promise<HttpResult<T>> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
  return { status: response.status, body: body as T, headers: response.headers };
}

export interface DeviceKey {
  keyPem: string;
  publicKeyPem: string;
}

export function newDeviceKey(): DeviceKey {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyPem: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface TestDevice extends DeviceKey {
  office: TestOffice;
  enrollment: EnrollResponse;
  id: string;
  token: string;
  certificatePem: string;
  caCertificatePem: string;
  /** A protocol call with this device's token; a JSON body is sent as JSON, bytes as octet-stream. */
  call<T = unknown>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<HttpResult<T>>;
}

export function callAs(office: TestOffice, token: string) {
  return <T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> => {
    const init: RequestInit = { method, headers: { authorization: `Bearer ${token}`, ...headers } };
    if (body instanceof Uint8Array) {
      init.body = body as Uint8Array<ArrayBuffer>;
      init.headers = { 'content-type': 'application/octet-stream', ...init.headers };
    } else if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json', ...init.headers };
    }
    return http<T>(`${office.url}${path}`, init);
  };
}

/**
 * A PKCS#10 request for `publicKeyPem`, as the device makes one: signed with SHA-256 by `signWithPem`
 * (the key's own private key unless a forger signs it) and carrying the code's challenge.
 */
export async function certificationRequest(
  key: { publicKeyPem: string; keyPem: string },
  code: string,
  options: { signWithPem?: string; challenge?: string } = {},
): Promise<string> {
  const csr = forge.pki.createCertificationRequest();
  csr.publicKey = forge.pki.publicKeyFromPem(key.publicKeyPem);
  csr.setSubject([{ shortName: 'CN', value: 'Xunjian device test' }]);
  csr.setAttributes([{ name: 'challengePassword', value: options.challenge ?? (await enrollmentChallenge(code)) }]);
  csr.sign(forge.pki.privateKeyFromPem(options.signWithPem ?? key.keyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificationRequestToPem(csr);
}

/** POST /enroll with any body: the attacks send what the device never would. */
export async function postEnroll(office: TestOffice, body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  return http(`${office.url}${paths.enroll}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

export async function enroll(office: TestOffice, code: string, key: DeviceKey, deviceName = '测试笔记本'): Promise<HttpResult> {
  return postEnroll(office, { code, csrPem: await certificationRequest(key, code), deviceName });
}

/** An engineer (if new) with these hospitals, a fresh code, and a device enrolled with it. */
export async function enrolledDevice(office: TestOffice, engineerId: string, hospitalIds: string[]): Promise<TestDevice> {
  if (!(await office.ctx.store.getEngineer(engineerId))) await office.addEngineer(engineerId, hospitalIds);
  const key = newDeviceKey();
  const result = await enroll(office, await office.enrollmentCode(engineerId), key);
  if (result.status !== 201) throw new Error(`enrollment failed: ${result.status} ${JSON.stringify(result.body)}`);
  const enrollment = EnrollResponse.parse(result.body);
  return {
    ...key,
    office,
    enrollment,
    id: enrollment.deviceId,
    token: enrollment.token,
    certificatePem: enrollment.certificatePem,
    caCertificatePem: enrollment.office.caCertificatePem,
    call: callAs(office, enrollment.token),
  };
}
