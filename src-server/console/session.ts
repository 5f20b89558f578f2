/**
 * Console logins: scrypt-checked passwords, then a random session token in an httpOnly,
 * SameSite=Strict cookie; the office keeps only the token's SHA-256. Each session has a CSRF
 * token that every form and the bundle upload must echo.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../auth/passwords';
import { hashToken, newToken } from '../auth/tokens';
import type { OfficeContext } from '../context';
import type { ConsoleRole, Session } from '../storage/port';

/** A logged-in console user: the session and what the user may do, read afresh on every request. */
export interface ConsoleSession extends Session {
  role: ConsoleRole;
  /** A reader's hospitals: every page and export shows only these. Empty for an administrator. */
  hospitalIds: string[];
}

/** The hospitals a user may read: undefined (all) for an administrator, the listed ones for a reader. */
export const readScope = (session: ConsoleSession): string[] | undefined => (session.role === 'admin' ? undefined : session.hospitalIds);

/** Whether a user may read a hospital's data. */
export const mayRead = (session: ConsoleSession, hospitalId: string): boolean => session.role === 'admin' || session.hospitalIds.includes(hospitalId);

export const SESSION_COOKIE = 'xj_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface ConsoleSessionOptions {
  secureCookies: boolean;
  sessionHours: number;
}

export async function logIn(
  ctx: OfficeContext,
  reply: FastifyReply,
  credentials: { username: string; password: string; ip: string },
  options: ConsoleSessionOptions,
): Promise<boolean> {
  const user = await ctx.store.getAdmin(credentials.username);
  // Always run scrypt, so an unknown user name takes as long as a wrong password.
  const valid = await verifyPassword(credentials.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  // A disabled user is refused like a wrong password (and audited as a refusal).
  const ok = Boolean(user) && valid && !user?.disabledAt;
  await ctx.store.audit({
    actor: ok ? `admin:${credentials.username}` : 'anonymous',
    action: 'console.login',
    outcome: ok ? 'ok' : 'refused',
    target: credentials.username.slice(0, 64),
    details: {},
    ip: credentials.ip,
  });
  if (!ok) return false;
  const token = newToken();
  const expiresAt = new Date(ctx.now().getTime() + options.sessionHours * 3600_000);
  await ctx.store.createSession(hashToken(token), {
    username: credentials.username,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: expiresAt.toISOString(),
  });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: options.secureCookies,
    path: '/',
    expires: expiresAt,
  });
  return true;
}

/**
 * The request's session with its user's role and hospitals, read on every request so a change of
 * role or a disabled user takes effect at once; undefined when there is none (or the user is gone).
 */
export async function sessionOf(ctx: OfficeContext, request: FastifyRequest): Promise<ConsoleSession | undefined> {
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return undefined;
  const session = await ctx.store.getSession(hashToken(token), ctx.now().toISOString());
  if (!session) return undefined;
  const user = await ctx.store.getAdmin(session.username);
  if (!user || user.disabledAt) return undefined;
  return { ...session, role: user.role ?? 'admin', hospitalIds: user.hospitalIds ?? [] };
}

export async function logOut(ctx: OfficeContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await ctx.store.deleteSession(hashToken(token));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function csrfMatches(session: Session, sent: unknown): boolean {
  if (typeof sent !== 'string') return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}
