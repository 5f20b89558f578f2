/**
 * The options of `npm run server -- [serve]`, turned into ServerOptions and checked before the
 * office starts: a mistyped name, proxy or limit stops it with a sentence, not a stack trace.
 */
import { isIP } from 'node:net';
import { DEFAULT_RATE_LIMITS, type RateLimit, type ServerOptions } from '../config';
import { parseServerName, TlsNameError } from '../tls/server-certificate';

export class UsageError extends Error {}

export const SERVE_USAGE = `  npm run server -- [--data <dir>] [--port 5190] [--host 127.0.0.1] [--name <office name>] [--catalog <dir>]
                    [--tls] [--tls-name <host or IP> …]   serve HTTPS with a certificate from the office CA for these
                                                          names (repeat --tls-name; default: --host when it is one address)
                    [--trust-proxy <addresses|count>]    proxies whose X-Forwarded-For names the client: addresses or
                                                          CIDR ranges, comma-separated or repeated (or loopback), or a hop count
                    [--enroll-rate-limit 10/1m] [--login-rate-limit 10/1m] [--verify-rate-limit 30/1m]
                                                          attempts per client address and window (s, m, h)
                    [--public-url <https://…>]   where people reach this office's paper check (/verify) when
                                                          not at the address devices use; reports' QR codes lead there
                    [--secure-cookies]   mark the console session cookie Secure (on by itself with --tls)`;

/** What parseArgs hands over for the serve command. */
export interface ServeFlags {
  port?: string;
  host?: string;
  name?: string;
  catalog?: string;
  'secure-cookies'?: boolean;
  tls?: boolean;
  'tls-name'?: string[];
  'trust-proxy'?: string[];
  'enroll-rate-limit'?: string;
  'login-rate-limit'?: string;
  'verify-rate-limit'?: string;
  'public-url'?: string;
}

export type ServeOptions = Omit<ServerOptions, 'dataDir' | 'catalogDir'> & { port: number; host: string };

function port(text: string | undefined): number {
  if (text === undefined) return 5190;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new UsageError(`--port ${text}: expected a port number 0-65535`);
  return value;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

function tlsNames(flags: ServeFlags, host: string): string[] | undefined {
  const given = flags['tls-name'] ?? [];
  if (!flags.tls && !given.length) return undefined;
  const names = given.length ? given : WILDCARDS.has(host) ? [] : [host];
  if (!names.length) throw new UsageError(`--tls on ${host}: name the addresses devices use, e.g. --tls-name office.lan --tls-name 192.168.1.10`);
  const parsed = names.map((name) => {
    try {
      const n = parseServerName(name);
      return 'dns' in n ? n.dns : n.ip;
    } catch (error) {
      if (error instanceof TlsNameError) throw new UsageError(`--tls-name ${error.message}`);
      throw error;
    }
  });
  return [...new Set(parsed)];
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function cidrOrAddress(entry: string): boolean {
  if (PROXY_NAMES.has(entry) || isIP(entry)) return true;
  const [address, bits, ...rest] = entry.split('/');
  if (rest.length || !address || bits === undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(address);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function trustProxy(values: string[] | undefined): number | string[] | undefined {
  if (!values?.length) return undefined;
  const entries = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (entries.length === 1 && /^\d+$/.test(entries[0]!)) {
    const hops = Number(entries[0]);
    if (hops < 1 || hops > 10) throw new UsageError('--trust-proxy <count>: 1 to 10 proxies');
    return hops;
  }
  for (const entry of entries) {
    if (/^(true|all|\*)$/i.test(entry)) {
      throw new UsageError('--trust-proxy: name the proxies (addresses, ranges or a hop count); trusting every address would let any client choose the address it is counted under');
    }
    if (!cidrOrAddress(entry)) throw new UsageError(`--trust-proxy: "${entry}" is not an IP address, a CIDR range, loopback, linklocal or uniquelocal`);
  }
  return entries;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };

/** `10/1m`: at most 10 attempts per client address in one minute (s, m or h; a bare number is seconds). */
export function parseRateLimit(flag: string, text: string | undefined, fallback: RateLimit): RateLimit {
  if (text === undefined) return fallback;
  const match = /^(\d+)\/(\d+)([smh]?)$/.exec(text.trim());
  const max = Number(match?.[1]);
  const windowMs = Number(match?.[2]) * (UNIT_MS[match?.[3] || 's'] ?? 1000);
  if (!match || max < 1 || max > 100_000 || windowMs < 1000 || windowMs > 24 * UNIT_MS.h!) {
    throw new UsageError(`${flag} ${text}: expected <attempts>/<window>, e.g. 10/1m (1-100000 attempts, a window of 1 s to 24 h)`);
  }
  return { max, windowMs };
}

/** An http(s) address people can open, as devices are told it (no user, query or fragment). */
function publicUrl(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--public-url ${text}: expected an address such as https://xunjian.example.cn`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash || url.toString().length > 500) {
    throw new UsageError(`--public-url ${text}: expected an http:// or https:// address without user, query or fragment`);
  }
  return url.toString();
}

export function serveOptions(flags: ServeFlags): ServeOptions {
  const host = flags.host ?? '127.0.0.1';
  const names = tlsNames(flags, host);
  const proxies = trustProxy(flags['trust-proxy']);
  return {
    port: port(flags.port),
    host,
    ...(flags.name ? { officeName: flags.name } : {}),
    ...(names ? { tls: { names } } : {}),
    ...(proxies !== undefined ? { trustProxy: proxies } : {}),
    ...(flags['public-url'] !== undefined ? { publicUrl: publicUrl(flags['public-url']) } : {}),
    rateLimits: {
      enroll: parseRateLimit('--enroll-rate-limit', flags['enroll-rate-limit'], DEFAULT_RATE_LIMITS.enroll),
      login: parseRateLimit('--login-rate-limit', flags['login-rate-limit'], DEFAULT_RATE_LIMITS.login),
      verify: parseRateLimit('--verify-rate-limit', flags['verify-rate-limit'], DEFAULT_RATE_LIMITS.verify),
    },
    secureCookies: flags['secure-cookies'] ?? Boolean(names),
  };
}
