/**
 * The office transport under Electron: every sync call goes through Chromium's network stack
 * (`Session.fetch`), so it follows the system proxy (PAC and WPAD included) and, for the `system`
 * trust, the operating system's certificate store — what a hospital PC's IT office configures,
 * and what Node's fetch ignores. The trust rules stay those of docs/sync-protocol.md
 * ("Transport"), decided per certificate by office-certificates.ts:
 *
 * - one in-memory session (partition) per trust — `office-system`, `office-first-contact`, and
 *   `office-ca-<sha256 of the CA>` per pinned CA — because Chromium caches a verify procedure's
 *   verdicts per session, and a certificate accepted at first contact must never be accepted
 *   by the pinned session. Nothing persists: no `persist:` prefix, no HTTP cache, no cookies;
 * - its verify procedure installed once, when the session is made: installing one while
 *   requests run can cancel them (electron/electron#25338);
 * - plain http:// only with the `system` trust (a test bench, a proxy on the same host).
 *
 * Chromium's failures arrive as `Error('net::ERR_…')` (Electron's SimpleURLLoaderWrapper emits
 * `net::ErrorToString(code)`; net-fetch.ts rejects with it). They are handed to the office client
 * in the shape Node's fetch gives (`TypeError('fetch failed', { cause: { code } })`), so the
 * engineer still reads "not the office you trust" apart from "the network is down".
 */
import { createHash, X509Certificate } from 'node:crypto';
import { UNTRUSTED_CERTIFICATE, type OfficeTransport, type OfficeTrust } from '../sync/office-transport';
import { officeCertificateVerifier, VERIFY, type CertificateRequest } from './office-certificates';

/** What this module uses of an Electron `Session` (electron.d.ts, Electron 45). */
export interface NetSession {
  setCertificateVerifyProc(proc: (request: CertificateRequest, callback: (result: number) => void) => void): void;
  fetch(input: string, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<Response>;
}

/** Electron's `session` module, or a test's stand-in. */
export interface SessionModule {
  fromPartition(partition: string, options?: { cache: boolean }): NetSession;
}

export interface NetTransportDeps {
  session: SessionModule;
  log: (line: string) => void;
  now?: () => Date;
}

/** The verify procedure refused a certificate: Chromium reports only `net::ERR_FAILED` (-2). */
export const REFUSED_BY_PIN = 'ERR_OFFICE_CERT_REFUSED';

/**
 * Chromium's certificate errors. Not `ERR_CERT_DATABASE_CHANGED` / `ERR_CERT_VERIFIER_CHANGED`:
 * those cancel a request because the trust store changed under it, and a retry is the answer.
 */
const TRANSIENT_CERT = new Set(['ERR_CERT_DATABASE_CHANGED', 'ERR_CERT_VERIFIER_CHANGED']);
const isCertificateVerdict = (code: string): boolean => (code.startsWith('ERR_CERT_') || code.startsWith('ERR_CERTIFICATE_')) && !TRANSIENT_CERT.has(code);

function failed(code: string, message: string): TypeError {
  // The shape Node's fetch gives a failed request: the office client reads `cause.code`.
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

/**
 * Chromium's rejection as the office client reads it. `refused` says the session's verify
 * procedure has refused a certificate of this host: then a bare `net::ERR_FAILED` is that refusal.
 * Aborts (the client's timeout signal) pass through untouched.
 */
export function netFailure(error: unknown, refused = false): unknown {
  if (!(error instanceof Error)) return failed('ERR_FAILED', String(error));
  if (error.name === 'AbortError' || error.name === 'TimeoutError') return error;
  const code = /net::(ERR_[A-Z0-9_]+)/.exec(error.message)?.[1];
  if (code === 'ERR_FAILED' && refused) return failed(REFUSED_BY_PIN, 'the certificate is not from the office CA pinned at enrollment');
  // A verdict the client does not list by name (a newer Chromium's) is still a verdict.
  if (code && isCertificateVerdict(code) && !UNTRUSTED_CERTIFICATE.has(code)) return failed('CERT_UNTRUSTED', error.message);
  if (code) return failed(code, error.message);
  // Electron's ClientRequest with redirect 'error': "Attempted to redirect, but redirect policy was 'error'".
  if (/redirect/i.test(error.message)) return failed('ERR_REDIRECT', error.message);
  return failed('ERR_FAILED', error.message);
}

/** The partition for a trust: its name says which, so two trusts never share verdicts or connections. */
export function partitionFor(trust: OfficeTrust): string {
  if (trust.mode === 'system') return 'office-system';
  if (trust.mode === 'first-contact') return 'office-first-contact';
  let bytes: Buffer;
  try {
    bytes = new X509Certificate(trust.caCertificatePem).raw;
  } catch {
    // Unreadable: its own partition still, where the verifier refuses every certificate.
    bytes = Buffer.from(trust.caCertificatePem, 'utf8');
  }
  return `office-ca-${createHash('sha256').update(bytes).digest('hex')}`;
}

interface Partition {
  session: NetSession;
  /** Hosts whose certificate the verify procedure refused (Chromium then caches that verdict). */
  refused: Set<string>;
}

export function electronOfficeTransport(deps: NetTransportDeps): OfficeTransport {
  const partitions = new Map<string, Partition>();
  const now = deps.now ?? (() => new Date());

  // Made on the first request, after `ready`: Electron refuses sessions before it.
  function partition(trust: OfficeTrust): Partition {
    const name = partitionFor(trust);
    let made = partitions.get(name);
    if (!made) {
      const session = deps.session.fromPartition(name, { cache: false });
      const refused = new Set<string>();
      const verify = officeCertificateVerifier(trust, deps.log, now);
      session.setCertificateVerifyProc((request, callback) =>
        verify(request, (result) => {
          // Remembered for good: the verdict stays in Chromium's cache, so later requests fail
          // with the same bare ERR_FAILED without asking again.
          if (result === VERIFY.refuse) refused.add(request.hostname);
          callback(result);
        }),
      );
      made = { session, refused };
      partitions.set(name, made);
    }
    return made;
  }

  const fetchWith = (trust: OfficeTrust) =>
    async function officeFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
      const url = new URL(input instanceof Request ? input.url : input);
      const plainAllowed = trust.mode === 'system' && url.protocol === 'http:';
      if (url.protocol !== 'https:' && !plainAllowed) throw failed('ERR_OFFICE_NOT_HTTPS', `${url.protocol} is not HTTPS`);
      const { session, refused } = partition(trust);
      const signal = init.signal ?? undefined;
      try {
        const response = await session.fetch(url.href, {
          ...(init.method ? { method: init.method } : {}),
          ...(init.headers ? { headers: init.headers } : {}),
          ...(init.body != null ? { body: init.body } : {}),
          ...(signal ? { signal } : {}),
          redirect: init.redirect ?? 'error',
          // The device token travels in a header: no cookies kept or sent (the partition has no
          // HTTP cache either), and never the app's own protocol handlers.
          credentials: 'omit',
          bypassCustomProtocolHandlers: true,
        });
        // Read here, so a connection cut mid-answer fails like one cut before it, and the
        // client's `text()` cannot meet a raw Chromium error.
        const body = response.status === 204 || response.status === 205 || response.status === 304 ? null : await response.arrayBuffer();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        throw netFailure(error, refused.has(url.hostname.replace(/^\[|\]$/g, '')));
      }
    };

  const made = new Map<string, typeof fetch>();
  return {
    fetch(trust) {
      const key = partitionFor(trust);
      let doFetch = made.get(key);
      if (!doFetch) {
        doFetch = fetchWith(trust) as typeof fetch;
        made.set(key, doFetch);
      }
      return doFetch;
    },
  };
}
