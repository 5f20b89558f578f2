/**
 * Answers shaped like the ones the inspection screen writes: mostly passes, some readings, a few
 * findings with a note, a severity and a fault level. Deterministic, so two runs store the same bytes.
 */
import type { Severity } from '../../src-shared/catalog/schema';
import type { AnswerRow } from '../../src-renderer/db/rows';

/** A seeded generator (tests/helpers/seeded-random.ts): Math.random would make runs differ. */
export type Random = () => number;

export type AnswerFields = Pick<AnswerRow, 'value' | 'outcome' | 'note' | 'photoCount' | 'severity' | 'faultLevelId'>;

const FINDING_NOTES = [
  '数据库服务器 CPU 峰值 92%，已通知信息科观察夜间日结作业',
  '备份任务最近一次失败：磁盘空间不足，已清理归档日志后重跑',
  '叫号屏无信号，更换 HDMI 线后恢复',
  '日志中有大量连接超时告警，建议核查中间件连接池配置',
];
const SEVERITIES: Severity[] = ['critical', 'major', 'minor', 'request'];

function finding(random: Random, value: AnswerFields['value'], outcome: 'fail' | 'out_of_range'): AnswerFields {
  const severity = SEVERITIES[Math.floor(random() * SEVERITIES.length)]!;
  return {
    value,
    outcome,
    note: FINDING_NOTES[Math.floor(random() * FINDING_NOTES.length)]!,
    photoCount: Math.floor(random() * 3),
    severity,
    faultLevelId: `level-${SEVERITIES.indexOf(severity) + 1}`,
  };
}

export function fakeAnswer(random: Random): AnswerFields {
  const pick = random();
  const plain = { note: '', photoCount: 0 };
  if (pick < 0.03) return finding(random, { kind: 'check', result: 'fail' }, 'fail');
  if (pick < 0.05) return finding(random, { kind: 'number', value: 90 + Math.round(random() * 100) / 10 }, 'out_of_range');
  if (pick < 0.6) return { value: { kind: 'check', result: 'pass' }, outcome: 'pass', ...plain };
  if (pick < 0.8) return { value: { kind: 'number', value: Math.round(random() * 800) / 10 }, outcome: 'pass', ...plain };
  if (pick < 0.88) return { value: { kind: 'choice', optionId: 'normal' }, outcome: 'pass', ...plain };
  if (pick < 0.93) return { value: { kind: 'text', text: 'V5.2.1 build 20240611' }, outcome: 'pass', ...plain };
  if (pick < 0.96) return { value: { kind: 'photo', count: 1 }, outcome: 'pass', note: '', photoCount: 1 };
  return { value: { kind: 'na' }, outcome: 'na', note: '该院区未部署此模块', photoCount: 0 };
}
