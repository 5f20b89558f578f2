import { useEffect, useMemo, useRef } from 'react';
import type { AttachmentRow } from '../../db/rows';
import { useT } from '../../i18n/i18n';

/**
 * A photo shown as large as the window allows, in a modal dialog: ← and → step through the
 * item's photos, Esc (or the button, or a click beside the photo) closes it. While it is open,
 * the inspection's own keys (1/2/3, Enter, Backspace) do nothing (InspectionScreen checks).
 */
export function PhotoViewer({ photos, index, onIndex, onClose }: { photos: AttachmentRow[]; index: number; onIndex: (i: number) => void; onClose: () => void }) {
  const { t } = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const photo = photos[index]!;
  const url = useMemo(() => URL.createObjectURL(photo.blob), [photo.blob]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const step = (by: number): void => onIndex((index + by + photos.length) % photos.length);
  return (
    <dialog
      ref={dialog}
      className="photo-viewer"
      aria-label={t('insp.photoOf', { n: index + 1, total: photos.length })}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === dialog.current) dialog.current.close();
      }}
      onKeyDown={(e) => {
        if (e.key === 'ArrowRight') step(1);
        else if (e.key === 'ArrowLeft') step(-1);
      }}
      data-testid="photo-viewer"
    >
      <img src={url} alt={t('insp.photoOf', { n: index + 1, total: photos.length })} />
      <footer>
        <span>{t('insp.photoOf', { n: index + 1, total: photos.length })} · {photo.width}×{photo.height}</span>
        {photos.length > 1 && (
          <>
            <button type="button" onClick={() => step(-1)} aria-label={t('insp.prevPhoto')}>
              ←
            </button>
            <button type="button" onClick={() => step(1)} aria-label={t('insp.nextPhoto')}>
              →
            </button>
          </>
        )}
        <button type="button" className="primary" onClick={() => dialog.current?.close()} autoFocus data-testid="photo-viewer-close">
          {t('insp.closePhoto')}
        </button>
      </footer>
    </dialog>
  );
}
