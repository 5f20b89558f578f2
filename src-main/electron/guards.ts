/**
 * What a renderer may do beyond its own page: nothing. Navigation away from the app origin,
 * new windows and permission requests (camera, geolocation, notifications…) are all refused.
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

export function denyPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}
