/** `npm run server -- admin <command>`: engineers, enrollment codes, devices, console users, reference data. */
import path from 'node:path';
import {
  AdminError,
  assignHospitals,
  createConsoleUser,
  createEngineer,
  createEnrollmentCode,
  revokeDevice,
  setAdminPassword,
} from '../admin/operations';
import { DEFAULT_CATALOG_DIR, importCatalog } from '../catalog/import-catalog';
import type { OfficeContext } from '../context';
import { handoverText, officeCaFingerprint } from '../enroll-handover';
import { issueProxyCertificate } from '../tls/proxy-certificate';
import { parseServerName, TlsNameError } from '../tls/server-certificate';
import { readPassword } from './password';

export const ADMIN_USAGE = `admin commands (add --data <dir>):
  engineer add <id> --name <name> [--hospitals <id,id>]   create an engineer (id: a slug such as zhang-wei)
  engineer assign <id> <hospital,hospital>                  set the hospitals an engineer may reach
  engineer list
  code <engineerId> [--days 7]                              one-time enrollment code (shown once)
  devices                                                   list devices
  revoke <deviceId>                                         revoke a device (token and certificate)
  user add <username> [--role reader --hospitals <id,id>]   console user, an administrator unless --role reader (a reader
                                                            reads the hospitals listed and changes nothing);
                                                            password from XUNJIAN_ADMIN_PASSWORD or stdin
  user list                                                 console users with their roles
  user password <username>                                  set a new password (ends the user's sessions)
  catalog [<dir>]                                           import reference data (default assets/catalog)
  tls-cert <dir> --tls-name <host or IP> […]                a certificate from the office CA for a TLS proxy in front
                                                            of several instances (key.pem, cert.pem, ca.pem; docs/deploy.md)`;

/**
 * `--days` as typed: whole days 1..90 in decimal digits only. Number() would also take `1e1`,
 * `0x10` or ` 7 `, and turn `abc` into NaN, which the refusal would then echo instead of `abc`.
 */
export function parseDays(typed: string | undefined): number {
  if (typed === undefined) return 7;
  const days = /^[0-9]+$/.test(typed) ? Number(typed) : Number.NaN;
  if (!(days >= 1 && days <= 90)) throw new AdminError(`--days: a code is valid for a whole number of days, 1 to 90, written in digits (not "${typed}")`);
  return days;
}

/**
 * parseArgs calls a value that starts with a dash ambiguous (`--days -1`): join it to its option
 * (`--days=-1`) so that the refusal says what is allowed rather than how to quote it.
 */
export function joinDashedValues(argv: string[], options: readonly string[] = ['--days']): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    if (options.includes(arg) && value !== undefined && /^-[^-]/.test(value)) {
      joined.push(`${arg}=${value}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

const list = (text: string | undefined): string[] => (text ? text.split(',').map((s) => s.trim()).filter(Boolean) : []);

export async function runAdmin(
  ctx: OfficeContext,
  args: string[],
  flags: { name?: string; hospitals?: string; days?: string; role?: string; 'tls-name'?: string[] },
): Promise<void> {
  const [command, sub, ...rest] = args;
  const say = (value: unknown) => console.log(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const actor = 'cli';
  switch (`${command ?? ''} ${command === 'engineer' || command === 'user' ? (sub ?? '') : ''}`.trim()) {
    case 'engineer add':
      say(await createEngineer(ctx, { id: rest[0] ?? '', name: flags.name ?? '', hospitalIds: list(flags.hospitals) }, actor));
      return;
    case 'engineer assign':
      await assignHospitals(ctx, rest[0] ?? '', list(rest[1]), actor);
      say(await ctx.store.getEngineer(rest[0] ?? ''));
      return;
    case 'engineer list':
      say(await ctx.store.listEngineers());
      return;
    case 'code': {
      const { code, expiresAt } = await createEnrollmentCode(ctx, sub ?? '', parseDays(flags.days), actor);
      say(await handoverText(ctx, sub ?? '', code, expiresAt));
      return;
    }
    case 'devices':
      say((await ctx.store.listDevices()).map(({ certificatePem: _c, publicKeyPem: _k, ...d }) => d));
      return;
    case 'revoke':
      say((await revokeDevice(ctx, sub ?? '', actor)) ? `device ${sub} revoked` : `device ${sub} was already revoked`);
      return;
    case 'user add': {
      const role = flags.role ?? 'admin';
      await createConsoleUser(ctx, { username: rest[0] ?? '', password: await readPassword('password: '), role, hospitalIds: list(flags.hospitals) }, actor);
      say(`console user ${rest[0]} created (${role === 'reader' ? `reader of ${list(flags.hospitals).join(', ')}` : 'administrator'})`);
      return;
    }
    case 'user list':
      say((await ctx.store.listAdmins()).map(({ passwordHash: _p, ...u }) => u));
      return;
    case 'user password':
      await setAdminPassword(ctx, rest[0] ?? '', await readPassword('new password: '), actor);
      say(`password of ${rest[0]} changed`);
      return;
    case 'catalog': {
      const dir = sub ? path.resolve(sub) : DEFAULT_CATALOG_DIR;
      const result = await importCatalog(ctx, dir, actor);
      say({ dir, ...result });
      return;
    }
    case 'tls-cert': {
      if (!sub) throw new AdminError('tls-cert needs the folder to write the proxy certificate to');
      const names = (flags['tls-name'] ?? []).flatMap((n) => list(n));
      if (!names.length) throw new AdminError('tls-cert: name the addresses devices use, e.g. --tls-name office.example.cn --tls-name 10.0.0.5');
      const parsed = names.map((name) => {
        try {
          return parseServerName(name);
        } catch (error) {
          if (error instanceof TlsNameError) throw new AdminError(`--tls-name ${error.message}`);
          throw error;
        }
      });
      const issued = await issueProxyCertificate(ctx, parsed, sub, actor);
      say(`proxy certificate for ${names.join(', ')} written to ${issued.dir} (key.pem, cert.pem, ca.pem), valid until ${issued.notAfter}`);
      say(`office CA fingerprint: ${await officeCaFingerprint(ctx)}`);
      return;
    }
    default:
      throw new Error(`unknown admin command "${args.join(' ')}"\n${ADMIN_USAGE}`);
  }
}
