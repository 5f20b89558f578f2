/** What the About screen and the app's banner show about backups while the app runs (not stored). */
import { create } from 'zustand';
import type { BackupReason } from '../../src-shared/rpc/backup-channels';

interface BackupState {
  /** The reason of the backup being written now, if any. */
  running: BackupReason | null;
  /** Set when the backup before a schema upgrade could not be written (the upgrade went on). */
  preUpgradeFailure: string | null;
  /** Bumped after every backup written, so the list reloads. */
  written: number;
  set(patch: Partial<Omit<BackupState, 'set'>>): void;
}

export const useBackupState = create<BackupState>((set) => ({
  running: null,
  preUpgradeFailure: null,
  written: 0,
  set: (patch) => set(patch),
}));
