/**
 * Seed 004's 附件1 (售后维保服务评价报告) from the computed evaluation: the two evaluators' sections
 * (使用科室 服务水平评价, 信息中心 服务质量评价) with the boxes ticked from the computed grades, the
 * late responses and resolutions with the deduction, the failures for want of notice by level, the
 * 其他 line, the places for the evaluators' signatures and the supervisor's and auditor's seals.
 * The computed figures are for the evaluators to confirm: a box is ticked only where the records
 * decide it, and every gap is printed plainly for them to resolve.
 */
import type { Grade } from '../catalog/period-schema';
import type { Contract } from '../catalog/reference';
import type { PeriodBlock, PeriodSection } from '../report/period-report';
import type { Annex004Result, Annex004Section, EvaluationGap } from './types';
import { NONE, type Words } from './report-format';

const GRADES: Grade[] = ['excellent', 'good', 'pass', 'fail'];

function choices(label: string, chosen: Grade | null, note: string, w: Words): PeriodBlock {
  return { type: 'choices', label, options: GRADES.map((g) => ({ text: w.grade(g), checked: g === chosen })), note };
}

function yuan(amount: number | undefined): string {
  return amount === undefined ? '' : `（${amount.toFixed(2)} 元）`;
}

export function gapText(gap: EvaluationGap, w: Words): string {
  switch (gap.code) {
    case 'no_spot_checks':
      return w.t('period.report.gap.noSpotChecks', { evaluator: w.t(`period.report.evaluator.${gap.evaluator}`) });
    case 'no_written_report':
      return w.t('period.report.gap.noWrittenReport', { reference: gap.reference });
    case 'unclassified':
      return w.t('period.report.gap.unclassified', { reference: gap.reference });
    case 'no_fee':
      return gap.systemId ? w.t('period.report.gap.noFeeSystem', { system: w.system(gap.systemId) }) : w.t('period.report.gap.noFee');
  }
}

function sectionBlocks(section: Annex004Section | undefined, annex: Annex004Result, w: Words): PeriodBlock[] {
  const rate = section
    ? w.t('period.report.annex.rateValue', { passed: section.passed, checked: section.checked, percent: w.percent(section.percent) })
    : NONE;
  return [
    { type: 'fields', rows: [{ label: w.t('period.report.annex.spotRate'), value: rate }] },
    choices(w.t('period.report.annex.spotRate'), section?.rateGrade ?? null, w.t('period.report.annex.spotRule'), w),
    { type: 'fields', rows: [{ label: w.t('period.report.annex.adverseCount'), value: String(annex.adverseEvents) }] },
    choices(w.t('period.report.annex.adverse'), section?.adverseGrade ?? null, w.t('period.report.annex.adverseRule'), w),
  ];
}

export function annexSections(contract: Contract, annex: Annex004Result, w: Words): PeriodSection[] {
  const find = (e: 'department' | 'it_office'): Annex004Section | undefined => annex.sections.find((s) => s.evaluator === e);
  const other = (): PeriodBlock => ({ type: 'fields', rows: [{ label: w.t('period.report.annex.other'), value: '' }] });
  const sign = (role: 'department' | 'it_office'): PeriodBlock => ({ type: 'sign', role, label: w.t('period.report.annex.evaluator'), lines: [w.t('period.report.annex.evaluatedOn')] });
  const evaluators = contract.evaluation.annex004?.evaluators ?? ['department', 'it_office'];
  const sections: PeriodSection[] = [];
  if (evaluators.includes('department')) {
    sections.push({ heading: w.t('period.report.annex.department'), blocks: [...sectionBlocks(find('department'), annex, w), other(), sign('department')] });
  }
  if (evaluators.includes('it_office')) {
    const late = annex.late;
    const lateCount = late.responses + late.resolutions;
    // Records without the written report (004 starts the clock there) cannot be judged: a bare 0 would read as "none late".
    const missing = annex.gaps.filter((g) => g.code === 'no_written_report').length;
    const notices = annex.noticeFailures.reduce((s, f) => s + f.count, 0);
    const noticeRows = annex.noticeFailures.map((f) => [
      w.level(f.levelId),
      w.system(f.systemId),
      String(f.count),
      `${f.percent}%`,
      f.amount === undefined ? NONE : f.amount.toFixed(2),
    ]);
    sections.push({
      heading: w.t('period.report.annex.itOffice'),
      blocks: [
        ...sectionBlocks(find('it_office'), annex, w),
        {
          type: 'fields',
          rows: [
            {
              label: w.t('period.report.annex.late'),
              value: w.t(missing > 0 ? 'period.report.annex.lateValueGaps' : 'period.report.annex.lateValue', { n: lateCount, responses: late.responses, resolutions: late.resolutions, missing }),
            },
            {
              label: w.t('period.report.annex.deduction'),
              value: missing > 0 ? w.t('period.report.annex.deductionGaps', { percent: `${late.deductionPercent}%${yuan(late.deductionAmount)}`, missing }) : `${late.deductionPercent}%${yuan(late.deductionAmount)}`,
            },
          ],
        },
        { type: 'paragraph', text: w.t('period.report.annex.lateRule'), tone: 'note' },
        { type: 'fields', rows: [{ label: w.t('period.report.annex.notice'), value: w.t('period.report.annex.noticeValue', { n: notices }) }] },
        {
          type: 'table',
          title: w.t('period.report.annex.notice'),
          columns: [
            { header: w.t('period.report.col.level'), weight: 2, align: 'left' },
            { header: w.t('period.report.col.system'), weight: 3, align: 'left' },
            { header: w.t('period.report.col.count'), weight: 1.2, align: 'right' },
            { header: w.t('period.report.col.percent'), weight: 1.4, align: 'right' },
            { header: w.t('period.report.col.amount'), weight: 1.8, align: 'right' },
          ],
          rows: noticeRows,
          empty: w.t('period.report.annex.noNotice'),
        },
        { type: 'paragraph', text: w.t('period.report.annex.noticeRule'), tone: 'note' },
        other(),
        sign('it_office'),
      ],
    });
  }
  const seals = contract.evaluation.annex004?.seals ?? [];
  const result: PeriodBlock[] = [
    { type: 'fields', rows: [{ label: w.t('period.report.annex.grade'), value: w.grade(annex.grade) }] },
    ...(annex.gaps.length > 0
      ? [
          { type: 'paragraph' as const, text: w.t('period.report.annex.gaps'), tone: 'warning' as const },
          ...annex.gaps.map((g) => ({ type: 'paragraph' as const, text: `· ${gapText(g, w)}`, tone: 'warning' as const })),
        ]
      : []),
    { type: 'paragraph', text: w.t('period.report.annex.confirm'), tone: 'note' },
    ...seals.map(
      (seal): PeriodBlock =>
        seal === 'supervisor'
          ? { type: 'sign', role: 'supervisor', label: w.t('period.report.annex.supervisor'), lines: [w.t('period.report.annex.supervisorName'), w.t('period.report.annex.date')] }
          : { type: 'sign', role: 'auditor', label: w.t('period.report.annex.auditor'), lines: [w.t('period.report.annex.auditorName'), w.t('period.report.annex.date')] },
    ),
  ];
  sections.push({ heading: w.t('period.report.annex.result'), blocks: result });
  return sections;
}
