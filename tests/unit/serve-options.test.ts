/** `npm run server` options (issue 10 §5): TLS names, trusted proxies, rate limits — and sentences for mistakes. */
import { describe, expect, it } from 'vitest';
import { serveOptions, UsageError } from '../../src-server/cli/serve-options';
import { DEFAULT_RATE_LIMITS } from '../../src-server/config';

const refused = (flags: Parameters<typeof serveOptions>[0]): string => {
  try {
    serveOptions(flags);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('serve options', () => {
  it('default to plain HTTP on 127.0.0.1:5190, no trusted proxy, the default limits', () => {
    expect(serveOptions({})).toEqual({ port: 5190, host: '127.0.0.1', rateLimits: DEFAULT_RATE_LIMITS, secureCookies: false });
  });

  it('serve HTTPS for the names given, lower-cased and once each, with Secure cookies', () => {
    const options = serveOptions({ tls: true, 'tls-name': ['Office.LAN', '192.168.1.10', 'office.lan', '[fe80::1]'], host: '0.0.0.0', port: '443' });
    expect(options).toMatchObject({ port: 443, host: '0.0.0.0', tls: { names: ['office.lan', '192.168.1.10', 'fe80::1'] }, secureCookies: true });
    // --tls-name alone means --tls; --tls alone takes the host when it is one address.
    expect(serveOptions({ 'tls-name': ['office.lan'] }).tls).toEqual({ names: ['office.lan'] });
    expect(serveOptions({ tls: true, host: '192.168.1.10' }).tls).toEqual({ names: ['192.168.1.10'] });
    // Behind a proxy that already speaks TLS, Secure can still be asked for.
    expect(serveOptions({ 'secure-cookies': true }).secureCookies).toBe(true);
  });

  it('refuse TLS without a usable name', () => {
    expect(refused({ tls: true, host: '0.0.0.0' })).toContain('--tls-name office.lan');
    expect(refused({ 'tls-name': ['office_lan'] })).toContain('"office_lan" is not a host name');
    expect(refused({ 'tls-name': ['https://office.lan'] })).toContain('is not a host name');
  });

  it('trust the proxies named, or a hop count, and never every address', () => {
    expect(serveOptions({ 'trust-proxy': ['127.0.0.1,10.0.0.0/8', 'loopback', '::1'] }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', 'loopback', '::1']);
    expect(serveOptions({ 'trust-proxy': ['2'] }).trustProxy).toBe(2);
    expect(refused({ 'trust-proxy': ['true'] })).toContain('name the proxies');
    expect(refused({ 'trust-proxy': ['*'] })).toContain('name the proxies');
    expect(refused({ 'trust-proxy': ['10.0.0.0/33'] })).toContain('"10.0.0.0/33" is not');
    expect(refused({ 'trust-proxy': ['proxy.lan'] })).toContain('"proxy.lan" is not');
    expect(refused({ 'trust-proxy': ['0'] })).toContain('1 to 10');
  });

  it('read rate limits as attempts per window', () => {
    expect(serveOptions({ 'enroll-rate-limit': '5/30s', 'login-rate-limit': '100/1h', 'verify-rate-limit': '120/1m' }).rateLimits).toEqual({
      enroll: { max: 5, windowMs: 30_000 },
      login: { max: 100, windowMs: 3_600_000 },
      verify: { max: 120, windowMs: 60_000 },
    });
    expect(serveOptions({ 'enroll-rate-limit': '3/90' }).rateLimits?.enroll).toEqual({ max: 3, windowMs: 90_000 });
    expect(refused({ 'enroll-rate-limit': 'ten a minute' })).toContain('--enroll-rate-limit ten a minute: expected');
    expect(refused({ 'login-rate-limit': '0/1m' })).toContain('--login-rate-limit');
    expect(refused({ 'login-rate-limit': '5/2d' })).toContain('--login-rate-limit');
  });

  it('take the address where people reach the paper check, and refuse one a phone could not open', () => {
    expect(serveOptions({ 'public-url': 'https://xunjian.example.cn' }).publicUrl).toBe('https://xunjian.example.cn/');
    expect(serveOptions({ 'public-url': 'https://gw.example.cn/xunjian/' }).publicUrl).toBe('https://gw.example.cn/xunjian/');
    expect(serveOptions({}).publicUrl).toBeUndefined();
    expect(refused({ 'public-url': 'xunjian.example.cn' })).toContain('--public-url xunjian.example.cn: expected');
    expect(refused({ 'public-url': 'ftp://example.cn' })).toContain('without user, query or fragment');
    expect(refused({ 'public-url': 'https://example.cn/?a=1' })).toContain('without user, query or fragment');
    expect(refused({ 'public-url': `https://example.cn/${'x'.repeat(500)}` })).toContain('--public-url');
  });

  it('refuse a port that is not one', () => {
    expect(refused({ port: 'http' })).toContain('--port http');
    expect(refused({ port: '70000' })).toContain('--port 70000');
  });
});
