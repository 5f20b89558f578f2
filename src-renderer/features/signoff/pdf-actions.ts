/**
 * What the engineer does with a PDF the main process made: look at it, print it, keep a copy.
 * The one place that decides how a PDF is shown (issue 13, point 7):
 * - under Electron the main process shows it (`pdf.open`): in a window of its own, with Chromium's
 *   PDF viewer whose print button prints, or, if that window fails or on request, in the
 *   computer's PDF program. Electron prints PDFs from iframes badly (blank pages:
 *   electron/electron#12273, #33907; see src-main/electron/pdf-window.ts), so no frame is used there;
 * - in a browser (the loopback host answers `{ supported: false }`) the PDF is shown in a frame
 *   from a blob: URL (the CSP allows frame-src blob:) and printed from such a frame, which a
 *   browser does well.
 */
import type { PdfOpenHow, PdfSource, PdfSupport } from '../../../src-shared/rpc/report-view-channels';
import type { Translator } from '../../i18n/i18n';
import { invoke, PlatformError } from '../../platform/invoke';

export type { PdfSource };

export function base64Bytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const pdfBlob = (base64: string): Blob => new Blob([base64Bytes(base64)], { type: 'application/pdf' });

export function downloadPdf(fileName: string, base64: string): void {
  downloadBlob(fileName, pdfBlob(base64));
}

/** Offers a file as a download: the browser asks where to keep it, Electron shows its save dialog. */
export function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the URL; give it a moment before the bytes are released.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

let support: Promise<PdfSupport> | undefined;
/** Whether the shell shows PDFs itself; asked once. A failure to ask means "no": the frame path works everywhere. */
export function pdfSupport(): Promise<PdfSupport> {
  support ??= invoke('pdf.support', {}).catch((): PdfSupport => ({ supported: false }));
  return support;
}

/** The bytes of a source, for the browser's frame. */
async function base64Of(source: PdfSource): Promise<string> {
  return source.kind === 'bytes' ? source.base64 : (await invoke('report.read', source.locator)).pdfBase64;
}

/** What happened, for the screen: a blob URL to show in its frame, or a sentence to show. */
export type PdfShown = { kind: 'frame'; url: string } | { kind: 'shell'; how: PdfOpenHow; message: string };

/**
 * Asks the shell to show the PDF: in its window first, in the system's program if the window fails.
 * Null when the shell does not show PDFs (a browser). A failure of the system viewer is thrown.
 */
async function openInShell(tr: Translator, source: PdfSource, purpose: 'view' | 'print', how: PdfOpenHow = 'window'): Promise<PdfShown | null> {
  if (!(await pdfSupport()).supported) return null;
  try {
    const opened = await invoke('pdf.open', { source, how });
    if (!opened.supported) return null;
    return { kind: 'shell', how: opened.opened, message: shownMessage(tr, opened.opened, purpose) };
  } catch (error) {
    if (how !== 'window' || !(error instanceof PlatformError) || error.error.code !== 'pdf_open_failed') throw error;
    const opened = await invoke('pdf.open', { source, how: 'system' });
    if (!opened.supported) return null;
    return { kind: 'shell', how: 'system', message: `${tr.t('pdfview.windowFailed', { detail: error.error.params?.detail ?? error.error.message })} ${tr.t('pdfview.system')}` };
  }
}

const shownMessage = (tr: Translator, how: PdfOpenHow, purpose: 'view' | 'print'): string =>
  how === 'system' ? tr.t('pdfview.system') : purpose === 'print' ? tr.t('pdfview.printHint') : tr.t('pdfview.opened');

/** 查看: the shell's window under Electron; a blob URL for the caller's frame in a browser (the caller revokes it). */
export async function viewPdf(tr: Translator, source: PdfSource): Promise<PdfShown> {
  const shown = await openInShell(tr, source, 'view');
  if (shown) return shown;
  return { kind: 'frame', url: URL.createObjectURL(pdfBlob(await base64Of(source))) };
}

/** 打印: the shell's window (its print button) under Electron; a hidden frame's print dialog in a browser. Returns what to tell the engineer, if anything. */
export async function printPdf(tr: Translator, source: PdfSource): Promise<string | null> {
  const shown = await openInShell(tr, source, 'print');
  if (shown?.kind === 'shell') return shown.message;
  printInFrame(await base64Of(source));
  return null;
}

/** 用系统程序打开: offered only where the shell supports it (`pdfSupport`). */
export async function openWithSystem(tr: Translator, source: PdfSource): Promise<string | null> {
  const shown = await openInShell(tr, source, 'view', 'system');
  return shown?.kind === 'shell' ? shown.message : null;
}

/** The browser's way: a hidden frame on a blob: URL, printed once loaded. Never used under Electron. */
function printInFrame(base64: string): void {
  const url = URL.createObjectURL(pdfBlob(base64));
  const frame = document.createElement('iframe');
  frame.className = 'print-frame';
  frame.src = url;
  frame.onload = () => {
    frame.contentWindow?.focus();
    frame.contentWindow?.print();
    setTimeout(() => {
      frame.remove();
      URL.revokeObjectURL(url);
    }, 60_000);
  };
  document.body.append(frame);
}
