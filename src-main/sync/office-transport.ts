/**
 * How the main process reaches an office, by the trust decided at enrollment
 * (docs/sync-protocol.md, "Transport and trust"). The office client takes a `fetch`; this module
 * makes the right one, so another platform (Electron's net.fetch for the system store) can
 * replace a mode without the client changing.
 *
 * - `office-ca`: HTTPS verified against the office CA pinned at enrollment, and nothing else —
 *   no system store, which hospital LANs cannot use anyway. The server certificate must also be
 *   meant for a server (extended key usage serverAuth): the same CA issues every engineer's
 *   device certificate, and none of those may pass for the office.
 * - `system`: the platform's fetch and its CA store: an office behind a TLS proxy whose
 *   certificate the operating system trusts, or plain HTTP (a test bench, a proxy on the same host).
 * - `first-contact`: HTTPS without verification, for exactly one call — `GET /office` before
 *   anything is pinned. Its answer's CA certificate is kept only if it has the fingerprint the
 *   admin handed over with the code; nothing secret is sent on it.
 */
import https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

export type OfficeTrust = { mode: 'system' } | { mode: 'office-ca'; caCertificatePem: string } | { mode: 'first-contact' };

export interface OfficeTransport {
  fetch(trust: OfficeTrust): typeof fetch;
}

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

/** Codes of TLS failures that say "this is not the office you trust" rather than "the network is down". */
export const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_OFFICE_CERT_PURPOSE',
  'ERR_OFFICE_NOT_HTTPS',
  // Chromium's verdicts, from Electron's net.fetch (src-main/electron/net-transport.ts).
  'ERR_CERT_COMMON_NAME_INVALID',
  'ERR_CERT_DATE_INVALID',
  'ERR_CERT_AUTHORITY_INVALID',
  'ERR_CERT_CONTAINS_ERRORS',
  'ERR_CERT_INVALID',
  'ERR_CERT_REVOKED',
  'ERR_CERT_WEAK_SIGNATURE_ALGORITHM',
  'ERR_CERT_WEAK_KEY',
  'ERR_CERT_NAME_CONSTRAINT_VIOLATION',
  'ERR_CERT_VALIDITY_TOO_LONG',
  'ERR_CERT_KNOWN_INTERCEPTION_BLOCKED',
  'ERR_CERTIFICATE_TRANSPARENCY_REQUIRED',
  'ERR_SSL_PINNED_KEY_NOT_IN_CERT_CHAIN',
  'ERR_OFFICE_CERT_REFUSED',
]);

function failed(cause: Error): TypeError {
  // The shape Node's fetch gives a failed request: the office client reads `cause.code`.
  return new TypeError('fetch failed', { cause });
}

function officeIdentity(host: string, cert: PeerCertificate): Error | undefined {
  const wrongName = checkServerIdentity(host, cert);
  if (wrongName) return wrongName;
  if (!cert.ext_key_usage?.includes(SERVER_AUTH)) {
    return Object.assign(new Error('the certificate is not a server certificate of the office (no serverAuth usage)'), { code: 'ERR_OFFICE_CERT_PURPOSE' });
  }
  return undefined;
}

function headersOf(raw: NodeJS.Dict<string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

/**
 * A fetch over node:https with its own agent: the subset the office client uses (method,
 * headers, a string or byte body, an abort signal, redirects refused), answering a real Response.
 */
export function httpsFetch(agent: https.Agent): typeof fetch {
  const doFetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'https:') throw failed(Object.assign(new Error(`${url.protocol} is not HTTPS`), { code: 'ERR_OFFICE_NOT_HTTPS' }));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : init.body instanceof Uint8Array ? init.body : undefined;
    if (init.body != null && body === undefined) throw new TypeError('only string and byte bodies are supported');
    if (body) headers['content-length'] = String(body.byteLength);
    const signal = init.signal ?? undefined;

    const attempt = (retry: boolean): Promise<Response> =>
      new Promise<Response>((resolve, reject) => {
        const request = https.request(url, { method: init.method ?? 'GET', headers, agent, ...(signal ? { signal } : {}) }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', (error) => reject(signal?.aborted ? error : failed(error)));
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 300 && status < 400 && init.redirect === 'error') {
              reject(failed(Object.assign(new Error(`redirected (${status}) to ${response.headers.location ?? '?'}`), { code: 'ERR_REDIRECT' })));
              return;
            }
            const empty = status === 204 || status === 205 || status === 304;
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers: headersOf(response.headers) }));
          });
        });
        request.on('error', (error: NodeJS.ErrnoException) => {
          // A kept-alive connection the office (or the network) closed while it sat idle: Node's
          // advice is to try once more on a new one. The office has almost surely not read the
          // request, and every protocol call is idempotent anyway (a repeated enrollment is
          // refused, never doubled).
          if (!retry && request.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE') && !signal?.aborted) {
            resolve(attempt(true));
            return;
          }
          // An abort arrives as AbortError, which the client reports as a timeout; anything else failed.
          reject(error.name === 'AbortError' ? error : failed(error));
        });
        request.end(body);
      });
    return attempt(false);
  };
  return doFetch as typeof fetch;
}

/** Node's transports: pinned agents are kept per CA so connections are reused across calls. */
export function nodeOfficeTransport(systemFetch: typeof fetch = fetch): OfficeTransport {
  const pinned = new Map<string, typeof fetch>();
  let firstContact: typeof fetch | undefined;
  return {
    fetch(trust) {
      if (trust.mode === 'system') return systemFetch;
      if (trust.mode === 'first-contact') {
        firstContact ??= httpsFetch(new https.Agent({ rejectUnauthorized: false, keepAlive: false }));
        return firstContact;
      }
      let made = pinned.get(trust.caCertificatePem);
      if (!made) {
        made = httpsFetch(new https.Agent({ keepAlive: true, ca: trust.caCertificatePem, checkServerIdentity: officeIdentity }));
        pinned.set(trust.caCertificatePem, made);
      }
      return made;
    },
  };
}
