/**
 * PDFs that are shown but not filed (a blank sheet for wet ink, a document not yet kept): written
 * to dataDir/tmp/pdf/<random>/<name>.pdf so the PDF window or the system viewer can open a file.
 * Folders older than a day are removed whenever another is made; a viewer still holding one open
 * (Windows locks it) keeps it until the next time.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from './atomic-write';

const KEEP_MS = 24 * 3600_000;

export interface PdfTempFolder {
  /** Writes the bytes (which must be a PDF) and returns the file's path. */
  put(fileName: string, bytes: Buffer): Promise<string>;
  clean(): Promise<void>;
}

export function pdfTempFolder(dataDir: string, log: (line: string) => void, now: () => number = Date.now): PdfTempFolder {
  const root = path.join(dataDir, 'tmp', 'pdf');
  const clean = async (): Promise<void> => {
    for (const name of await readdir(root).catch(() => [] as string[])) {
      const dir = path.join(root, name);
      const info = await stat(dir).catch(() => null);
      if (!info || now() - info.mtimeMs < KEEP_MS) continue;
      await rm(dir, { recursive: true, force: true }).catch((error: unknown) => log(`pdf temp: ${dir} kept for now: ${(error as Error).message}`));
    }
  };
  return {
    clean,
    async put(fileName, bytes) {
      // The name was checked by the channel (no folders, ends in .pdf); the content is checked here,
      // so the system viewer is only ever handed a PDF.
      if (path.basename(fileName) !== fileName || !fileName.endsWith('.pdf')) throw new RpcFailure('bad_input', `not a PDF file name: ${fileName}`);
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') throw new RpcFailure('bad_input', 'the bytes are not a PDF');
      await clean();
      const dir = path.join(root, randomUUID());
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, fileName);
      await writeFileAtomic(file, bytes);
      return file;
    },
  };
}
