/** A database on another machine is reached over TLS, or the URL says the network is trusted (issue 15 review). */
import { expect, test } from 'vitest';
import { checkConnectionSecurity, ConnectionPolicyError } from '../../src-server/storage/postgres/connection-policy';

test('a server on this machine needs no TLS mode', () => {
  for (const url of [
    'postgres://x:y@127.0.0.1:5432/db',
    'postgres://x:y@localhost/db',
    'postgresql://x@[::1]:5432/db',
    'postgres://x@127.0.0.2/db',
    'postgres:///db?host=/var/run/postgresql',
  ])
    expect(() => checkConnectionSecurity(url), url).not.toThrow();
});

test('a server elsewhere needs sslmode in the URL, and the refusal says what to add without repeating the password', () => {
  const refuse = (): void => checkConnectionSecurity('postgres://xunjian:S3cretPw@db.internal:5432/xunjian');
  expect(refuse).toThrow(ConnectionPolicyError);
  expect(refuse).toThrow(/db\.internal would be reached without TLS: add \?sslmode=verify-full&sslrootcert=/);
  expect(refuse).not.toThrow(/S3cretPw/);
  expect(() => checkConnectionSecurity('postgres://x@10.0.0.5/db?sslmode=verify-full&sslrootcert=/etc/ca.pem')).not.toThrow();
  expect(() => checkConnectionSecurity('postgres://x@10.0.0.5/db?sslmode=disable')).not.toThrow();
});

test('an unreadable URL is refused without being repeated', () => {
  expect(() => checkConnectionSecurity('postgres://x:S3cret@[bad')).toThrow(/cannot be read/);
  expect(() => checkConnectionSecurity('postgres://x:S3cret@[bad')).not.toThrow(/S3cret/);
});
