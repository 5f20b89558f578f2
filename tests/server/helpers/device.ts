/**
 * A device as the office sees it: an RSA key, enrolled over HTTP with a one-time code, holding
 * the token and the certificate the office issued. `call` speaks the protocol with its token.
 */
import { generateKeyPairSync } from 'node:crypto';
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

export async function enroll(office: TestOffice, code: string, key: DeviceKey, deviceName = '测试笔记本'): Promise<HttpResult> {
  return http(`${office.url}${paths.enroll}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, publicKeyPem: key.publicKeyPem, deviceName }),
  });
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
