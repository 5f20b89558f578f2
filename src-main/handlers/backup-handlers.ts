/**
 * The handlers of `backupChannels` (issue 13): backups live in `<dataDir>/backups/`, under Electron
 * and the loopback host alike. Only opening the folder needs the desktop shell.
 */
import path from 'node:path';
import type { backupChannels } from '../../src-shared/rpc/backup-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { checkBackup, readBackupChunk } from '../backup/backup-check';
import { listBackups } from '../backup/backup-files';
import { backupWriter } from '../backup/backup-writer';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export interface BackupPorts {
  /** Shows the folder in the OS file manager (Electron's shell.openPath). */
  openBackupFolder: (dir: string) => Promise<void>;
}

export function backupHandlers(ctx: MainContext): Pick<Handlers, keyof typeof backupChannels> {
  const dir = path.join(ctx.dataDir, 'backups');
  const writer = backupWriter({ dir, appVersion: ctx.version, log: ctx.log });
  return {
    'backup.list': async () => ({ dir, backups: await listBackups(dir), canOpenFolder: !!ctx.desktop?.openBackupFolder }),
    'backup.begin': ({ reason, schemaVersion }) => writer.begin(reason, schemaVersion),
    'backup.append': ({ session, index, sha256, data }) => writer.append(session, index, sha256, data),
    'backup.commit': ({ session, ...expect }) => writer.commit(session, expect),
    'backup.abort': async ({ session }) => {
      await writer.abort(session);
      return { ok: true as const };
    },
    'backup.check': ({ file }) => checkBackup(dir, file),
    'backup.read': async ({ file, offset }) => {
      try {
        return await readBackupChunk(dir, file, offset);
      } catch (error) {
        throw new RpcFailure('internal', `backup ${file} unreadable: ${(error as Error).message}`);
      }
    },
    'backup.openFolder': async () => {
      const openBackupFolder = ctx.desktop?.openBackupFolder;
      if (!openBackupFolder) return { supported: false };
      await openBackupFolder(dir);
      return { supported: true };
    },
  };
}
