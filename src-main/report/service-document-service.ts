/**
 * A service record's documents (issue 11) through the inspection reports' pipeline: laid out on
 * the report thread, signed (PAdES) with the device's key, filed beside the reports under the
 * hospital and month (dataDir/reports/<hospital>/<yyyy-mm>/<number>.pdf), so `report.read` hands
 * their bytes back to be kept with the record. Numbered "GZ-|WH-<HOSPITAL>-<yyyymm>-<n>"
 * (numbered-filing.ts). Nothing is written until the signed bytes exist.
 */
import type { BlankSheetCreated, ReportCreated } from '../../src-shared/report/model';
import { serviceNumberStem, type ServiceBlankInput, type ServiceDocumentInput } from '../../src-shared/report/service-document';
import type { ReportFiles } from '../files/report-files';
import type { SigningKeys } from '../signing/identity';
import { labelsFor, monthOf } from './labels';
import { numberedFiling } from './numbered-filing';
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

export function createServiceDocuments(deps: ServiceDocumentDeps): ServiceDocuments {
  const file = numberedFiling({ files: deps.files, keys: deps.keys, renderer: deps.renderer, now: deps.now ?? (() => new Date()) });

  return {
    async create(input) {
      const month = monthOf(input.madeAt, deps.timeZone);
      const t = labelsFor(input.locale);
      // Signers' times in the zone the timeline was written in (the screen's), else this process's.
      const zone = input.timeZone ?? deps.timeZone;
      return file({
        hospitalId: input.hospital.id,
        month,
        stem: serviceNumberStem(input.document, input.hospital.id, month),
        path: 'document',
        render: (number) => deps.renderer.serviceDocument(input, { fontsDir: deps.fontsDir, number, ...(zone ? { timeZone: zone } : {}) }),
        signature: (number) => ({ reason: t('report.service.signReason', { number }), name: input.engineer, location: input.hospital.name, contactInfo: input.contract.name }),
      });
    },
    async blank(input) {
      const rendered = await deps.renderer.serviceBlank(input, { fontsDir: deps.fontsDir });
      return { pdfBase64: Buffer.from(rendered.bytes).toString('base64'), replaced: rendered.replaced };
    },
  };
}
