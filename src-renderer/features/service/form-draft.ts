/**
 * The new-record form as it is typed, kept in localStorage on every keystroke (synchronously, as
 * the typing journal does for notes) and dropped once the record is stored. A reload or a closed
 * window mid-form brings the form back as it was.
 */
const KEY = 'xunjian.serviceDraft';

export interface ServiceFormValues {
  hospitalId: string;
  contractId: string;
  /** `system:<id>`, `asset:<id>` or `contract`. */
  subject: string;
  kind: string;
  levelId: string;
  reporterName: string;
  reporterDepartment: string;
  reporterPhone: string;
  channel: string;
  /** datetime-local text, local time. */
  reportedAt: string;
  title: string;
  description: string;
  engineer: string;
}

export function loadDraft(storage: Storage = localStorage): Partial<ServiceFormValues> | null {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (!parsed || typeof parsed !== 'object') return null;
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Partial<ServiceFormValues>;
  } catch {
    return null;
  }
}

export function saveDraft(values: Partial<ServiceFormValues>, storage: Storage = localStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(values));
  } catch {
    // Full or disabled storage: the form still works, only a reload would lose it.
  }
}

export function dropDraft(storage: Storage = localStorage): void {
  storage.removeItem(KEY);
}

/** A draft worth restoring has something typed in it, not just the choices the form starts with. */
export const hasTyping = (d: Partial<ServiceFormValues> | null): boolean =>
  !!d && [d.title, d.description, d.reporterName, d.reporterDepartment, d.reporterPhone].some((v) => (v ?? '').trim() !== '');
