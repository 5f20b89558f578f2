/** The report and signing channels: a thin mapping onto the report service. */
import path from 'node:path';
import type { Handlers } from '../rpc/router';
import { reportFiles } from '../files/report-files';
import { createReportService, type SaveDialog } from '../report/report-service';
import { inProcessRenderer, renderThread, type WorkerSpec } from '../report/render-thread';
import { createPeriodReports } from '../report/period-report-service';
import { createServiceDocuments } from '../report/service-document-service';
import { createSigningKeys, type SigningKeys } from '../signing/identity';
import { fileSecretStore, type SecretStore } from '../signing/secret-store';

export type ReportChannel =
  | 'report.create'
  | 'report.read'
  | 'report.saveCopy'
  | 'report.blankSheet'
  | 'report.undrawable'
  | 'signing.identity'
  | 'service.document.create'
  | 'service.document.blank'
  | 'period.report.create';

export interface ReportPorts {
  assetsDir: string;
  dataDir: string;
  /** Where the signing key is kept; a 0600 file in dataDir/keys when not given. */
  secrets?: SecretStore;
  /** Electron's save dialog; without it "save a copy" hands the bytes to the renderer. */
  saveDialog?: SaveDialog;
  /** The report layout's worker thread; layout runs on the calling thread when absent (tests). */
  renderWorker?: WorkerSpec;
}

export function reportHandlers(ports: ReportPorts): { handlers: Pick<Handlers, ReportChannel>; keys: SigningKeys } {
  const keysDir = path.join(ports.dataDir, 'keys');
  const keys = createSigningKeys(ports.secrets ?? fileSecretStore(keysDir), keysDir);
  const fontsDir = path.join(ports.assetsDir, 'fonts');
  const files = reportFiles(ports.dataDir);
  // One thread for both: service documents and reports share the fonts and the signing.
  const renderer = ports.renderWorker ? renderThread(ports.renderWorker) : inProcessRenderer;
  const service = createReportService({ fontsDir, files, keys, renderer, ...(ports.saveDialog ? { saveDialog: ports.saveDialog } : {}) });
  const documents = createServiceDocuments({ fontsDir, files, keys, renderer });
  const periodic = createPeriodReports({ fontsDir, files, keys, renderer });
  return {
    keys,
    handlers: {
      'report.create': (input) => service.create(input),
      'report.read': (input) => service.read(input),
      'report.saveCopy': (input) => service.saveCopy(input),
      'report.blankSheet': (input) => service.blankSheet(input),
      'report.undrawable': (input) => service.undrawable(input.text),
      'signing.identity': () => service.identity(),
      'service.document.create': (input) => documents.create(input),
      'service.document.blank': (input) => documents.blank(input),
      'period.report.create': (input) => periodic.create(input),
    },
  };
}
