/** HTTPS as a client that trusts exactly one CA (or none): what the office serves, and its certificate. */
import https from 'node:https';
import type { DetailedPeerCertificate } from 'node:tls';

export interface HttpsAnswer {
  status: number;
  body: string;
  certificate: DetailedPeerCertificate;
}

/** One request on a fresh connection (no agent), so every call sees the certificate served now. */
export function httpsRequest(
  url: string,
  options: { ca?: string; servername?: string; method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: options.headers ?? {},
        agent: false,
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.servername ? { servername: options.servername } : {}),
      },
      (response) => {
        const certificate = (response.socket as import('node:tls').TLSSocket).getPeerCertificate(true);
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), certificate }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The error code a TLS client gets, or 'ok'; `servername` is the name it expects the certificate to bear. */
export async function tlsOutcome(url: string, ca?: string, servername?: string): Promise<string> {
  try {
    await httpsRequest(url, { ...(ca ? { ca } : {}), ...(servername ? { servername } : {}) });
    return 'ok';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}
