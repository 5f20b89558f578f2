/** Starts the office service on a host and port; the URL it listens on comes back (port 0 → a free one; https when it serves TLS). */
import { buildApp, type OfficeApp } from './app';
import type { ServerOptions } from './config';

export interface RunningOffice extends OfficeApp {
  url: string;
}

export async function startOffice(options: ServerOptions & { port: number; host?: string }): Promise<RunningOffice> {
  // Served over HTTPS, the console's session cookie is Secure unless told otherwise.
  const built = await buildApp({ ...options, secureCookies: options.secureCookies ?? Boolean(options.tls) });
  try {
    const host = options.host ?? '127.0.0.1';
    // Fastify names the scheme from its own https option; our server factory serves TLS without it.
    const scheme = (address: string): string => (options.tls ? address.replace(/^http:/, 'https:') : address);
    await built.app.listen({ port: options.port, host, listenTextResolver: (address) => `Server listening at ${scheme(address)}` });
    const address = built.app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    // Over HTTPS, an address the certificate names: the host listened on if it is one, else the first name.
    const urlHost = options.tls && !options.tls.names.includes(host) ? (options.tls.names[0] ?? host) : host;
    return { ...built, url: `${options.tls ? 'https' : 'http'}://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}` };
  } catch (error) {
    await built.app.close();
    throw error;
  }
}
