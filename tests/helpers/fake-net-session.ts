/**
 * A stand-in for Electron's `session` module that behaves, for what the office transport relies
 * on, like Chromium's network stack: each partition has its own verify procedure and its own
 * cache of verdicts (per host and certificate, as Chromium's network service keeps them); a
 * request meets the server's real certificate, asks the procedure before a byte of HTTP is sent,
 * and fails as Electron reports it — `Error('net::ERR_…')` from its URL loader, `net::ERR_FAILED`
 * when the procedure refused (-2), Chromium's own verdict on -3 (Node's verification against the
 * "OS store" given here, named as Chromium names it).
 */
import http from 'node:http';
import { isIP } from 'node:net';
import tls from 'node:tls';
import type { CertificateRequest } from '../../src-main/electron/office-certificates';
import type { NetSession, SessionModule } from '../../src-main/electron/net-transport';

type VerifyProc = (request: CertificateRequest, callback: (result: number) => void) => void;
type NetInit = RequestInit & { bypassCustomProtocolHandlers?: boolean };

export interface FakeSession extends NetSession {
  readonly partition: string;
  readonly options: { cache: boolean } | undefined;
  /** How many times a verify procedure was installed on this session. */
  procInstalls: number;
  /** Hosts the procedure was asked about, in order (a cached verdict asks nothing). */
  readonly asked: string[];
  /** Every request's URL and the options it was made with. */
  readonly requests: { url: string; init: NetInit }[];
}

/** Node's verification result as Chromium names it. */
function chromiumVerdict(socket: tls.TLSSocket): string {
  if (socket.authorized) return 'OK';
  const code = String(socket.authorizationError ?? '');
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'ERR_CERT_COMMON_NAME_INVALID';
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'ERR_CERT_DATE_INVALID';
  return 'ERR_CERT_AUTHORITY_INVALID';
}

/** Connection failures as Chromium names them. */
function netError(error: NodeJS.ErrnoException): Error {
  const name =
    { ECONNREFUSED: 'ERR_CONNECTION_REFUSED', ENOTFOUND: 'ERR_NAME_NOT_RESOLVED', ECONNRESET: 'ERR_CONNECTION_RESET', ETIMEDOUT: 'ERR_TIMED_OUT' }[error.code ?? ''] ??
    'ERR_FAILED';
  return new Error(`net::${name}`);
}

function connectTls(url: URL, systemRoots: string[]): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(isIP(host) ? {} : { servername: host }),
      // The verdict is the procedure's to give: the handshake completes whatever the certificate.
      rejectUnauthorized: false,
      ca: systemRoots,
    });
    socket.once('secureConnect', () => resolve(socket));
    socket.once('error', (error) => reject(netError(error)));
  });
}

export function fakeSessionModule(options: { systemRoots?: string[] } = {}): { module: SessionModule; partitions: Map<string, FakeSession> } {
  const partitions = new Map<string, FakeSession>();
  // Node's default roots stand for the OS store unless a test installs its own.
  const systemRoots = options.systemRoots ?? [...tls.rootCertificates];

  function makeSession(partition: string, sessionOptions: { cache: boolean } | undefined): FakeSession {
    let proc: VerifyProc | undefined;
    const verdicts = new Map<string, string>();

    async function verify(url: URL, socket: tls.TLSSocket): Promise<string> {
      const hostname = url.hostname.replace(/^\[|\]$/g, '');
      const certificate = socket.getPeerX509Certificate();
      if (!certificate) return 'ERR_SSL_PROTOCOL_ERROR';
      const key = `${hostname}|${certificate.fingerprint256}`;
      const cached = verdicts.get(key);
      if (cached) return cached;
      const chromium = chromiumVerdict(socket);
      let verdict = chromium;
      if (proc) {
        const verifyProc = proc;
        session.asked.push(hostname);
        const result = await new Promise<number>((resolve) => verifyProc({ hostname, certificate: { data: certificate.toString() } }, resolve));
        verdict = result === 0 ? 'OK' : result === -3 ? chromium : 'ERR_FAILED';
      }
      verdicts.set(key, verdict);
      return verdict;
    }

    const session: FakeSession = {
      partition,
      options: sessionOptions,
      procInstalls: 0,
      asked: [],
      requests: [],
      setCertificateVerifyProc(installed) {
        session.procInstalls++;
        proc = installed;
      },
      async fetch(input, init = {}) {
        session.requests.push({ url: input, init });
        const url = new URL(input);
        const signal = init.signal ?? undefined;
        if (signal?.aborted) throw signal.reason;
        let socket: tls.TLSSocket | undefined;
        if (url.protocol === 'https:') {
          socket = await connectTls(url, systemRoots);
          const verdict = await verify(url, socket);
          if (verdict !== 'OK') {
            socket.destroy();
            throw new Error(`net::${verdict}`);
          }
        } else if (url.protocol !== 'http:') {
          throw new Error('net::ERR_UNKNOWN_URL_SCHEME');
        }
        const body = typeof init.body === 'string' ? Buffer.from(init.body) : init.body instanceof Uint8Array ? init.body : undefined;
        const headers: Record<string, string> = {};
        new Headers(init.headers).forEach((value, name) => (headers[name] = value));
        if (body) headers['content-length'] = String(body.byteLength);
        return new Promise<Response>((resolve, reject) => {
          const request = http.request(
            {
              host: url.hostname.replace(/^\[|\]$/g, ''),
              port: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
              path: `${url.pathname}${url.search}`,
              method: init.method ?? 'GET',
              headers,
              ...(socket ? { createConnection: () => socket } : { agent: false }),
            },
            (response) => {
              const status = response.statusCode ?? 0;
              if (status >= 300 && status < 400 && init.redirect === 'error') {
                request.destroy();
                return reject(new Error("Attempted to redirect, but redirect policy was 'error'"));
              }
              const chunks: Buffer[] = [];
              response.on('data', (chunk: Buffer) => chunks.push(chunk));
              response.on('error', (error: NodeJS.ErrnoException) => reject(netError(error)));
              response.on('end', () => {
                const answer = new Headers();
                for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) answer.set(name, Array.isArray(value) ? value.join(', ') : value);
                const empty = [101, 204, 205, 304].includes(status);
                resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers: answer }));
              });
            },
          );
          request.on('error', (error: NodeJS.ErrnoException) => reject(signal?.aborted ? signal.reason : netError(error)));
          signal?.addEventListener('abort', () => {
            reject(signal.reason);
            request.destroy();
          });
          request.end(body);
        });
      },
    };
    return session;
  }

  const module: SessionModule = {
    fromPartition(partition, sessionOptions) {
      let session = partitions.get(partition);
      if (!session) {
        session = makeSession(partition, sessionOptions);
        partitions.set(partition, session);
      }
      return session;
    },
  };
  return { module, partitions };
}
