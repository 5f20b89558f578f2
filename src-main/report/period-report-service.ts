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
import { RpcFailure } from '../../src-shared/rpc/result';
import type { ReportFiles } from '../files/report-files';
import { commonName, type SigningKeys } from '../signing/identity';
import { labelsFor, monthOf } from './labels';
import type { ReportRenderer } from './render-thread';
import { nextCounter, oneAtATime } from './service-document-service';

export interface PeriodReportDeps {
  fontsDir: string;
  files: ReportFiles;
  keys: SigningKeys;
  renderer: ReportRenderer;
  timeZone?: string;
  now?: () => Date;
}

const MAX_PER_MONTH = 9999;

export interface PeriodReports {
  create(input: PeriodReportInput): Promise<ReportCreated>;
}

export function createPeriodReports(deps: PeriodReportDeps): PeriodReports {
  const now = deps.now ?? (() => new Date());
  const serially = oneAtATime();
  return {
    create(input) {
      const month = monthOf(input.madeAt, deps.timeZone);
      const stem = periodNumberStem(input.hospital.id, month);
      const hash = createHash('sha256').update(canonicalJson(input)).digest('hex');
      return serially(stem, async () => {
        const n = await nextCounter(deps.files, input.hospital.id, month, stem);
        if (n > MAX_PER_MONTH) throw new RpcFailure('bad_input', `more than ${MAX_PER_MONTH} reports under ${stem}`, { path: 'kind' });
        const reportNumber = `${stem}${n}`;
        const rendered = await deps.renderer.periodReport(input, { fontsDir: deps.fontsDir, number: reportNumber, hash, ...(deps.timeZone ? { timeZone: deps.timeZone } : {}) });
        const material = await deps.keys.material();
        const t = labelsFor(input.locale);
        const signed = await deps.renderer.sign(rendered.bytes, material, {
          reason: t('period.report.signReason', { number: reportNumber }),
          name: input.engineer,
          location: input.hospital.name,
          contactInfo: input.contract.name,
          signingTime: now(),
        });
        const at = { hospitalId: input.hospital.id, month, reportNumber };
        const file = await deps.files.write(at, signed);
        const sha256 = createHash('sha256').update(signed).digest('hex');
        return { ...at, path: file, sha256, size: signed.length, signedBy: commonName(material.info), replaced: rendered.replaced };
      });
    },
  };
}
