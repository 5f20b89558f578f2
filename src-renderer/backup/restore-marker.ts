/**
 * The restore-in-progress marker, localStorage `xunjian.restoreInProgress`: written before a restore
 * deletes the database, removed once the backup is imported. Found at start, it means the window
 * was reloaded, closed or crashed in between and the store may be empty or half imported: the app
 * shows a banner offering the before-restore backup (or the chosen backup again).
 */
export const RESTORE_MARKER_KEY = 'xunjian.restoreInProgress';

export interface RestoreMarker {
  /** The backup being restored. */
  file: string;
  /** The before-restore backup of what was there, or null when the store held nothing of the engineer's. */
  safety: string | null;
  startedAt: string;
}

export function readRestoreMarker(storage: Storage | undefined): RestoreMarker | null {
  const text = storage?.getItem(RESTORE_MARKER_KEY);
  if (!text) return null;
  try {
    const m = JSON.parse(text) as Partial<RestoreMarker>;
    if (typeof m.file !== 'string') return null;
    return { file: m.file, safety: typeof m.safety === 'string' ? m.safety : null, startedAt: typeof m.startedAt === 'string' ? m.startedAt : '' };
  } catch {
    // A marker we cannot read still says a restore did not finish.
    return { file: '', safety: null, startedAt: '' };
  }
}

/** Throws when it cannot be stored (a full storage): the restore must not start without it. */
export function writeRestoreMarker(storage: Storage, marker: RestoreMarker): void {
  storage.setItem(RESTORE_MARKER_KEY, JSON.stringify(marker));
}

export function clearRestoreMarker(storage: Storage | undefined): void {
  storage?.removeItem(RESTORE_MARKER_KEY);
}
