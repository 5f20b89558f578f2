/**
 * app://xunjian serves the built renderer. A fixed custom origin (never file:// or a port)
 * keeps IndexedDB in the same place across runs and updates.
 */
import type { CustomScheme } from 'electron';
import { APP_ORIGIN } from '../../src-shared/rpc/contract';
import { CONTENT_SECURITY_POLICY, contentTypeOf, resolveStaticPath } from '../static/static-files';

export const APP_SCHEME: CustomScheme = {
  scheme: new URL(APP_ORIGIN).protocol.replace(':', ''),
  privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true },
};

export function createAppProtocolHandler(rendererDir: string, readFile: (file: string) => Promise<Uint8Array>) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const file = `${url.protocol}//${url.host}` === APP_ORIGIN ? resolveStaticPath(rendererDir, url.pathname) : null; // url.origin is "null" for app:
    if (!file) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: { 'content-type': contentTypeOf(file), 'content-security-policy': CONTENT_SECURITY_POLICY },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}
