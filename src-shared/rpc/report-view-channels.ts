/**
 * Channels for viewing and printing a PDF by the shell's own path (issue 13, point 7).
 *
 * Under Electron the main process shows the PDF in a window of its own (Chromium's PDF viewer,
 * whose print button prints) or hands the file to the system's PDF program; the renderer never
 * prints a PDF from an iframe there (electron/electron#12273, #33907). The loopback host answers
 * `{ supported: false }`: a browser shows and prints the blob frame itself.
 */
import { z } from 'zod';
import { ReportLocator } from '../report/model';
import { channel, NoInput } from './channel';

/** A PDF not filed under reports/ (a blank sheet for wet ink, a document just made): its bytes. */
const PdfBytesSource = z
  .object({
    kind: z.literal('bytes'),
    // 48 MB of base64: a blank sheet is ~200 KB, a long report with photos a few MB.
    base64: z.string().min(8).max(48 * 1024 * 1024).regex(/^[A-Za-z0-9+/]+={0,2}$/),
    /** What the window and the system viewer show as the file's name; no folders, ends in .pdf. */
    fileName: z
      .string()
      .max(120)
      .refine((name) => name.endsWith('.pdf') && !name.startsWith('.') && !/[\\/:*?"<>|]/.test(name) && ![...name].some((c) => c.charCodeAt(0) < 0x20), 'a file name without folders, ending in .pdf'),
  })
  .strict();

export const PdfSource = z.discriminatedUnion('kind', [z.object({ kind: z.literal('report'), locator: ReportLocator }).strict(), PdfBytesSource]);
export type PdfSource = z.infer<typeof PdfSource>;

/** `window`: the app's own PDF window; `system`: the program the OS opens PDFs with. */
export const PdfOpenHow = z.enum(['window', 'system']);
export type PdfOpenHow = z.infer<typeof PdfOpenHow>;

export const PdfOpenInput = z.object({ source: PdfSource, how: PdfOpenHow, title: z.string().max(200).optional() }).strict();
export type PdfOpenInput = z.infer<typeof PdfOpenInput>;

export type PdfSupport = { supported: false } | { supported: true; how: PdfOpenHow[] };
export type PdfOpened = { supported: false } | { supported: true; opened: PdfOpenHow };

export const reportViewChannels = {
  /** Whether this shell shows PDFs itself, and how; asked once per page. */
  'pdf.support': channel<PdfSupport>()(NoInput),
  /** Shows a PDF; fails `pdf_open_failed` { how, detail } when the window or the system viewer cannot. */
  'pdf.open': channel<PdfOpened>()(PdfOpenInput),
};
