/**
 * Offline export: every unsynced report in one signed bundle file for a USB stick. Under Electron
 * the main process asks where to save it; in the web host the page downloads the bytes.
 */
import { useState } from 'react';
import { base64ToBytes } from '../../../src-shared/sync/base64';
import { useT } from '../../i18n/i18n';
import { describeOutboxError, describeSyncCallError } from './describe';
import { exportBundle } from './sync-service';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

function download(fileName: string, base64: string): void {
  const url = URL.createObjectURL(new Blob([base64ToBytes(base64) as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportPanel({ enrolled }: { enrolled: boolean }) {
  const { t, locale } = useT();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string; skipped: string[] } | null>(null);

  async function run(): Promise<void> {
    setBusy(true);
    setMessage(null);
    try {
      const { outcome, problems } = await exportBundle();
      const skipped = problems.map((p) => `${p.recordId}: ${describeOutboxError(locale, { code: p.code, message: p.message })}`);
      if (outcome.kind === 'nothing') setMessage({ kind: 'info', text: t('sync.export.nothing'), skipped });
      else if (outcome.kind === 'cancelled') setMessage({ kind: 'info', text: t('sync.export.cancelled'), skipped });
      else if (outcome.kind === 'saved') setMessage({ kind: 'info', text: t('sync.export.saved', { reports: outcome.reports, size: mb(outcome.bytes), path: outcome.path }), skipped });
      else {
        download(outcome.fileName, outcome.base64);
        setMessage({ kind: 'info', text: t('sync.export.downloaded', { reports: outcome.reports, size: mb(outcome.bytes) }), skipped });
      }
    } catch (error) {
      setMessage({ kind: 'error', text: describeSyncCallError(locale, error), skipped: [] });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel" data-testid="export-panel">
      <h2>{t('sync.export.title')}</h2>
      <p className="muted">{t('sync.export.hint')}</p>
      <button type="button" disabled={!enrolled || busy} onClick={() => void run()} data-testid="export-bundle">
        {busy ? t('sync.export.busy') : t('sync.export.button')}
      </button>
      {message && (
        <div className={`banner ${message.kind}`} role={message.kind === 'error' ? 'alert' : undefined} data-testid="export-result">
          {message.text}
          {message.skipped.length > 0 && (
            <>
              <br />
              {t('sync.export.skipped', { count: message.skipped.length })}
              <ul>
                {message.skipped.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
