import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { LIMITS } from '../../../src-shared/domain/limits';
import { repositories } from '../../db';
import type { AttachmentRow } from '../../db/rows';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { addPhotoFiles } from './photo';
import { photoProblem } from './photo-problem';
import { PhotoViewer } from './PhotoViewer';

/**
 * Photos of one answer: add (checked, resized, stored as a Blob), open large, remove. A problem
 * with a photo is said here, beside the photos, and goes when the item does (the component is
 * keyed by its answer), so it never follows the engineer to another item.
 */
export function Photos({
  inspectionId,
  answerId,
  readOnly,
  onChanged,
  min = 0,
  reserve = 0,
}: {
  inspectionId: string;
  answerId: string;
  readOnly: boolean;
  onChanged: (count: number) => void;
  /** A photo item's minPhotos: said beside the counter, and what is still missing. */
  min?: number;
  /** Photos the inspection keeps for its photo items not yet taken (attachments.add). */
  reserve?: number;
}) {
  const { t, locale } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const photos = useLiveQuery(() => repositories().attachments.listForAnswer(answerId), [answerId]);
  const count = photos?.length ?? 0;
  const full = count >= LIMITS.photosPerAnswer;

  async function add(files: FileList | null): Promise<void> {
    setProblem(null);
    setProblem(
      await addPhotoFiles(
        files,
        async (photo) => {
          await repositories().attachments.add({ inspectionId, answerId, blob: photo.blob, type: photo.blob.type, width: photo.width, height: photo.height }, { reserve });
          onChanged((await repositories().attachments.listForAnswer(answerId)).length);
        },
        (error) => photoProblem(t, locale, error),
      ),
    );
    if (input.current) input.current.value = '';
  }

  async function remove(id: string): Promise<void> {
    setProblem(null);
    try {
      await repositories().attachments.remove(id);
      onChanged((await repositories().attachments.listForAnswer(answerId)).length);
    } catch (error) {
      setProblem(describeError(locale, error));
    }
  }

  return (
    <div className="photos">
      <div className="thumbs" data-testid="photos">
        {photos?.map((p, i) => (
          <Thumb key={p.id} photo={p} onOpen={() => setOpen(i)} onRemove={readOnly ? undefined : () => void remove(p.id)} label={t('insp.removePhoto')} openLabel={t('insp.openPhoto', { n: i + 1 })} />
        ))}
      </div>
      {!readOnly && (
        <div className="photo-actions">
          <button type="button" onClick={() => input.current?.click()} disabled={full} data-testid="add-photo" aria-keyshortcuts="P">
            📷 {t('insp.addPhoto')} <kbd>P</kbd>
          </button>
          <span className={`counter${full ? ' warn' : ''}`} data-testid="photo-counter">
            {min > 1 ? t('insp.photoLimitMin', { count, max: LIMITS.photosPerAnswer, min }) : t('insp.photoLimit', { count, max: LIMITS.photosPerAnswer })}
          </span>
          <input ref={input} type="file" accept="image/*" capture="environment" multiple hidden onChange={(e) => void add(e.target.files)} data-testid="photo-input" />
        </div>
      )}
      {!readOnly && count > 0 && count < min && (
        <p className="field-error" data-testid="photo-missing">
          {t('insp.photoStillNeeded', { min, missing: min - count })}
        </p>
      )}
      {problem && (
        <p className="field-error" role="alert" data-testid="photo-problem">
          {problem}
        </p>
      )}
      {open !== null && photos && photos.length > 0 && <PhotoViewer photos={photos} index={Math.min(open, photos.length - 1)} onIndex={setOpen} onClose={() => setOpen(null)} />}
    </div>
  );
}

function Thumb({ photo, onOpen, onRemove, label, openLabel }: { photo: AttachmentRow; onOpen: () => void; onRemove: (() => void) | undefined; label: string; openLabel: string }) {
  const url = useMemo(() => URL.createObjectURL(photo.blob), [photo.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <figure>
      <button type="button" className="thumb" onClick={onOpen} aria-label={openLabel} data-testid="photo-thumb">
        <img src={url} alt="" width={96} />
      </button>
      {onRemove && (
        <button type="button" className="link" onClick={onRemove} aria-label={label}>
          ✕
        </button>
      )}
    </figure>
  );
}
