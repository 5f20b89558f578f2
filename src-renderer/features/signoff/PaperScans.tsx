/**
 * Where no screen can be signed on, the sheet is printed, signed in ink (and stamped), and a
 * photo or scan of it is kept with the inspection. These pictures are evidence beside the
 * record, not part of it, so they can be added after signing without touching the signed hash.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useRef, useState } from 'react';
import { LIMITS } from '../../../src-shared/domain/limits';
import { repositories } from '../../db';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { PhotoError, preparePhoto } from '../inspection/photo';

export function PaperScans({ inspectionId }: { inspectionId: string }) {
  const { t, locale } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const scans = useLiveQuery(() => repositories().attachments.paperScans(inspectionId), [inspectionId]);
  const urls = useMemo(() => (scans ?? []).map((s) => ({ id: s.id, url: URL.createObjectURL(s.blob) })), [scans]);

  async function add(files: FileList | null): Promise<void> {
    setProblem(null);
    for (const file of Array.from(files ?? [])) {
      try {
        const photo = await preparePhoto(file);
        await repositories().attachments.addPaperScan(inspectionId, photo);
      } catch (error) {
        setProblem(
          error instanceof PhotoError
            ? t(error.reason === 'too_large' ? 'insp.photo.tooLarge' : 'insp.photo.notImage', { name: error.fileName, size: error.sizeMb })
            : describeError(locale, error),
        );
      }
    }
    if (input.current) input.current.value = '';
  }

  return (
    <section className="paper-scans">
      <h2>{t('paper.title')}</h2>
      <p className="muted">{t('paper.hint')}</p>
      <div className="thumbs" data-testid="paper-scans">
        {urls.map((u) => (
          <img key={u.id} src={u.url} alt={t('paper.title')} />
        ))}
      </div>
      {problem && <p className="banner error" role="alert">{problem}</p>}
      <p className="photo-actions">
        <button type="button" onClick={() => input.current?.click()} disabled={(scans?.length ?? 0) >= LIMITS.paperScans} data-testid="add-paper-scan">
          {t('paper.add')}
        </button>
        <span className="counter" data-testid="paper-counter">
          {t('insp.photoLimit', { count: scans?.length ?? 0, max: LIMITS.paperScans })}
        </span>
      </p>
      <input ref={input} type="file" accept="image/*" capture="environment" hidden onChange={(e) => void add(e.target.files)} data-testid="paper-input" />
    </section>
  );
}
