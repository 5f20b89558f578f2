/**
 * The history the store is filled with: inspections of the five demo hospitals, one a day each for
 * about five and a half years, with the rows the app itself writes (counters, targets, sign-off).
 */
import { answerId, type AnswerRow, type InspectionRow, type InspectionStatus } from '../../src-renderer/db/rows';
import { isFinding } from '../../src-shared/domain/answer';
import type { Target } from '../../src-shared/domain/steps';
import { ANSWERS_PER_INSPECTION, HOSPITALS, SYSTEM_ITEMS, UNIT_ITEMS, UNITS } from '../store/protocol';
import { seededRandom } from '../../tests/helpers/seeded-random';
import { fakeAnswer, type Random } from './fake-answers';

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2021, 0, 4, 1, 0);

export interface BenchStep {
  key: string;
  subject: string;
  templateId: string;
  itemId: string;
}

/** Step i of a visit: the HIS system's items first, then workstation after workstation. */
export function stepAt(hospitalId: string, i: number): BenchStep {
  const onSystem = i < SYSTEM_ITEMS;
  const subject = onSystem ? `system:${hospitalId}-his` : `asset:${hospitalId}-ws-${Math.floor((i - SYSTEM_ITEMS) / UNIT_ITEMS) + 1}`;
  const itemNo = onSystem ? i : (i - SYSTEM_ITEMS) % UNIT_ITEMS;
  const itemId = `${onSystem ? 'his' : 'ws'}-item-${String(itemNo + 1).padStart(2, '0')}`;
  return { key: `${subject}#${itemId}`, subject, templateId: onSystem ? 'his' : 'workstation', itemId };
}

export function targetsOf(hospitalId: string, units = UNITS): Target[] {
  return [
    { kind: 'system', systemId: `${hospitalId}-his`, templateId: 'his', templateVersion: 3 },
    {
      kind: 'hardware',
      templateId: 'workstation',
      templateVersion: 2,
      assetIds: Array.from({ length: units }, (_, k) => `${hospitalId}-ws-${k + 1}`),
    },
  ];
}

/** UUID-shaped, like crypto.randomUUID(), so keys have the app's length; seeded so runs agree. */
function uuidLike(random: Random): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function statusOf(random: Random): InspectionStatus {
  const pick = random();
  if (pick < 0.02) return 'draft';
  return pick < 0.45 ? 'signed' : 'completed';
}

export function seedInspection(index: number): { inspection: InspectionRow; answers: AnswerRow[] } {
  const random = seededRandom(index + 1);
  const hospitalId = HOSPITALS[index % HOSPITALS.length]!;
  const day = Math.floor(index / HOSPITALS.length);
  const start = FIRST_DAY + day * DAY + Math.floor(random() * 8 * 3_600_000);
  const id = uuidLike(random);
  const status = statusOf(random);
  const answered = status === 'draft' ? 30 + Math.floor(random() * 60) : ANSWERS_PER_INSPECTION;
  const answers: AnswerRow[] = [];
  for (let i = 0; i < answered; i++) {
    const step = stepAt(hospitalId, i);
    answers.push({
      id: answerId(id, step.key),
      inspectionId: id,
      stepKey: step.key,
      subject: step.subject,
      templateId: step.templateId,
      itemId: step.itemId,
      ...fakeAnswer(random),
      answeredAt: new Date(start + i * 45_000).toISOString(),
    });
  }
  const createdAt = new Date(start).toISOString();
  const updatedAt = answers[answers.length - 1]?.answeredAt ?? createdAt;
  const inspection: InspectionRow = {
    id,
    hospitalId,
    contractId: `${hospitalId}-${2021 + Math.floor(day / 365)}`,
    engineer: ['王工', '李工', '陈工'][index % 3]!,
    status,
    createdAt,
    updatedAt,
    targets: targetsOf(hospitalId),
    cursor: status === 'draft' ? stepAt(hospitalId, answered).key : null,
    totalSteps: ANSWERS_PER_INSPECTION,
    answeredCount: answered,
    findingCount: answers.filter((a) => isFinding(a.outcome)).length,
  };
  if (status !== 'draft') inspection.completedAt = updatedAt;
  if (status === 'signed') {
    inspection.signoff = {
      hash: uuidLike(random).replaceAll('-', '').repeat(2),
      signedAt: updatedAt,
      reportNumber: `${hospitalId.toUpperCase()}-${updatedAt.slice(0, 7)}-${String(day).padStart(4, '0')}`,
      rating: { value: 'good', comment: '' },
      recommendations: '建议下季度扩容数据库服务器内存。',
      duplicate: false,
    };
  }
  return { inspection, answers };
}
