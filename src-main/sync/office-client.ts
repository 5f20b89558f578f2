/**
 * The device's HTTP client for the office sync protocol (src-shared/sync/protocol.ts). Every call
 * has a timeout; every answer is checked against the protocol's schemas. Failures become an
 * OfficeError that says whether the engineer must act (`refused`: the office answered 4xx) or the
 * engine should simply try again later (`unavailable`: 5xx, timeouts, cut connections, and
 * anything that is not the protocol, such as a hotel-style login page answering 200).
 */
import type { z } from 'zod';
import {
  BlobPutResponse,
  EnrollResponse,
  ErrorBody,
  FaultAccepted,
  MeResponse,
  MissingBlobsResponse,
  OfficeInfo,
  PullPage,
  ReportAccepted,
  paths,
  type EnrollRequest,
} from '../../src-shared/sync/protocol';
import type { ReportEnvelope } from '../../src-shared/sync/envelope';
import type { FaultBody } from '../../src-shared/rpc/service-sync';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
import { DeliverableAccepted } from '../../src-shared/sync/deliverables';
import { UNTRUSTED_CERTIFICATE } from './office-transport';

export type OfficeFailure = 'refused' | 'unavailable';

export class OfficeError extends Error {
  constructor(
    readonly kind: OfficeFailure,
    /** HTTP status, or 0 when no answer came (network, timeout). */
    readonly status: number,
    /** The office's error code (protocol ErrorCode), or a local one: 'network', 'timeout', 'bad_answer', 'office_untrusted', 'office_ca_mismatch'. */
    readonly code: string,
    message: string,
    /** The office's error body beyond code and message (a 409 fault_conflict's `current`), when it sent one. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'OfficeError';
  }
}

/** 408 and 429 mean "later", not "no": the engine retries them like a 5xx. */
const kindOf = (status: number): OfficeFailure => (status >= 400 && status < 500 && status !== 408 && status !== 429 ? 'refused' : 'unavailable');

export interface OfficeClientOptions {
  baseUrl: string;
  token?: string;
  /** Node's fetch by default; office-transport.ts makes the one for the office's trust (a pinned CA). */
  fetch?: typeof fetch;
  /** For small JSON calls; blob uploads get more time in proportion to their size. */
  timeoutMs?: number;
  /** Slowest upload rate still waited for, in bytes per second. */
  minBytesPerSecond?: number;
  /** Told the office's time (its HTTP `Date` header) on every answer, for the device-clock check. */
  onOfficeTime?: (officeTime: Date) => void;
}

interface Call<S extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  schema: S;
  json?: unknown;
  body?: Uint8Array<ArrayBuffer>;
  auth?: boolean;
  timeoutMs?: number;
}

export function officeClient(options: OfficeClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const minRate = options.minBytesPerSecond ?? 64 * 1024;

  async function call<S extends z.ZodType>(c: Call<S>): Promise<z.output<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (c.auth !== false) {
      if (!options.token) throw new OfficeError('refused', 0, 'not_enrolled', 'this device has no office token');
      headers.authorization = `Bearer ${options.token}`;
    }
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    if (c.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(c.json);
    } else if (c.body) {
      headers['content-type'] = 'application/octet-stream';
      body = c.body;
    }
    const limit = c.timeoutMs ?? timeoutMs;
    // Messages name the request without its query: a pull cursor is a long base64 blob that
    // tells the engineer nothing and would fill the error shown on screen.
    const where = `${c.method} ${c.path.split('?')[0]}`;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(`${base}${c.path}`, {
        method: c.method,
        headers,
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(limit),
        redirect: 'error',
      });
      text = await response.text();
      const date = Date.parse(response.headers.get('date') ?? '');
      if (Number.isFinite(date)) options.onOfficeTime?.(new Date(date));
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new OfficeError('unavailable', 0, 'timeout', `${where}: no answer within ${limit} ms`);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      // A certificate the trusted CA did not issue (a man in the middle, or the wrong office): the
      // engineer must know, so it is a refusal, not a network failure retried in silence.
      if (cause?.code && UNTRUSTED_CERTIFICATE.has(cause.code)) {
        throw new OfficeError('refused', 0, 'office_untrusted', `${cause.code}, ${where}`);
      }
      throw new OfficeError('unavailable', 0, 'network', `${where}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const error = ErrorBody.safeParse(parsed);
      const code = error.success ? error.data.error.code : `http_${response.status}`;
      const message = error.success ? error.data.error.message : text.slice(0, 200);
      throw new OfficeError(kindOf(response.status), response.status, code, `${where}: ${response.status} ${message}`, error.success ? error.data.error : undefined);
    }
    const result = c.schema.safeParse(parsed);
    if (!result.success) {
      throw new OfficeError('unavailable', response.status, 'bad_answer', `${where}: the answer is not the office protocol (${result.error.issues[0]?.message ?? 'invalid'})`);
    }
    return result.data;
  }

  return {
    office: () => call({ method: 'GET', path: paths.office, schema: OfficeInfo, auth: false }),
    enroll: (request: EnrollRequest) => call({ method: 'POST', path: paths.enroll, schema: EnrollResponse, json: request, auth: false }),
    me: () => call({ method: 'GET', path: paths.me, schema: MeResponse }),
    pull: (cursor: string | undefined, limit: number | undefined) => {
      const query = new URLSearchParams();
      if (cursor) query.set('cursor', cursor);
      if (limit) query.set('limit', String(limit));
      const q = query.toString();
      return call({ method: 'GET', path: `${paths.reference}${q ? `?${q}` : ''}`, schema: PullPage });
    },
    missingBlobs: (sha256: string[]) => call({ method: 'POST', path: paths.blobsMissing, schema: MissingBlobsResponse, json: { sha256 } }),
    /** The bytes only: the office keys blobs by hash, and the envelope says what each one is. */
    putBlob: (sha256: string, bytes: Uint8Array) =>
      call({
        method: 'PUT',
        path: paths.blob(sha256),
        schema: BlobPutResponse,
        // Node's Buffer is a Uint8Array over an ArrayBuffer; the DOM typing wants that said.
        body: bytes as Uint8Array<ArrayBuffer>,
        timeoutMs: timeoutMs + Math.ceil((bytes.length / minRate) * 1000),
      }),
    pushReport: (envelope: ReportEnvelope) =>
      call({ method: 'PUT', path: paths.report(envelope.id), schema: ReportAccepted, json: envelope }),
    /** A service record and the version this write creates (src-shared/sync/envelope.ts FaultPush). */
    pushFault: (fault: FaultBody) => call({ method: 'PUT', path: paths.fault(fault.id), schema: FaultAccepted, json: fault }),
    /** An entry of the deliverables register (src-shared/sync/deliverables.ts). */
    pushDeliverable: (entry: DeliverableEntry) => call({ method: 'PUT', path: paths.deliverable(entry.id), schema: DeliverableAccepted, json: entry }),
  };
}
export type OfficeClient = ReturnType<typeof officeClient>;
