/** What the About screen and the app's banner show about backups while the app runs (not stored). */
import { create } from 'zustand';
import type { BackupReason } from '../../src-shared/rpc/backup-channels';
import type { RestoreMarker } from './restore-marker';

interface BackupState {
  /** The reason of the backup being written now, if any. */
  running: BackupReason | null;
  /** Set when the backup before a schema upgrade could not be written (the upgrade went on). */
  preUpgradeFailure: string | null;
  /** A restore that did not finish (its marker was found at start): the banner offers to recover. */
  interruptedRestore: RestoreMarker | null;
  /** Bumped after every backup written, so the list reloads. */
  written: number;
  set(patch: Partial<Omit<BackupState, 'set'>>): void;
}

export const useBackupState = create<BackupState>((set) => ({
  running: null,
  preUpgradeFailure: null,
  interruptedRestore: null,
  written: 0,
  set: (patch) => set(patch),
}));
