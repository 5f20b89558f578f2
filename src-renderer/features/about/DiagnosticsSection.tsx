/**
 * 诊断信息 on the About screen: versions, the data and log folders with the log files' sizes, where
 * crash dumps go, and the hardware-acceleration switch for old PCs and remote desktops (desktop app
 * only: in a browser the browser decides). "复制诊断信息" puts the same table on the clipboard as
 * plain text for a message to the office.
 */
import { useCallback, useEffect, useState } from 'react';
import type { Diagnostics } from '../../../src-shared/rpc/app-channels';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { reportError } from '../../platform/error-reporting';
import { invoke } from '../../platform/invoke';
import { diagnosticsRows, diagnosticsText } from './diagnostics-rows';
import { messageText, type Message } from './message';

type Notice = { kind: 'info' | 'error'; message: Message; restart?: boolean };

export function DiagnosticsSection() {
  const { t, locale } = useT();
  const [diagnostics, setDiagnostics] = useState<Diagnostics | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    try {
      setDiagnostics(await invoke('app.diagnostics', {}));
      setLoadError(null);
    } catch (error) {
      setLoadError(error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  if (!diagnostics) {
    return (
      <section className="panel" data-testid="diagnostics">
        <h2>{t('shell.diag.title')}</h2>
        {loadError ? (
          <div className="banner error" role="alert">
            {t('shell.diag.failed', { detail: describeError(locale, loadError) })}
          </div>
        ) : (
          <p className="muted">{t('shell.diag.loading')}</p>
        )}
      </section>
    );
  }

  const rows = diagnosticsRows(diagnostics, t);
  const desktop = diagnostics.shell === 'electron';
  // Name the files the table lists: the desktop app writes main.log, the browser host renderer.log.
  const logNames = diagnostics.logFiles.map((f) => f.name).join(locale === 'zh-CN' ? '、' : ', ');

  async function openLogs(): Promise<void> {
    try {
      const { opened, path } = await invoke('app.openFolder', { which: 'logs' });
      setNotice(opened ? null : { kind: 'info', message: { key: 'shell.diag.folderPath', params: { path } } });
    } catch (error) {
      setNotice({ kind: 'error', message: { error } });
    }
  }

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(diagnosticsText(rows, t('shell.diag.title')));
      setNotice({ kind: 'info', message: { key: 'shell.diag.copied' } });
    } catch (error) {
      reportError(error, 'diagnostics copy', 'warn');
      setNotice({ kind: 'error', message: { key: 'shell.diag.copyFailed' } });
    }
  }

  async function setHardwareAcceleration(on: boolean): Promise<void> {
    setSaving(true);
    // Shown at once; the file is written below, and a failure puts the saved value back.
    setDiagnostics((d) => (d ? { ...d, settings: { ...d.settings, hardwareAcceleration: on } } : d));
    try {
      const { restartNeeded } = await invoke('app.settings.set', { hardwareAcceleration: on });
      await load();
      setNotice({ kind: 'info', message: { key: restartNeeded ? 'shell.diag.hwAccel.pending' : 'shell.diag.hwAccel.saved' }, restart: restartNeeded });
    } catch (error) {
      await load();
      setNotice({ kind: 'error', message: { key: 'shell.diag.saveFailed', error } });
    } finally {
      setSaving(false);
    }
  }

  async function restart(): Promise<void> {
    try {
      await invoke('app.relaunch', {});
    } catch (error) {
      setNotice({ kind: 'error', message: { error } });
    }
  }

  return (
    <section className="panel" data-testid="diagnostics">
      <h2>{t('shell.diag.title')}</h2>
      <p className="muted" data-testid="diag-intro">
        {logNames ? t('shell.diag.intro', { files: logNames }) : t('shell.diag.introNoLogs')}
      </p>
      <table data-testid="diagnostics-table">
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} data-testid={`diag-${row.id}`}>
              <th scope="row">{row.label}</th>
              <td>{row.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="actions" style={{ marginTop: '0.75rem' }}>
        <button type="button" onClick={() => void openLogs()} data-testid="diag-open-logs">
          {t('shell.diag.openLogs')}
        </button>
        <button type="button" onClick={() => void copy()} data-testid="diag-copy">
          {t('shell.diag.copy')}
        </button>
      </div>
      <h3>{t('shell.diag.hwAccel')}</h3>
      {/* Shown but disabled in a browser rather than hidden: the office may tell an engineer to look
          for it, and the note says why it does nothing there. */}
      <label>
        <input
          type="checkbox"
          checked={diagnostics.settings.hardwareAcceleration}
          disabled={saving || !desktop}
          onChange={(event) => void setHardwareAcceleration(event.target.checked)}
          data-testid="diag-hw-accel"
        />{' '}
        {t('shell.diag.hwAccel.toggle')}
      </label>
      <p className="muted" data-testid="diag-hw-accel-help">
        {t(desktop ? 'shell.diag.hwAccel.help' : 'shell.diag.hwAccel.desktopOnly')}
      </p>
      {notice && (
        <div className={`banner ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="diag-notice">
          {messageText(locale, notice.message)}
          {notice.restart && (
            <button type="button" style={{ marginLeft: '1rem' }} onClick={() => void restart()} data-testid="diag-restart">
              {t('shell.diag.restartNow')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
