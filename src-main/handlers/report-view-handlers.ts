/**
 * The handlers of `reportViewChannels` (issue 13, point 7): which file a PDF is and how the shell
 * shows it. The renderer names a filed report by its locator or hands the bytes of one not filed
 * (a blank sheet for wet ink, a document just made); it never names a path. Bytes go to
 * dataDir/tmp/pdf/<random>/<name>.pdf (pdf-temp.ts), cleaned of old files on every use.
 * Without the desktop ports (the loopback host) both channels answer `{ supported: false }`
 * and the renderer keeps the browser's blob frame, which a browser prints well.
 */
import { stat } from 'node:fs/promises';
import type { PdfOpenHow, PdfSource, reportViewChannels } from '../../src-shared/rpc/report-view-channels';
import { RpcFailure } from '../../src-shared/rpc/result';
import { reportFiles } from '../files/report-files';
import { pdfTempFolder } from '../files/pdf-temp';
import type { Handlers } from '../rpc/router';
import type { MainContext } from './index';

/** How the shell shows a PDF file that main chose (src-main/electron/pdf-window.ts). */
export interface PdfViewer {
  /** Opens the app's own PDF window on this file; rejects if the window cannot load it. */
  showInWindow(file: string, title: string): Promise<void>;
  /** Hands the file to the program the OS opens PDFs with; rejects with the OS's message. */
  openWithSystem(file: string): Promise<void>;
}

/** What only the desktop shell can do for these channels; absent in the loopback host. */
export interface ReportViewPorts {
  pdfViewer: PdfViewer;
}

export function reportViewHandlers(ctx: MainContext): Pick<Handlers, keyof typeof reportViewChannels> {
  const reports = reportFiles(ctx.dataDir);
  const temp = pdfTempFolder(ctx.dataDir, ctx.log);
  const fileOf = async (source: PdfSource): Promise<string> => {
    if (source.kind === 'bytes') return temp.put(source.fileName, Buffer.from(source.base64, 'base64'));
    const file = reports.pathOf(source.locator);
    const found = await stat(file).catch(() => null);
    if (!found?.isFile()) throw new RpcFailure('report_not_found', `no file for report ${source.locator.reportNumber}`, { reportNumber: source.locator.reportNumber });
    return file;
  };
  const open = async (viewer: PdfViewer, how: PdfOpenHow, file: string, title: string): Promise<void> => {
    try {
      await (how === 'window' ? viewer.showInWindow(file, title) : viewer.openWithSystem(file));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      ctx.log(`pdf: ${how} could not open ${file}: ${detail}`);
      throw new RpcFailure('pdf_open_failed', `the ${how} viewer could not open the PDF: ${detail}`, { how, detail });
    }
  };
  return {
    'pdf.support': () => (ctx.desktop?.pdfViewer ? { supported: true, how: ['window', 'system'] } : { supported: false }),
    'pdf.open': async (input) => {
      const viewer = ctx.desktop?.pdfViewer;
      if (!viewer) return { supported: false };
      const file = await fileOf(input.source);
      const title = input.title ?? (input.source.kind === 'report' ? `${input.source.locator.reportNumber}.pdf` : input.source.fileName);
      await open(viewer, input.how, file, title);
      return { supported: true, opened: input.how };
    },
  };
}
