/**
 * What a renderer may do beyond its own page: nothing but keep its storage. Navigation away from
 * the app origin, new windows and permission requests (camera, geolocation, notifications…) are
 * refused; persistent storage is granted to the app origin only.
 * The checks are pure so they are tested without Electron.
 */
import type { Session, WebContents } from 'electron';
import { APP_ORIGIN } from '../../src-shared/rpc/contract';

/** True only for pages of the app itself. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url); // .origin is "null" for a non-special scheme such as app:, so compare scheme and host
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

export function hardenContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * The one permission the app needs: persistent storage, so Chromium never evicts IndexedDB (the
 * drafts, answers and photos) under disk pressure. `navigator.storage.persist()` asks Chromium's
 * permission service for DURABLE_STORAGE, which Electron hands to the session's request handler
 * as 'persistent-storage'; `navigator.storage.persisted()` goes through the check handler with the
 * same name (Electron's shell/common/gin_converters/content_converter.cc, blink's
 * modules/quota/storage_manager.cc). Everything else, and any other origin, is refused.
 */
export function permissionAllowed(permission: string, url: string): boolean {
  return permission === 'persistent-storage' && isAppUrl(url);
}

type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;

export function applyPermissions(session: PermissionSession, log: (line: string) => void = () => {}): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const url = details.requestingUrl || contents.getURL();
    const allowed = permissionAllowed(permission, url);
    if (!allowed || permission === 'persistent-storage') log(`permission ${permission} for ${url}: ${allowed ? 'granted' : 'denied'}`);
    callback(allowed);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => permissionAllowed(permission, requestingOrigin));
}
