/**
 * A service record's documents (issue 11) through the inspection reports' pipeline: laid out on
 * the report thread, signed (PAdES) with the device's key, filed beside the reports under the
 * hospital and month (dataDir/reports/<hospital>/<yyyy-mm>/<number>.pdf), so `report.read` hands
 * their bytes back to be kept with the record. Nothing is written until the signed bytes exist.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { BlankSheetCreated, ReportCreated } from '../../src-shared/report/model';
import { serviceNumberStem, type ServiceBlankInput, type ServiceDocumentInput } from '../../src-shared/report/service-document';
import { RpcFailure } from '../../src-shared/rpc/result';
import type { ReportFiles } from '../files/report-files';
import { commonName, type SigningKeys } from '../signing/identity';
import { labelsFor, monthOf } from './labels';
import type { ReportRenderer } from './render-thread';

export interface ServiceDocumentDeps {
  fontsDir: string;
  files: ReportFiles;
  keys: SigningKeys;
  renderer: ReportRenderer;
  timeZone?: string;
  now?: () => Date;
}

export interface ServiceDocuments {
  create(input: ServiceDocumentInput): Promise<ReportCreated>;
  blank(input: ServiceBlankInput): Promise<BlankSheetCreated>;
}

/** More documents of one kind for one hospital in one month than this is a fault, not a busy month. */
const MAX_PER_MONTH = 9999;

/**
 * Numbers are "<GZ|WH>-<HOSPITAL>-<yyyymm>-<n>": n is one more than the highest this device has
 * filed under that stem, in the stem's folder. Files are written exclusively and numbers are
 * searched across every folder before writing (ReportFiles.write), and one device makes one
 * number at a time per stem (the queue below), so a number is never given twice on a device;
 * across devices the office tells documents apart by the record and its file's hash.
 */
export async function nextCounter(files: ReportFiles, hospitalId: string, month: string, stem: string): Promise<number> {
  const folder = path.dirname(files.pathOf({ hospitalId, month, reportNumber: `${stem}0` }));
  const names = await readdir(folder).catch(() => [] as string[]);
  let max = 0;
  for (const name of names) {
    if (!name.startsWith(stem) || !name.endsWith('.pdf')) continue;
    const n = Number(name.slice(stem.length, -4));
    if (Number.isSafeInteger(n) && n > max) max = n;
  }
  return max + 1;
}

/** Runs work one at a time per key: two requests at once must not both take the same counter. */
export function oneAtATime(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<unknown>>();
  return <T>(key: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(key) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => undefined);
    queues.set(key, settled);
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key);
    });
    return run;
  };
}

export function createServiceDocuments(deps: ServiceDocumentDeps): ServiceDocuments {
  const now = deps.now ?? (() => new Date());
  const serially = oneAtATime();

  return {
    async create(input) {
      const month = monthOf(input.madeAt, deps.timeZone);
      const stem = serviceNumberStem(input.document, input.hospital.id, month);
      return serially(stem, async () => {
        const n = await nextCounter(deps.files, input.hospital.id, month, stem);
        if (n > MAX_PER_MONTH) throw new RpcFailure('bad_input', `more than ${MAX_PER_MONTH} documents under ${stem}`, { path: 'document' });
        const reportNumber = `${stem}${n}`;
        // Signers' times in the zone the timeline was written in (the screen's), else this process's.
        const zone = input.timeZone ?? deps.timeZone;
        const rendered = await deps.renderer.serviceDocument(input, { fontsDir: deps.fontsDir, number: reportNumber, ...(zone ? { timeZone: zone } : {}) });
        const material = await deps.keys.material();
        const t = labelsFor(input.locale);
        const signed = await deps.renderer.sign(rendered.bytes, material, {
          reason: t('report.service.signReason', { number: reportNumber }),
          name: input.engineer,
          location: input.hospital.name,
          contactInfo: input.contract.name,
          signingTime: now(),
        });
        // The number is inside the signed bytes: a number taken meanwhile elsewhere (another hospital
        // folder whose slug starts the same) is refused by the exclusive write, never overwritten.
        const at = { hospitalId: input.hospital.id, month, reportNumber };
        const file = await deps.files.write(at, signed);
        const sha256 = createHash('sha256').update(signed).digest('hex');
        return { ...at, path: file, sha256, size: signed.length, signedBy: commonName(material.info), replaced: rendered.replaced };
      });
    },
    async blank(input) {
      const rendered = await deps.renderer.serviceBlank(input, { fontsDir: deps.fontsDir });
      return { pdfBase64: Buffer.from(rendered.bytes).toString('base64'), replaced: rendered.replaced };
    },
  };
}
