/**
 * Typing kept in localStorage that may not be in the database yet: the typing journal (notes, text
 * answers, sign-off fields, typing-journal.ts) and the new service record form (form-draft.ts).
 * A backup carries it in its sidecar; a restore puts back exactly what the backup had, since it
 * belongs to the database state being restored.
 */
export const UNSAVED_TYPING_KEYS = ['xunjian.typing', 'xunjian.serviceDraft'] as const;

export function snapshotUnsavedTyping(storage: Storage | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!storage) return out;
  for (const key of UNSAVED_TYPING_KEYS) {
    const value = storage.getItem(key);
    if (value !== null) out[key] = value;
  }
  return out;
}

export function restoreUnsavedTyping(storage: Storage | undefined, saved: Record<string, string>): void {
  if (!storage) return;
  for (const key of UNSAVED_TYPING_KEYS) {
    const value = saved[key];
    try {
      if (typeof value === 'string') storage.setItem(key, value);
      else storage.removeItem(key);
    } catch {
      // Full storage: the database is restored; only the unsaved instant is lost.
    }
  }
}
