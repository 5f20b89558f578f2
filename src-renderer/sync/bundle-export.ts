/**
 * "No network at all": every unsynced report, with its blobs, in one file signed by the device.
 * Photos and signatures are copied to the main process (staged); the PDFs are read there from
 * their files. Rows stay unsynced after export: only a verified receipt marks them synced.
 */
import type { BundleExport } from '../../src-shared/rpc/sync-channels';
import { bytesToBase64 } from '../../src-shared/sync/base64';
import type { ReportEnvelope } from '../../src-shared/sync/envelope';
import type { OutboxRepository } from '../db/repositories/outbox';
import { classify } from './failure';
import type { ReportSource } from './ports';
import { pdfLocatorOf } from './report-package';
import type { Call } from './rpc-transport';

export type ExportOutcome = BundleExport | { kind: 'nothing' };

export interface ExportProblem {
  recordId: string;
  code: string;
  message: string;
}

export async function exportBundle(
  call: Call,
  outbox: Pick<OutboxRepository, 'unsynced' | 'markExported'>,
  source: ReportSource,
): Promise<{ outcome: ExportOutcome; problems: ExportProblem[] }> {
  // Bundles carry signed reports only: service records go online (the bundle format has room for
  // faults, src-shared/sync/bundle.ts, but the device does not write them yet).
  const rows = (await outbox.unsynced()).filter((r) => r.kind === 'report');
  const reports: ReportEnvelope[] = [];
  const pdfs: { sha256: string; report: { hospitalId: string; month: string; reportNumber: string } }[] = [];
  const problems: ExportProblem[] = [];
  const staged = new Set<string>();
  const exported: string[] = [];
  for (const row of rows) {
    try {
      const pkg = await source.package(row.recordId);
      const pdf = pdfLocatorOf(pkg);
      if (pdf) pdfs.push(pdf);
      for (const blob of pkg.blobs) {
        if (blob.source.kind !== 'bytes' || staged.has(blob.sha256)) continue;
        await call('sync.stageBlob', { sha256: blob.sha256, base64: bytesToBase64(await blob.source.read()) });
        staged.add(blob.sha256);
      }
      reports.push(pkg.envelope);
      exported.push(row.id);
    } catch (error) {
      // One report the device cannot package must not keep the others off the stick.
      const failure = classify(error);
      problems.push({ recordId: row.recordId, code: failure.code, message: failure.message });
    }
  }
  if (reports.length === 0) return { outcome: { kind: 'nothing' }, problems };
  const outcome = await call('sync.exportBundle', { reports, pdfs });
  if (outcome.kind !== 'cancelled') await outbox.markExported(exported);
  return { outcome, problems };
}
