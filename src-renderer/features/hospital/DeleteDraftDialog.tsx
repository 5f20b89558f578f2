import { useEffect, useRef, useState } from 'react';
import { repositories } from '../../db';
import type { DraftContents } from '../../db/repositories/drafts';
import { StoreError } from '../../db/store-error';
import { describeError } from '../../i18n/errors';
import { useT, type Translator } from '../../i18n/i18n';

/** The refusal in words for a deletion, which the store's general sentences ("cannot be changed") fit less well. */
function refusal({ t, locale }: Translator, error: unknown): string {
  if (error instanceof EditedElsewhere) return t('find.delete.locked');
  if (error instanceof StoreError && error.code === 'signed') return t('find.delete.signed');
  if (error instanceof StoreError && error.code === 'not_draft') return t('find.delete.notDraft');
  return describeError(locale, error);
}

class EditedElsewhere extends Error {}

/**
 * Runs `work` holding the inspection's edit lock (the name features/inspection/edit-lock.ts
 * uses), so a draft open in another window is not deleted from under the engineer working in it,
 * and that window cannot open it half-way through the deletion.
 */
async function withEditLock<T>(inspectionId: string, work: () => Promise<T>): Promise<T> {
  if (!('locks' in navigator)) return work();
  return navigator.locks.request(`xunjian:inspection:${inspectionId}`, { ifAvailable: true }, async (lock) => {
    if (!lock) throw new EditedElsewhere();
    return work();
  });
}

interface Props {
  inspectionId: string;
  /** What the engineer sees of the draft: its date, engineer and what it covers. */
  summary: string;
  onClose(): void;
}

/** Asks before deleting a draft, saying what goes with it; refusals are shown, never thrown away. */
export function DeleteDraftDialog({ inspectionId, summary, onClose }: Props) {
  const tr = useT();
  const { t } = tr;
  const dialog = useRef<HTMLDialogElement>(null);
  const [contents, setContents] = useState<DraftContents | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
    repositories()
      .drafts.contents(inspectionId)
      .then(setContents, setProblem);
  }, [inspectionId]);

  async function remove(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      await withEditLock(inspectionId, () => repositories().drafts.delete(inspectionId));
      onClose();
    } catch (error) {
      setProblem(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialog} className="confirm" onClose={onClose} data-testid="delete-dialog">
      <h2>{t('find.delete.title')}</h2>
      <p>{summary}</p>
      {contents && <p data-testid="delete-lost">{t('find.delete.lost', { answers: contents.answers, photos: contents.photos })}</p>}
      {problem !== null && (
        <p className="banner error" role="alert" data-testid="delete-problem">
          {refusal(tr, problem)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={() => dialog.current?.close()} data-testid="delete-cancel" autoFocus>
          {t('find.delete.cancel')}
        </button>
        <button type="button" className="danger" disabled={busy || contents === null} onClick={() => void remove()} data-testid="delete-confirm">
          {t('find.delete.confirm')}
        </button>
      </div>
    </dialog>
  );
}
