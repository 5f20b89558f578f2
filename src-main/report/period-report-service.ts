/**
 * Periodic reports (issue 12) through the inspection reports' pipeline: numbered
 * "PR-<HOSPITAL>-<yyyymm>-<n>" like the service documents, laid out with their vector charts on
 * the report thread, signed (PAdES) with the device's key and filed under
 * dataDir/reports/<hospital>/<yyyy-mm>/<number>.pdf, so `report.read` hands their bytes back.
 * The PDF's Keywords name the contract, kind and window and the hash of the input it was made
 * from (pdf-identity.ts). Nothing is written until the signed bytes exist.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/crypto/canonical';
import type { ReportCreated } from '../../src-shared/report/model';
import { periodNumberStem, type PeriodReportInput } from '../../src-shared/report/period-report';
import type { ReportFiles } from '../files/report-files';
import type { SigningKeys } from '../signing/identity';
import { labelsFor, monthOf } from './labels';
import { numberedFiling } from './numbered-filing';
import type { ReportRenderer } from './render-thread';

export interface PeriodReportDeps {
  fontsDir: string;
  files: ReportFiles;
  keys: SigningKeys;
  renderer: ReportRenderer;
  timeZone?: string;
  now?: () => Date;
}

export interface PeriodReports {
  create(input: PeriodReportInput): Promise<ReportCreated>;
}

export function createPeriodReports(deps: PeriodReportDeps): PeriodReports {
  const file = numberedFiling({ files: deps.files, keys: deps.keys, renderer: deps.renderer, now: deps.now ?? (() => new Date()) });
  return {
    create(input) {
      const month = monthOf(input.madeAt, deps.timeZone);
      const hash = createHash('sha256').update(canonicalJson(input)).digest('hex');
      const t = labelsFor(input.locale);
      return file({
        hospitalId: input.hospital.id,
        month,
        stem: periodNumberStem(input.hospital.id, month),
        path: 'kind',
        render: (number) => deps.renderer.periodReport(input, { fontsDir: deps.fontsDir, number, hash, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) }),
        signature: (number) => ({ reason: t('period.report.signReason', { number }), name: input.engineer, location: input.hospital.name, contactInfo: input.contract.name }),
      });
    },
  };
}
