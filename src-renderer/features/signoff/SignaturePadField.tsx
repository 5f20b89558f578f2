/**
 * A handwritten signature box: signature_pad on a canvas sized for the screen's pixel density,
 * `touch-action: none` so a finger or pen draws instead of scrolling. Reports the strokes (kept
 * as evidence) and the moment the signer last lifted the pen.
 */
import { useEffect, useRef } from 'react';
import SignaturePad from 'signature_pad';
import { useT } from '../../i18n/i18n';

export interface InkValue {
  /** signature_pad point groups as JSON; '' when the box is empty. */
  strokes: string;
  /** PNG data URL of the drawing. */
  png: string;
  /** ISO time of the last stroke. */
  at: string;
}

export function SignaturePadField({ id, label, onChange, disabled }: { id: string; label: string; onChange: (ink: InkValue | null) => void; disabled?: boolean }) {
  const { t } = useT();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignaturePad | null>(null);
  const report = useRef(onChange);
  report.current = onChange;

  useEffect(() => {
    const el = canvas.current!;
    const signature = new SignaturePad(el, { penColor: '#0b1f66', minWidth: 0.8, maxWidth: 2.6 });
    pad.current = signature;
    // The backing store must match device pixels or strokes look blurred on high-DPI screens;
    // resizing clears a canvas, so the strokes are redrawn from their data.
    const fit = (): void => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = signature.toData();
      el.width = el.offsetWidth * ratio;
      el.height = el.offsetHeight * ratio;
      el.getContext('2d')!.scale(ratio, ratio);
      signature.clear();
      if (data.length > 0) signature.fromData(data);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(el);
    signature.addEventListener('endStroke', () => {
      report.current(signature.isEmpty() ? null : { strokes: JSON.stringify(signature.toData()), png: signature.toDataURL('image/png'), at: new Date().toISOString() });
    });
    return () => {
      observer.disconnect();
      signature.off();
    };
  }, []);

  useEffect(() => {
    if (disabled) pad.current?.off();
    else pad.current?.on();
  }, [disabled]);

  return (
    <div className="signature-field">
      <canvas ref={canvas} className="signature-pad" aria-label={label} data-testid={`pad-${id}`} />
      <button
        type="button"
        className="link"
        disabled={disabled}
        onClick={() => {
          pad.current?.clear();
          report.current(null);
        }}
        data-testid={`clear-${id}`}
      >
        {t('sign.clear')}
      </button>
    </div>
  );
}
