/**
 * 签名密钥 on the About screen (issue 13, point 5): whether the OS still opens the device's sealed
 * signing key and office token, and, when it does not (a Windows password reset by an
 * administrator, a copied profile), the way back: the old material is set aside in
 * keys/retired/ (key.recover) and the engineer enrols again under 办公室同步.
 */
import { useEffect, useState } from 'react';
import type { KeyRecovered, KeyStatus } from '../../../src-shared/rpc/key-channels';
import { hrefOf } from '../../app/routes';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { invoke, PlatformError } from '../../platform/invoke';

/** True when a failure is the OS refusing to open a sealed secret: show the link to this section. */
export const isKeyUnreadable = (error: unknown): boolean => error instanceof PlatformError && error.error.code === 'key_unreadable';

/** The link an error message carries to this section. */
export function KeyRecoveryLink() {
  const { t } = useT();
  return (
    <a className="link" href={hrefOf({ name: 'about' })} data-testid="key-recovery-link">
      {t('keyrecovery.link')}
    </a>
  );
}

export function KeySection() {
  const { t, locale } = useT();
  const [status, setStatus] = useState<KeyStatus | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<KeyRecovered | null>(null);
  // The error itself, put into words at render time so it follows a language switch.
  const [problem, setProblem] = useState<unknown>(null);

  const load = async (): Promise<void> => {
    try {
      setStatus(await invoke('key.status', {}));
    } catch (e) {
      setProblem(e);
    }
  };
  useEffect(() => {
    void load();
    // Asked once when the screen opens; a recovery asks again.
  }, []);

  async function recover(): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      setDone(await invoke('key.recover', { confirm: true }));
      setConfirming(false);
      await load();
    } catch (e) {
      setProblem(e);
    } finally {
      setBusy(false);
    }
  }

  const secretNames = (status?.unreadable ?? []).map((s) => t(`keyrecovery.secret.${s}`)).join('、');
  return (
    <section className="panel" id="signing-key" data-testid="key-section">
      <h2>{t('keyrecovery.title')}</h2>
      {!status && problem === null && <p className="muted">{t('keyrecovery.checking')}</p>}
      {status && (
        <>
          <p className="muted">{t(status.store === 'safeStorage' ? 'keyrecovery.store.safeStorage' : 'keyrecovery.store.file')}</p>
          {status.unreadable.length === 0 ? (
            !done && <p data-testid="key-ok">{t('keyrecovery.ok')}</p>
          ) : (
            <div className="banner error" role="alert" data-testid="key-unreadable">
              <p>{t('keyrecovery.broken', { list: secretNames })}</p>
              <p>{t('keyrecovery.explain')}</p>
              {confirming ? (
                <p>
                  {t('keyrecovery.confirm')}{' '}
                  <button type="button" className="danger" disabled={busy} onClick={() => void recover()} data-testid="key-recover-confirm">
                    {t('keyrecovery.recover')}
                  </button>
                </p>
              ) : (
                <button type="button" disabled={busy} onClick={() => setConfirming(true)} data-testid="key-recover">
                  {t('keyrecovery.recover')}
                </button>
              )}
            </div>
          )}
          {status.retired.length > 0 && <p className="muted">{t('keyrecovery.retired', { list: status.retired.join('、') })}</p>}
        </>
      )}
      {done && (
        <p className="banner info" role="status" data-testid="key-recovered">
          {t('keyrecovery.done', { folder: done.retiredTo })}{' '}
          <a className="link" href={hrefOf({ name: 'sync' })}>
            {t('keyrecovery.goSync')}
          </a>
        </p>
      )}
      {problem !== null && (
        <p className="banner error" role="alert" data-testid="key-problem">
          {describeError(locale, problem)}
        </p>
      )}
    </section>
  );
}
