/**
 * 检查更新: what the office the device is enrolled with offers, downloaded and installed only when
 * the engineer presses the button for that version (src-main/electron/updater.ts). Installing
 * closes the app: a confirm step says so first. In the browser host, updates are the IT office's.
 */
import { useEffect, useState } from 'react';
import type { UpdateErrorCode, UpdateStatus, UpdateUnsupported } from '../../../src-shared/rpc/update-channels';
import type { MessageKey } from '../../../src-shared/i18n/zh-CN';
import { useT } from '../../i18n/i18n';
import { describeError } from '../../i18n/errors';
import { invoke } from '../../platform/invoke';

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

const ERROR_KEYS: Record<UpdateErrorCode, MessageKey> = {
  not_enrolled: 'update.error.not_enrolled',
  unreachable: 'update.error.unreachable',
  certificate: 'update.error.certificate',
  unauthorized: 'update.error.unauthorized',
  not_published: 'update.error.not_published',
  invalid_release: 'update.error.invalid_release',
  hash_mismatch: 'update.error.hash_mismatch',
  signature_invalid: 'update.error.signature_invalid',
  failed: 'update.error.failed',
};

const UNSUPPORTED = {
  host: 'update.unsupported.host',
  not_packaged: 'update.unsupported.notPackaged',
  platform: 'update.unsupported.platform',
  install_kind: 'update.unsupported.installKind',
} as const satisfies Record<UpdateUnsupported, MessageKey>;

export function UpdateSection() {
  const { t, locale } = useT();
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  // The error itself, put into words at render time so it follows a language switch.
  const [callError, setCallError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);

  const run = async (call: () => Promise<UpdateStatus>): Promise<void> => {
    setCallError(null);
    try {
      setStatus(await call());
    } catch (error) {
      setCallError(error);
    }
  };

  useEffect(() => {
    void run(() => invoke('update.status', {}));
    // Only on opening the screen: a check asks the office, which the engineer does with the button.
  }, []);

  const downloading = status?.supported === true && status.state === 'downloading';
  useEffect(() => {
    if (!downloading) return undefined;
    const timer = setInterval(() => void run(() => invoke('update.status', {})), 500);
    return () => clearInterval(timer);
  }, [downloading]);

  if (status === null) return null;
  if (!status.supported) {
    return (
      <section className="panel" data-testid="update-section">
        <h2>{t('update.title')}</h2>
        <p className="muted" data-testid="update-unsupported">
          {t(UNSUPPORTED[status.reason])}
        </p>
      </section>
    );
  }

  const busy = status.state === 'checking' || status.state === 'downloading' || status.state === 'installing';
  return (
    <section className="panel" data-testid="update-section">
      <h2>{t('update.title')}</h2>
      <p>{t('update.current', { version: status.currentVersion })}</p>
      {status.needsAdmin && (
        <p className="muted" data-testid="update-needs-admin">
          {t('update.needsAdmin')}
        </p>
      )}
      <button type="button" disabled={busy} onClick={() => void run(() => invoke('update.check', {}))} data-testid="update-check">
        {status.state === 'checking' ? t('update.checking') : t('update.check')}
      </button>
      {status.state === 'not-available' && <p data-testid="update-none">{t('update.none', { version: status.version })}</p>}
      {(status.state === 'available' || status.state === 'downloading' || status.state === 'downloaded') && (
        <div className="banner info" data-testid="update-offer">
          <strong>{t('update.offer', { version: status.version })}</strong>
          {status.size !== null && <span> {t('update.size', { size: mb(status.size) })}</span>}
          {status.releaseNotes && <p className="update-notes">{status.releaseNotes}</p>}
        </div>
      )}
      {status.state === 'available' && (
        <button type="button" onClick={() => void run(() => invoke('update.download', { version: status.version }))} data-testid="update-download">
          {t('update.download')}
        </button>
      )}
      {status.state === 'downloading' && (
        <p data-testid="update-progress">
          <progress max={100} value={status.percent} /> {t('update.downloading', { percent: status.percent })}
        </p>
      )}
      {status.state === 'downloaded' && !confirming && (
        <button type="button" onClick={() => setConfirming(true)} data-testid="update-install">
          {t('update.install')}
        </button>
      )}
      {status.state === 'downloaded' && confirming && (
        <div className="banner warn" role="alertdialog" data-testid="update-confirm">
          <p>{t('update.confirm', { version: status.version })}</p>
          <button type="button" onClick={() => void run(() => invoke('update.install', { version: status.version }))} data-testid="update-confirm-install">
            {t('update.confirm.yes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)} data-testid="update-confirm-cancel">
            {t('update.confirm.no')}
          </button>
        </div>
      )}
      {status.state === 'installing' && <p data-testid="update-installing">{t('update.installing', { version: status.version })}</p>}
      {status.state === 'error' && (
        <div className="banner error" role="alert" data-testid="update-error">
          {t(ERROR_KEYS[status.code])}
        </div>
      )}
      {callError !== null && (
        <div className="banner error" role="alert" data-testid="update-call-error">
          {describeError(locale, callError)}
        </div>
      )}
    </section>
  );
}
