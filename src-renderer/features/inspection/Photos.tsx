import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef } from 'react';
import { repositories } from '../../db';
import type { AttachmentRow } from '../../db/rows';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { PhotoError, preparePhoto } from './photo';
import { useInspection } from './store';

/** Photos of one answer: add (checked, resized, stored as a Blob), view, remove. */
export function Photos({ inspectionId, answerId, readOnly, onChanged }: { inspectionId: string; answerId: string; readOnly: boolean; onChanged: (count: number) => void }) {
  const { t, locale } = useT();
  const input = useRef<HTMLInputElement>(null);
  const setNotice = useInspection((s) => s.setNotice);
  const photos = useLiveQuery(() => repositories().attachments.listForAnswer(answerId), [answerId]);

  async function add(files: FileList | null): Promise<void> {
    for (const file of Array.from(files ?? [])) {
      try {
        const photo = await preparePhoto(file);
        await repositories().attachments.add({ inspectionId, answerId, blob: photo.blob, type: photo.blob.type, width: photo.width, height: photo.height });
        onChanged((await repositories().attachments.listForAnswer(answerId)).length);
      } catch (error) {
        const text =
          error instanceof PhotoError
            ? t(error.reason === 'too_large' ? 'insp.photo.tooLarge' : 'insp.photo.notImage', { name: error.fileName, size: error.sizeMb })
            : describeError(locale, error);
        setNotice({ kind: 'error', text });
      }
    }
    if (input.current) input.current.value = '';
  }

  async function remove(id: string): Promise<void> {
    try {
      await repositories().attachments.remove(id);
      onChanged((await repositories().attachments.listForAnswer(answerId)).length);
    } catch (error) {
      setNotice({ kind: 'error', text: describeError(locale, error) });
    }
  }

  return (
    <div className="photos">
      <div className="thumbs" data-testid="photos">
        {photos?.map((p) => (
          <Thumb key={p.id} photo={p} onRemove={readOnly ? undefined : () => void remove(p.id)} label={t('insp.removePhoto')} />
        ))}
      </div>
      {!readOnly && (
        <>
          <button type="button" onClick={() => input.current?.click()} data-testid="add-photo">
            📷 {t('insp.addPhoto')}
          </button>
          <input ref={input} type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => void add(e.target.files)} data-testid="photo-input" />
        </>
      )}
    </div>
  );
}

function Thumb({ photo, onRemove, label }: { photo: AttachmentRow; onRemove: (() => void) | undefined; label: string }) {
  const url = useMemo(() => URL.createObjectURL(photo.blob), [photo.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <figure>
      <img src={url} alt="" width={96} />
      {onRemove && (
        <button type="button" className="link" onClick={onRemove} aria-label={label}>
          ✕
        </button>
      )}
    </figure>
  );
}
