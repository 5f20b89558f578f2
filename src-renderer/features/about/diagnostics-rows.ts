/** The diagnostics as label/value rows: the table on screen and the plain text copied for the office. */
import type { Diagnostics } from '../../../src-shared/rpc/app-channels';
import type { Translator } from '../../i18n/i18n';

export interface DiagnosticsRow {
  id: string;
  label: string;
  value: string;
}

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function diagnosticsRows(d: Diagnostics, t: Translator['t']): DiagnosticsRow[] {
  const rows: DiagnosticsRow[] = [
    { id: 'app', label: t('shell.diag.appVersion'), value: d.versions.app },
    { id: 'shell', label: t('shell.diag.shell'), value: t(d.shell === 'electron' ? 'shell.diag.shell.electron' : 'shell.diag.shell.web') },
  ];
  const engines = [
    ['electron', 'Electron'],
    ['chrome', 'Chromium'],
    ['node', 'Node.js'],
    ['v8', 'V8'],
  ] as const;
  for (const [key, label] of engines) {
    const version = d.versions[key];
    if (version) rows.push({ id: key, label, value: version });
  }
  rows.push({ id: 'os', label: t('shell.diag.os'), value: `${d.os.platform} ${d.os.release} (${d.os.arch})` });
  const source = d.dataDirSource ? ` (${t(`shell.diag.dataDirSource.${d.dataDirSource}`)})` : '';
  rows.push({ id: 'dataDir', label: t('shell.diag.dataDir'), value: `${d.dataDir}${source}` });
  rows.push({ id: 'logDir', label: t('shell.diag.logDir'), value: d.logDir });
  rows.push({
    id: 'logFiles',
    label: t('shell.diag.logFiles'),
    value: d.logFiles.length === 0 ? t('shell.diag.noLogs') : d.logFiles.map((f) => `${f.name} (${size(f.bytes)})`).join(', '),
  });
  if (d.crashDumpsDir) rows.push({ id: 'crashDumps', label: t('shell.diag.crashDumps'), value: t('shell.diag.crashDumpsNote', { path: d.crashDumpsDir }) });
  const hw = (on: boolean) => t(on ? 'shell.diag.hwAccel.on' : 'shell.diag.hwAccel.off');
  const pending = d.running && d.running.hardwareAcceleration !== d.settings.hardwareAcceleration ? ` → ${hw(d.settings.hardwareAcceleration)}` : '';
  // In a browser the saved setting does nothing: the browser's own setting decides.
  const hwValue = d.shell === 'electron' ? `${hw(d.running?.hardwareAcceleration ?? d.settings.hardwareAcceleration)}${pending}` : t('shell.diag.hwAccel.browser');
  rows.push({ id: 'hwAccel', label: t('shell.diag.hwAccel'), value: hwValue });
  return rows;
}

/** What "复制诊断信息" puts on the clipboard: one "label: value" line per row. */
export function diagnosticsText(rows: readonly DiagnosticsRow[], title: string): string {
  return [title, ...rows.map((r) => `${r.label}: ${r.value}`)].join('\n');
}
