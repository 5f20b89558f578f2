/**
 * What seed 002's monthly inspection report (and its 年度运维总结报告) prints beyond the shared
 * sections: the 建议 built from the window's findings, the 优/良/差 the IT office gave when signing
 * the window's sheets, and the places where the clinical department and the IT department sign
 * (「巡检报告需要临床和信息科签字」), for ink or for signatures drawn on the device.
 */
import { localized } from '../i18n/translate';
import type { PeriodBlock, PeriodSection } from '../report/period-report';
import type { Words } from './report-format';
import type { PeriodFigures } from './types';

/** The window's findings (service-quality items are about the vendor, not a system: left out), each with its system and sheet. */
export function adviceSection(figures: PeriodFigures, w: Words): PeriodSection {
  const rows = figures.trace
    .filter((t) => t.figure === 'findings' && t.counted)
    .map((t) => [[w.system(t.systemId), w.asset(t.assetId)].filter(Boolean).join(' · ') || '—', t.label ? localized(w.locale, t.label) : '—', t.reference]);
  const blocks: PeriodBlock[] = [
    { type: 'paragraph', text: w.t(rows.length > 0 ? 'period.report.advice.intro' : 'period.report.advice.none'), tone: 'normal' },
  ];
  if (rows.length > 0) {
    blocks.push({
      type: 'table',
      title: w.t('period.report.section.advice'),
      columns: [
        { header: w.t('period.report.col.subject'), weight: 3, align: 'left' },
        { header: w.t('period.report.col.finding'), weight: 4, align: 'left' },
        { header: w.t('period.report.col.inspectionReport'), weight: 2.5, align: 'left' },
      ],
      rows,
      empty: '',
    });
  }
  return { heading: w.t('period.report.section.advice'), blocks };
}

/** The sign-off's satisfaction verdicts by value, with the total; their records are in the appendix. */
export function signOffRatingsSection(figures: PeriodFigures, w: Words): PeriodSection {
  const r = figures.signOffRatings;
  const values = [
    ['excellent', r.excellent],
    ['good', r.good],
    ['poor', r.poor],
  ] as const;
  const total = r.excellent + r.good + r.poor;
  return {
    heading: w.t('period.report.section.signOffRatings'),
    blocks: [
      {
        type: 'table',
        title: w.t('period.report.section.signOffRatings'),
        columns: [
          { header: w.t('period.report.signOffRatings.value'), weight: 5, align: 'left' },
          { header: w.t('period.report.col.count'), weight: 1.5, align: 'right' },
        ],
        rows: total === 0 ? [] : [...values.map(([k, n]) => [w.t(`report.pdf.rating.${k}`), String(n)]), [w.t('period.report.total'), String(total)]],
        empty: w.t('period.report.signOffRatings.none'),
      },
    ],
  };
}

/** The clinical department's and the IT department's places: a drawn signature when the device passes one, else lines for ink. */
export function monthlySignSection(w: Words): PeriodSection {
  const lines = [w.t('period.report.monthly.signer'), w.t('period.report.monthly.date')];
  return {
    heading: w.t('period.report.section.monthlySign'),
    blocks: [
      { type: 'paragraph', text: w.t('period.report.monthly.signNote'), tone: 'note' },
      { type: 'sign', role: 'department', label: w.t('period.report.monthly.signDepartment'), lines },
      { type: 'sign', role: 'it_office', label: w.t('period.report.monthly.signIt'), lines },
    ],
  };
}
