/**
 * A machine on the hospital LAN between the device and its office, at an address the device
 * uses for the office. `pass`: it forwards TCP untouched (the office's own TLS reaches the
 * device). `intercept`: it ends TLS itself with a certificate from a CA of its own for the same
 * address, and relays what it reads to the office — a man in the middle, who would see the
 * device token and the enrollment code if the device accepted its certificate.
 */
import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { createCaCertificate, issueServerCertificate } from '../../../src-server/ca/certificates';

export type MitmMode = 'pass' | 'intercept';

export interface MitmProxy {
  url: string;
  mode: MitmMode;
  /** Changes mode and cuts every open connection, as an attacker would to make devices connect again. */
  switchTo(mode: MitmMode): void;
  /** The rogue CA's certificate: what the interceptor would need the device to trust. */
  rogueCaPem: string;
  /** Bytes the interceptor decrypted from devices (what a man in the middle would read). */
  intercepted(): string;
  close(): Promise<void>;
}

function rogueCredentials(): { caPem: string; keyPem: string; certPem: string } {
  const ca = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const caKeyPem = ca.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const caPem = createCaCertificate(caKeyPem, ca.publicKey.export({ type: 'spki', format: 'pem' }).toString(), { commonName: 'Xunjian Office CA', organization: 'Xunjian' }, new Date());
  const server = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issued = issueServerCertificate(
    { keyPem: caKeyPem, certificatePem: caPem },
    server.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    [{ ip: '127.0.0.1' }, { dns: 'localhost' }],
    { commonName: '127.0.0.1', organization: 'Xunjian' },
    new Date(),
    30,
  );
  return { caPem, keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem: `${issued.pem}\n${caPem}` };
}

export async function startMitmProxy(upstream: { host: string; port: number }, mode: MitmMode = 'pass'): Promise<MitmProxy> {
  const rogue = rogueCredentials();
  const sockets = new Set<net.Socket>();
  let seen = '';
  const track = (socket: net.Socket): net.Socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    return socket;
  };

  const server = net.createServer((client) => {
    track(client);
    if (proxy.mode === 'pass') {
      const office = track(net.connect(upstream.port, upstream.host));
      client.pipe(office).pipe(client);
      return;
    }
    const decrypted = track(new tls.TLSSocket(client, { isServer: true, key: rogue.keyPem, cert: rogue.certPem }) as net.Socket);
    // Relayed to the real office over TLS (the interceptor does not care whose certificate that is).
    const office = track(tls.connect({ host: upstream.host, port: upstream.port, rejectUnauthorized: false }));
    decrypted.on('data', (chunk: Buffer) => (seen += chunk.toString('latin1')));
    decrypted.pipe(office).pipe(decrypted);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;

  const proxy: MitmProxy = {
    url: `https://127.0.0.1:${port}`,
    mode,
    rogueCaPem: rogue.caPem,
    switchTo(next) {
      proxy.mode = next;
      for (const socket of sockets) socket.destroy();
    },
    intercepted: () => seen,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
