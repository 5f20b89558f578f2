/** A console user's browser, reduced to fetch: log in, keep the session cookie, read CSRF tokens from pages. */
import { http, type HttpResult } from './device';
import type { TestOffice } from './office';

export interface ConsoleClient {
  cookie: string;
  get(path: string, headers?: Record<string, string>): Promise<HttpResult<string>>;
  post(path: string, form: Record<string, string>): Promise<HttpResult<string>>;
  /** The session's CSRF token, as the import page carries it. */
  csrf(): Promise<string>;
}

export async function logIn(office: TestOffice, username: string, password: string): Promise<HttpResult<string>> {
  return http<string>(`${office.url}/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password }).toString(),
  });
}

export async function consoleClient(office: TestOffice, username: string, password: string): Promise<ConsoleClient> {
  const res = await logIn(office, username, password);
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('xj_session='));
  if (!session) throw new Error('no session cookie');
  const cookie = session.split(';')[0]!;
  const client: ConsoleClient = {
    cookie,
    get: (path, headers = {}) => http<string>(`${office.url}${path}`, { headers: { cookie, ...headers } }),
    post: (path, form) =>
      http<string>(`${office.url}${path}`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
      }),
    async csrf() {
      const page = await client.get('/console/import');
      const match = /data-csrf="([^"]+)"/.exec(page.body);
      if (!match) throw new Error('no CSRF token on the import page');
      return match[1]!;
    },
  };
  return client;
}
