/**
 * "No network at all": every unsynced report, service record and deliverables-register entry,
 * with their blobs, in one file
 * signed by the device.
 * Photos and signatures are copied to the main process (staged); the PDFs are read there from
 * their files. Rows stay unsynced after export: only a verified receipt marks them synced.
 */
import type { BundleExport } from '../../src-shared/rpc/sync-channels';
import { bytesToBase64 } from '../../src-shared/sync/base64';
import type { ReportEnvelope } from '../../src-shared/sync/envelope';
import type { OutboxRepository } from '../db/repositories/outbox';
import { classify } from './failure';
import type { FaultBody } from '../../src-shared/rpc/service-sync';
import type { DeliverableSource, ReportSource, ServiceSource } from './ports';
import type { DeliverableEntry } from '../../src-shared/period/deliverable';
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
  services?: ServiceSource,
  deliverables?: DeliverableSource,
): Promise<{ outcome: ExportOutcome; problems: ExportProblem[] }> {
  const all = await outbox.unsynced();
  const rows = all.filter((r) => r.kind === 'report');
  const reports: ReportEnvelope[] = [];
  const faults: { fault: FaultBody; blobs: { sha256: string; size: number }[] }[] = [];
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
  // Service records go as they would online (record + the office's version + 1); their rows stay
  // unsynced: the online push later gets the receipt, or merges if the office moved on.
  for (const row of services ? all.filter((r) => r.kind === 'service') : []) {
    try {
      const pkg = await services!.package(row.recordId);
      for (const blob of pkg.blobs) {
        if (blob.source.kind !== 'bytes' || staged.has(blob.sha256)) continue;
        await call('sync.stageBlob', { sha256: blob.sha256, base64: bytesToBase64(await blob.source.read()) });
        staged.add(blob.sha256);
      }
      faults.push({ fault: pkg.fault, blobs: pkg.blobs.map((b) => ({ sha256: b.sha256, size: b.size })) });
      exported.push(row.id);
    } catch (error) {
      const failure = classify(error);
      problems.push({ recordId: row.recordId, code: failure.code, message: failure.message });
    }
  }
  // Register entries go as pushed online; a produced report's PDF is read by main from its file.
  const entries: { entry: DeliverableEntry; blobs: { sha256: string; size: number }[] }[] = [];
  for (const row of deliverables ? all.filter((r) => r.kind === 'deliverable') : []) {
    try {
      const pkg = await deliverables!.package(row.recordId);
      for (const blob of pkg.blobs) {
        if (blob.source.kind === 'report') {
          if (!pdfs.some((p) => p.sha256 === blob.sha256)) pdfs.push({ sha256: blob.sha256, report: blob.source.locator });
          continue;
        }
        if (staged.has(blob.sha256)) continue;
        await call('sync.stageBlob', { sha256: blob.sha256, base64: bytesToBase64(await blob.source.read()) });
        staged.add(blob.sha256);
      }
      entries.push({ entry: pkg.entry, blobs: pkg.blobs.map((b) => ({ sha256: b.sha256, size: b.size })) });
      exported.push(row.id);
    } catch (error) {
      const failure = classify(error);
      problems.push({ recordId: row.recordId, code: failure.code, message: failure.message });
    }
  }
  if (reports.length === 0 && faults.length === 0 && entries.length === 0) return { outcome: { kind: 'nothing' }, problems };
  const outcome = await call('sync.exportBundle', { reports, pdfs, faults, deliverables: entries });
  if (outcome.kind !== 'cancelled') {
    await outbox.markExported(exported);
    // The next push names the version after the one on the stick: if the stick never arrives,
    // the office answers 409 with what it has and the engine merges (service-send.ts).
    for (const { fault } of faults) await services!.exported(fault.id, fault.version);
  }
  return { outcome, problems };
}
