/**
 * Signed reports on disk: dataDir/reports/<hospital id>/<yyyy-mm>/<report number>.pdf. Written
 * once, atomically and never replaced, so a signed report is never half-written or overwritten.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportLocator } from '../../src-shared/report/model';
import { RpcFailure } from '../../src-shared/rpc/result';
import { writeFileAtomic } from './atomic-write';

export interface ReportFiles {
  pathOf(at: ReportLocator): string;
  /** Where a report of this number already is, in any hospital or month, if anywhere. */
  find(reportNumber: string): Promise<string | null>;
  /** Writes a new report; refuses (report_exists) if that number is already on disk. */
  write(at: ReportLocator, bytes: Uint8Array): Promise<string>;
  read(at: ReportLocator): Promise<Buffer>;
}

export function reportFiles(dataDir: string): ReportFiles {
  const root = path.join(dataDir, 'reports');
  // Locator fields are validated by the RPC schemas (slug, yyyy-mm, safe report number), so a
  // joined path cannot leave the reports folder.
  const pathOf = (at: ReportLocator): string => path.join(root, at.hospitalId, at.month, `${at.reportNumber}.pdf`);
  const exists = (reportNumber: string): RpcFailure =>
    new RpcFailure('report_exists', `report ${reportNumber} has already been signed`, { reportNumber });
  return {
    pathOf,
    async find(reportNumber) {
      for (const hospital of await subfolders(root)) {
        for (const month of await subfolders(path.join(root, hospital))) {
          const names = await readdir(path.join(root, hospital, month)).catch(() => [] as string[]);
          if (names.includes(`${reportNumber}.pdf`)) return path.join(root, hospital, month, `${reportNumber}.pdf`);
        }
      }
      return null;
    },
    async write(at, bytes) {
      if (await this.find(at.reportNumber)) throw exists(at.reportNumber);
      const target = pathOf(at);
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await writeFileAtomic(target, bytes, { exclusive: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw exists(at.reportNumber);
        throw error;
      }
      return target;
    },
    async read(at) {
      try {
        return await readFile(pathOf(at));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new RpcFailure('report_not_found', `no file for report ${at.reportNumber}`, { reportNumber: at.reportNumber });
        }
        throw error;
      }
    },
  };
}

async function subfolders(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}
