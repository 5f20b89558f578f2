/**
 * A record's photos held on this device (those copied from the failed item, and any added here),
 * and a button to add more. Photos are resized like an inspection's (inspection/photo.ts) and
 * kept with the record; a photo another device took stays at the office and is counted only.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { SERVICE_LIMITS } from '../../../src-shared/service/record';
import { repositories } from '../../db';
import type { ServiceAttachmentRow, ServiceRecordRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';
import { addPhotoFiles } from '../inspection/photo';
import { photoProblem } from '../inspection/photo-problem';

function Thumb({ photo, label }: { photo: ServiceAttachmentRow; label: string }) {
  const url = useMemo(() => URL.createObjectURL(photo.blob), [photo.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return (
    <figure>
      <a href={url} target="_blank" rel="noreferrer" aria-label={label} data-testid="record-photo">
        <img src={url} alt="" width={96} />
      </a>
    </figure>
  );
}

export function RecordPhotos({ row, readOnly }: { row: ServiceRecordRow; readOnly: boolean }) {
  const { t, locale } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const held = useLiveQuery(() => repositories().serviceRecords.photos(row.id), [row.id, row.record.photos.length]);
  const total = row.record.photos.length;
  const elsewhere = total - (held?.length ?? 0);

  async function add(files: FileList | null): Promise<void> {
    setProblem(null);
    setProblem(await addPhotoFiles(files, async (photo) => void (await repositories().serviceRecords.addPhoto(row.id, photo.blob)), (error) => photoProblem(t, locale, error)));
    if (input.current) input.current.value = '';
  }

  return (
    <section className="panel" data-testid="record-photos">
      <h2>{t('svc.record.photos')}</h2>
      {total === 0 ? <p className="muted">{t('svc.record.noPhotos')}</p> : <p className="muted">{t('svc.record.photoCount', { count: total })}</p>}
      <div className="thumbs">
        {held?.map((p, i) => <Thumb key={p.id} photo={p} label={t('insp.openPhoto', { n: i + 1 })} />)}
      </div>
      {elsewhere > 0 && <p className="muted small">{t('svc.record.photosElsewhere', { count: elsewhere })}</p>}
      {!readOnly && total < SERVICE_LIMITS.photos && (
        <label className="button">
          {t('svc.record.addPhoto')}
          <input ref={input} type="file" accept="image/*" multiple hidden onChange={(e) => void add(e.target.files)} data-testid="record-photo-input" />
        </label>
      )}
      {problem && <p className="field-error" role="alert">{problem}</p>}
    </section>
  );
}
