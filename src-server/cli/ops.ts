/**
 * The operations commands (issue 15): migrate, backup, restore, verify-store, move-to-postgres.
 * None starts the service; each prints what it did and ends with a non-zero code and one line on
 * failure (OpsError), having changed nothing already saved.
 */
import path from 'node:path';
import { openOffice } from '../context';
import { backupOffice } from '../ops/backup';
import { databaseProblem } from './failure-message';
import { OpsError } from '../ops/errors';
import { migrateStore, schemaState, type StoreTarget } from '../ops/migrate';
import { moveToPostgres } from '../ops/move-to-postgres';
import { restoreOffice } from '../ops/restore';
import { verifyStore, type StoredItemProblem } from '../ops/verify-store';
import { databaseLabel, isPostgresUrl, notPostgresUrl } from '../storage/open-store';

export const OPS_COMMANDS = ['migrate', 'backup', 'restore', 'verify-store', 'move-to-postgres'] as const;
export type OpsCommand = (typeof OPS_COMMANDS)[number];

export const OPS_USAGE = `operations (none starts the service; --data and --database as for serving):
  npm run server -- migrate [--check] [--data <dir>] [--database <url>]
      bring the store to this version's schema and print from → to; --check changes nothing and
      exits 0 when it is up to date, 3 when a migration is due
  npm run server -- backup --to <new dir> [--data <dir>] [--database <url>]
      while the service runs: SQLite's online backup of office.sqlite (its WAL included) and the
      blobs, or pg_dump --format=custom of the database (blobs are in it; the password goes to
      pg_dump in PGPASSWORD); plus the keys and published updates, and manifest.json with each
      file's SHA-256 (it detects damage, not tampering). The folder and files are 0700/0600;
      keys the store does not record as its own are refused. Keep backups as safe as the keys:
      they hold the office's private keys
  npm run server -- restore --from <backup dir> [--data <dir>] [--database <url>] [--force [--other-office]]
      checks every file against the manifest first, then restores into an empty data folder
      (SQLite) or an empty database and the data folder's keys (PostgreSQL). Stop the service
      first: refused while office.sqlite is open or office instances are connected to the
      database. --force replaces what the target holds, moving it to <data>/.replaced-<time>/
      (the database dumped there first); a target holding another office is refused unless
      --other-office is given too
  npm run server -- verify-store [--data <dir>] [--database <url>]
      re-checks every stored report (record hash, PDF hash and signature, signer), every version
      of every service record (hash; its signed documents' signatures and signers) and every
      deliverable entry (hash), each with its receipt and every blob's hash; prints the failures
      and exits 1 if there is any
  npm run server -- move-to-postgres --data <dir> --database <url>
      moves a SQLite office (stop its service first: office.sqlite must not be open elsewhere) into
      an empty PostgreSQL database: every table in one transaction, the blobs, the counters; then
      writes office.sqlite.moved, so the office no longer starts on SQLite; start it with
      --database <url> and the same data folder (its keys)`;

export interface OpsFlags {
  to?: string;
  from?: string;
  force?: boolean;
  'other-office'?: boolean;
  check?: boolean;
}

function needed(value: string | undefined, what: string): string {
  if (!value) throw new OpsError(what);
  return value;
}

/** Runs one command; the process's exit code comes back. Any failure is one line (OpsError), not a stack. */
export async function runOps(command: OpsCommand, target: StoreTarget, flags: OpsFlags): Promise<number> {
  try {
    return await runCommand(command, target, flags);
  } catch (error) {
    if (error instanceof OpsError || !(error instanceof Error)) throw error;
    throw new OpsError(`${command} failed: ${databaseProblem(error, target.database) ?? error.message.split('\n')[0]}`);
  }
}

async function runCommand(command: OpsCommand, target: StoreTarget, flags: OpsFlags): Promise<number> {
  if (target.database && !isPostgresUrl(target.database)) throw new OpsError(notPostgresUrl(target.database));
  // Host and database name only: what is printed can end in a journal or a ticket.
  const where = target.database ? databaseLabel(target.database) : path.join(target.dataDir, 'office.sqlite');
  switch (command) {
    case 'migrate': {
      if (flags.check) {
        const state = await schemaState(target);
        if (state.from > state.to) throw new OpsError(`${where} is schema ${state.from}, newer than this version (${state.to}): update the service`);
        console.log(state.from === state.to ? `${state.store} schema ${state.to}: up to date` : `${state.store} schema ${state.from}: migration to ${state.to} is due`);
        return state.from === state.to ? 0 : 3;
      }
      const done = await migrateStore(target);
      console.log(done.from === done.to ? `${done.store} schema ${done.to}: up to date, nothing to do` : `${done.store} schema ${done.from} → ${done.to}`);
      return 0;
    }
    case 'backup': {
      const to = path.resolve(needed(flags.to, 'backup needs --to <new folder>'));
      const manifest = await backupOffice(target, to);
      console.log(`backed up ${manifest.store} (schema ${manifest.schemaVersion}): ${manifest.counts.reports} reports, ${manifest.counts.blobs} blobs, ${manifest.files.length} files → ${to}`);
      return 0;
    }
    case 'restore': {
      const from = path.resolve(needed(flags.from, 'restore needs --from <backup folder>'));
      const manifest = await restoreOffice(target, from, { force: flags.force === true, otherOffice: flags['other-office'] === true });
      console.log(`restored the ${manifest.store} backup of ${manifest.createdAt} (${manifest.counts.reports} reports, ${manifest.counts.blobs} blobs) into ${where}; run verify-store before starting the office`);
      return 0;
    }
    case 'verify-store': {
      if ((await schemaState(target)).from === 0) throw new OpsError(`${where} holds no office to verify`);
      const ctx = await openOffice({ ...target, catalogDir: null });
      try {
        // On a terminal, how far it has come (a large office takes minutes); never in a log or a pipe.
        const verdict = await verifyStore(ctx, (kind, checked) => {
          if (process.stderr.isTTY) process.stderr.write(`checked ${checked} ${kind}s…\n`);
        });
        for (const failure of verdict.failed) {
          // A report keeps the line it always had (`FAILED <id> (<number>)`): scripts may read it.
          const what = failure.kind === 'report' ? failure.id : `${failure.kind} ${failure.id}`;
          console.log(`FAILED ${what} (${failure.label}): ${failure.problems.join('; ')}`);
        }
        const failedOf = (kind: StoredItemProblem['kind']) => verdict.failed.filter((f) => f.kind === kind).length;
        const tally = (kind: StoredItemProblem['kind'], count: number) => `${Math.max(0, count - failedOf(kind))} pass, ${failedOf(kind)} fail`;
        console.log(
          `verified ${verdict.reports} reports: ${tally('report', verdict.reports)}; ` +
            `service records: ${verdict.serviceRecords} (versions: ${verdict.serviceRecordVersions}), ${tally('service record', verdict.serviceRecords)}; ` +
            `deliverable entries: ${verdict.deliverables}, ${tally('deliverable', verdict.deliverables)}`,
        );
        return verdict.failed.length ? 1 : 0;
      } finally {
        await ctx.close();
      }
    }
    case 'move-to-postgres': {
      const database = needed(target.database, 'move-to-postgres needs --database <postgres:// URL of an empty database>');
      const summary = await moveToPostgres({ dataDir: target.dataDir, database });
      for (const t of summary.tables) console.log(`  ${t.table.padEnd(20)} ${String(t.sqlite).padStart(8)} → ${t.postgres}`);
      console.log(`  blobs                ${String(summary.blobs.folder).padStart(8)} → ${summary.blobs.postgres} (${summary.blobs.copied} written)`);
      console.log(`moved to ${databaseLabel(database)} (audit entry ${summary.auditSeq}); start the office with --database and the same data folder (its keys). office.sqlite and blobs/ are no longer used (office.sqlite.moved now stops an office from serving them): archive them`);
      return 0;
    }
  }
}
