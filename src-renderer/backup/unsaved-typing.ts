/**
 * localStorage entries a backup carries (in its sidecar and inside the export itself):
 * - typing that may not be in the database yet: the typing journal (notes, text answers, sign-off
 *   fields, typing-journal.ts) and the new service record form (form-draft.ts). A restore puts back
 *   exactly what the backup had, since it belongs to the database state being restored;
 * - names the user typed once and the app offers again: the engineer's name
 *   (NewInspectionScreen, service steps, period pages) and the device name given at enrolment
 *   (EnrollPanel). A restore puts them back when the backup has them and otherwise leaves them.
 * The UI language (`xunjian.locale`) is not carried: it belongs to whoever uses this machine now.
 */
export const UNSAVED_TYPING_KEYS = ['xunjian.typing', 'xunjian.serviceDraft'] as const;
export const PREFERENCE_KEYS = ['xunjian.engineer', 'xunjian.deviceName'] as const;

export function snapshotUnsavedTyping(storage: Storage | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!storage) return out;
  for (const key of [...UNSAVED_TYPING_KEYS, ...PREFERENCE_KEYS]) {
    const value = storage.getItem(key);
    if (value !== null) out[key] = value;
  }
  return out;
}

export function restoreUnsavedTyping(storage: Storage | undefined, saved: Record<string, string>): void {
  if (!storage) return;
  const put = (key: string, value: string | undefined) => {
    try {
      if (typeof value === 'string') storage.setItem(key, value);
      else storage.removeItem(key);
    } catch {
      // Full storage: the database is restored; only the unsaved instant is lost.
    }
  };
  for (const key of UNSAVED_TYPING_KEYS) put(key, saved[key]);
  for (const key of PREFERENCE_KEYS) if (typeof saved[key] === 'string' && saved[key] !== '') put(key, saved[key]);
}
