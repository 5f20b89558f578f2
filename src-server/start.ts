/** Starts the office service on a host and port; the URL it listens on comes back (port 0 → a free one). */
import { buildApp, type OfficeApp } from './app';
import type { ServerOptions } from './config';

export interface RunningOffice extends OfficeApp {
  url: string;
}

export async function startOffice(options: ServerOptions & { port: number; host?: string }): Promise<RunningOffice> {
  const built = await buildApp(options);
  try {
    const host = options.host ?? '127.0.0.1';
    await built.app.listen({ port: options.port, host });
    const address = built.app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    return { ...built, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
  } catch (error) {
    await built.app.close();
    throw error;
  }
}
