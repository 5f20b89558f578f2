/**
 * `npm run server -- [options]` starts the office service; `npm run server -- admin …`,
 * `npm run server -- import <file>` and the operations commands (migrate, backup, restore,
 * verify-store, move-to-postgres) work on the same data folder or database without starting it.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importBundleFile } from './bundle/import-bundle';
import { ADMIN_USAGE, joinDashedValues, runAdmin } from './cli/admin';
import { runUpdates, UPDATES_USAGE } from './cli/updates';
import { OPS_COMMANDS, OPS_USAGE, runOps, type OpsCommand } from './cli/ops';
import { failureMessage } from './cli/failure-message';
import { SERVE_USAGE, serveOptions, UsageError } from './cli/serve-options';
import { openOffice } from './context';
import { officeCaFingerprint } from './enroll-handover';
import { startOffice } from './start';
import { settleFills } from './dashboard/facts';

const USAGE = `usage:
${SERVE_USAGE}
  npm run server -- admin <command> [--data <dir>]
  npm run server -- import <bundle file> [--data <dir>]
  npm run server -- updates <command> [--data <dir>]
The data folder defaults to $XUNJIAN_DATA or ./office-data.
--database postgres://user:password@host/db (or $XUNJIAN_DATABASE) keeps records and blobs in
PostgreSQL instead of the data folder's SQLite file, for several instances (docs/deploy.md).
Serving, also: [--instance-name <name>] names this instance on every log line (default host:pid);
[--drain-seconds 5] on SIGTERM, /readyz answers 503 this long before the service closes.
GET /healthz (alive) and GET /readyz (the store answers, not shutting down) are for a load balancer.

${OPS_USAGE}

${ADMIN_USAGE}

${UPDATES_USAGE}`;

/** The database this run works on, so a failure to reach it can name it (never its password). */
let databaseInUse: string | undefined;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    args: joinDashedValues(process.argv.slice(2)),
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      name: { type: 'string' },
      catalog: { type: 'string' },
      'secure-cookies': { type: 'boolean' },
      tls: { type: 'boolean' },
      'tls-name': { type: 'string', multiple: true },
      'trust-proxy': { type: 'string', multiple: true },
      'enroll-rate-limit': { type: 'string' },
      'login-rate-limit': { type: 'string' },
      'verify-rate-limit': { type: 'string' },
      'public-url': { type: 'string' },
      hospitals: { type: 'string' },
      role: { type: 'string' },
      days: { type: 'string' },
      'allow-older': { type: 'boolean' },
      'instance-name': { type: 'string' },
      'drain-seconds': { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      force: { type: 'boolean' },
      'other-office': { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataDir = path.resolve(values.data ?? process.env.XUNJIAN_DATA ?? 'office-data');
  const [command, ...rest] = positionals;
  // PostgreSQL instead of the data folder's SQLite file (issue 15); the URL can hold a password, so the environment is the better place.
  const databaseUrl = values.database ?? process.env.XUNJIAN_DATABASE;
  databaseInUse = databaseUrl;
  const database = databaseUrl ? { database: databaseUrl } : {};

  if ((OPS_COMMANDS as readonly string[]).includes(command ?? '')) {
    process.exitCode = await runOps(command as OpsCommand, { dataDir, database: databaseUrl }, values);
    return;
  }
  if (command === 'admin' || command === 'import' || command === 'updates') {
    const ctx = await openOffice({ dataDir, ...database, ...(values.name ? { officeName: values.name } : {}) });
    try {
      if (command === 'admin') await runAdmin(ctx, rest, values);
      else if (command === 'updates') await runUpdates(ctx, dataDir, rest, { allowOlder: values['allow-older'] === true });
      else {
        if (!rest[0]) throw new Error('import needs a bundle file');
        const result = await importBundleFile(ctx, path.resolve(rest[0]), 'cli');
        console.log(JSON.stringify(result, null, 2));
        if (result.results.some((r) => r.status === 'refused')) process.exitCode = 1;
      }
    } finally {
      // The dashboard's rows of what was imported (dashboard/facts.ts), before the store closes.
      await settleFills(ctx);
      await ctx.close();
    }
    return;
  }
  if (command !== undefined && command !== 'serve') throw new Error(`unknown command "${command}"\n${USAGE}`);

  const drainSeconds = Number(values['drain-seconds'] ?? 5);
  if (!/^\d+$/.test(values['drain-seconds'] ?? '5') || drainSeconds > 600) throw new UsageError('--drain-seconds: a whole number of seconds, 0 to 600');
  const running = await startOffice({
    dataDir,
    ...database,
    ...serveOptions(values),
    ...(values['instance-name'] ? { instanceName: values['instance-name'] } : {}),
    ...(values.catalog ? { catalogDir: path.resolve(values.catalog) } : {}),
  });
  console.log(`Xunjian office service: ${running.url}/console (data in ${dataDir})`);
  // Beside every enrollment code (admin code prints it too): the device pins the CA it names.
  if (running.url.startsWith('https:')) console.log(`office CA fingerprint: ${await officeCaFingerprint(running.ctx)}`);
  // First signal: not ready, drain, close with the requests in flight finishing. A second one does
  // not wait, unless it comes within a second of the first: `systemctl stop` signals every process
  // of the unit at once and tsx (npm run server) passes its own on, so one stop arrives twice.
  // Ctrl+C at a terminal has no balancer to wait for.
  let stoppingSince: number | undefined;
  const stop = (drainMs: number): void => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince >= 1000) process.exit(1);
      return;
    }
    stoppingSince = Date.now();
    void running.shutdown(drainMs).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(drainSeconds * 1000));
}

/** node:util parseArgs refuses an option without its value, or one it does not know, with these codes. */
const isArgumentError = (error: unknown): boolean => String((error as { code?: unknown }).code ?? '').startsWith('ERR_PARSE_ARGS');

main().catch((error: unknown) => {
  if (isArgumentError(error)) {
    console.error(`${(error as Error).message}\n(npm run server -- --help lists the options)`);
    process.exit(1);
  }
  console.error(failureMessage(error, databaseInUse));
  process.exit(1);
});
