/**
 * Numbering, signing and filing a document made on the report thread: the service documents
 * ("GZ-|WH-<HOSPITAL>-<yyyymm>-<n>") and the periodic reports ("PR-…") share it. n is one more than
 * the highest this device has filed under the stem, in the stem's folder; files are written
 * exclusively and numbers are searched across every folder before writing (ReportFiles.write), and
 * one device makes one number at a time per stem, so a number is never given twice on a device;
 * across devices the office tells documents apart by their record and their file's hash.
 * Nothing is written until the signed bytes exist.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReportCreated, ReplacedCharacter } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import type { ReportFiles } from '../files/report-files';
import { commonName, type SigningKeys } from '../signing/identity';
import type { SignatureDetails } from '../signing/sign-pdf';
import type { ReportRenderer } from './render-thread';

/** More documents under one stem in one month than this is a fault, not a busy month. */
const MAX_PER_MONTH = 9999;

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

export interface FilingDeps {
  files: ReportFiles;
  keys: SigningKeys;
  renderer: Pick<ReportRenderer, 'sign'>;
  now: () => Date;
}

export interface NumberedDocument {
  hospitalId: string;
  month: string;
  stem: string;
  /** The input field a full month is blamed on, for the refusal's path. */
  path: string;
  /** Lays the document out once its number is known. */
  render(reportNumber: string): Promise<{ bytes: Uint8Array; replaced: ReplacedCharacter[] }>;
  /** What the signature says, by number. */
  signature(reportNumber: string): Omit<SignatureDetails, 'signingTime'>;
}

/** Returns a function that numbers, lays out, signs and files one document at a time per stem. */
export function numberedFiling(deps: FilingDeps): (doc: NumberedDocument) => Promise<ReportCreated> {
  const serially = oneAtATime();
  return (doc) =>
    serially(doc.stem, async () => {
      const n = await nextCounter(deps.files, doc.hospitalId, doc.month, doc.stem);
      if (n > MAX_PER_MONTH) throw new RpcFailure('bad_input', `more than ${MAX_PER_MONTH} documents under ${doc.stem}`, { path: doc.path });
      const reportNumber = `${doc.stem}${n}`;
      const rendered = await doc.render(reportNumber);
      const material = await deps.keys.material();
      const signed = await deps.renderer.sign(rendered.bytes, material, { ...doc.signature(reportNumber), signingTime: deps.now() });
      // The number is inside the signed bytes: a number taken meanwhile elsewhere (another hospital
      // folder whose slug starts the same) is refused by the exclusive write, never overwritten.
      const at = { hospitalId: doc.hospitalId, month: doc.month, reportNumber };
      const file = await deps.files.write(at, signed);
      const sha256 = createHash('sha256').update(signed).digest('hex');
      return { ...at, path: file, sha256, size: signed.length, signedBy: commonName(material.info), replaced: rendered.replaced };
    });
}
