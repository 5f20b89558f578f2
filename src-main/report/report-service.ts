/**
 * From report data to a signed PDF on disk, and back: lays the report out, signs it with the
 * device's key, files it under the hospital and month, reads it again, saves copies. Nothing is
 * written until the signed bytes exist, so a failure at any step leaves no file behind.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PDFDocument } from 'pdf-lib';
import type { BlankSheetCreated, BlankSheetInput, PdfBytes, ReplacedCharacter, ReportCreated, ReportInput, ReportLocator, SaveCopyResult, SigningIdentity } from '../../src-shared/report/model';
import { calendarDate, reportFileName } from '../../src-shared/report/file-name';
import type { SaveCopyInput } from '../../src-shared/rpc/contract';
import { parseIdentityKeywords, sameIdentity } from '../../src-shared/report/pdf-identity';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from '../files/atomic-write';
import type { ReportFiles } from '../files/report-files';
import { commonName, type SigningKeys } from '../signing/identity';
import { loadReportFonts } from './fonts';
import { createGlyphGuard } from './glyph-guard';
import { labelsFor, monthOf } from './labels';
import { inProcessRenderer, type ReportRenderer } from './render-thread';

/** Asks the user where to save a copy; null when they cancel. Electron: dialog.showSaveDialog. */
export type SaveDialog = (suggestedName: string) => Promise<string | null>;

export interface ReportServiceDeps {
  fontsDir: string;
  files: ReportFiles;
  keys: SigningKeys;
  saveDialog?: SaveDialog;
  /** Where layout runs: a worker thread in the app (render-thread.ts); this thread when absent. */
  renderer?: ReportRenderer;
  /** Time zone for printed times and the month folder; the device's when absent. */
  timeZone?: string;
  now?: () => Date;
}

export interface ReportService {
  create(input: ReportInput): Promise<ReportCreated>;
  read(at: ReportLocator): Promise<PdfBytes>;
  saveCopy(input: SaveCopyInput): Promise<SaveCopyResult>;
  blankSheet(input: BlankSheetInput): Promise<BlankSheetCreated>;
  /** What of `text` the report's font cannot draw; invisible format characters are not counted. */
  undrawable(text: string): Promise<ReplacedCharacter[]>;
  identity(): Promise<SigningIdentity>;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The Keywords of a PDF's document information, or undefined when it has none or cannot be read. */
async function pdfKeywords(bytes: Uint8Array): Promise<string | undefined> {
  try {
    return (await PDFDocument.load(bytes, { updateMetadata: false })).getKeywords();
  } catch {
    return undefined;
  }
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const now = deps.now ?? (() => new Date());
  const renderer = deps.renderer ?? inProcessRenderer;
  /** Report numbers being made right now: a second request for one is refused, not raced. */
  const busy = new Set<string>();
  return {
    async create(input) {
      const at: ReportLocator = { hospitalId: input.hospital.id, month: monthOf(input.completedAt, deps.timeZone), reportNumber: input.reportNumber };
      const refuse = (): never => {
        throw new RpcFailure('report_exists', `report ${input.reportNumber} has already been signed`, { reportNumber: input.reportNumber });
      };
      if (busy.has(input.reportNumber)) refuse();
      busy.add(input.reportNumber);
      try {
        const existing = await deps.files.find(input.reportNumber);
        if (existing) return await recover(existing, at, input);
        const rendered = await renderer.report(input, { fontsDir: deps.fontsDir, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });
        const material = await deps.keys.material();
        const t = labelsFor(input.locale);
        const signed = await renderer.sign(rendered.bytes, material, {
          reason: t('report.pdf.signReason', { number: input.reportNumber }),
          name: input.engineer,
          location: [input.hospital.name, input.campus].filter(Boolean).join(' '),
          contactInfo: input.contract.name,
          signingTime: now(),
        });
        const path = await deps.files.write(at, signed);
        return { ...at, path, sha256: sha256(signed), size: signed.length, signedBy: commonName(material.info), replaced: rendered.replaced };
      } finally {
        busy.delete(input.reportNumber);
      }

      /**
       * The number is on disk already. If the file is this very report (same inspection, number
       * and hash in its signed Keywords), an earlier call made it and its answer was lost (the
       * page reloaded or closed while it was made): the file is handed back, not made again. Any
       * other file under the number is a different report, and is refused as always.
       */
      async function recover(file: string, where: ReportLocator, report: ReportInput): Promise<ReportCreated> {
        const bytes = await readFile(file);
        const identity = parseIdentityKeywords(await pdfKeywords(bytes));
        if (!identity || !sameIdentity(identity, report) || file !== deps.files.pathOf(where)) refuse();
        // What the font could not draw is not stored with the file: lay the report out again to know it.
        const { replaced } = await renderer.report(report, { fontsDir: deps.fontsDir, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });
        const material = await deps.keys.material();
        return { ...where, path: file, sha256: sha256(bytes), size: bytes.length, signedBy: commonName(material.info), replaced };
      }
    },
    async read(at) {
      return { pdfBase64: (await deps.files.read(at)).toString('base64') };
    },
    async saveCopy({ locale, hospital, completedAt, ...at }) {
      const bytes = await deps.files.read(at);
      // Named here from its parts, never taken as given: it becomes the dialog's default path.
      const fileName = reportFileName(locale, { hospital, date: calendarDate(new Date(completedAt), deps.timeZone), reportNumber: at.reportNumber });
      if (!deps.saveDialog) return { kind: 'download', fileName, pdfBase64: bytes.toString('base64') };
      const target = await deps.saveDialog(fileName);
      if (!target) return { kind: 'cancelled' };
      await writeFileAtomic(target, bytes);
      return { kind: 'saved', path: target };
    },
    async blankSheet(input) {
      const rendered = await renderer.blankSheet(input, { fontsDir: deps.fontsDir });
      return { pdfBase64: Buffer.from(rendered.bytes).toString('base64'), replaced: rendered.replaced };
    },
    async undrawable(text) {
      const fonts = await loadReportFonts(deps.fontsDir);
      const guard = createGlyphGuard((cp) => fonts.regular.hasGlyph(cp) && fonts.bold.hasGlyph(cp));
      guard.clean(text);
      return guard.replaced();
    },
    identity: () => deps.keys.describe(),
  };
}
