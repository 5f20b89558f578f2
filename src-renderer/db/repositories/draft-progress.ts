/**
 * A draft's progress (answered and finding counts, latest answer, resume point) is derived from
 * its answers when the draft is read, not kept on the inspection row. Saving an answer then
 * writes one row: on a store with a million answers every extra row in the transaction showed in
 * the save's tail (bench/store: p99 20.7 ms with the inspection row rewritten, one frame is 16).
 * Reads pay instead: a draft has at most a few hundred answers, and there are few drafts.
 */
import { isDone, isFinding } from '../../../src-shared/domain/answer';
import type { AnswerRow, InspectionRow } from '../rows';

/**
 * Orders a draft's writes: answers and cursor moves are compared by stamp to find which came last.
 * Milliseconds of the wall clock, but never less than one more than the last stamp seen, so two
 * writes in the same millisecond, a frozen clock or a clock set back between them still order.
 */
export function writeClock(now: () => Date) {
  let last = 0;
  return {
    next(): number {
      last = Math.max(now().getTime(), last + 1);
      return last;
    },
    /** Called with the stamps found in a draft as it is read, before anyone edits it. */
    observe(stamp: number | undefined): void {
      if (stamp !== undefined && stamp > last) last = stamp;
    },
  };
}
export type WriteClock = ReturnType<typeof writeClock>;

/** The draft as its answers say it is; completed and signed rows are returned as stored. */
export function withProgress(inspection: InspectionRow, answers: readonly AnswerRow[]): InspectionRow {
  if (inspection.status !== 'draft') return inspection;
  let findingCount = 0;
  let doneCount = 0;
  let lastAnsweredAt: string | undefined;
  let latest: AnswerRow | undefined;
  for (const answer of answers) {
    if (isFinding(answer.outcome)) findingCount++;
    if (isDone(answer.requires ?? 'none', answer)) doneCount++;
    if (lastAnsweredAt === undefined || answer.answeredAt > lastAnsweredAt) lastAnsweredAt = answer.answeredAt;
    if ((answer.stamp ?? 0) > (latest?.stamp ?? 0)) latest = answer;
  }
  // Answers saved before stamps existed wrote the cursor onto the row with them, so it is right.
  const resumeAfterAnswer = latest?.next !== undefined && (latest.stamp ?? 0) > (inspection.cursorStamp ?? 0) ? latest.next : undefined;
  return {
    ...inspection,
    answeredCount: doneCount,
    findingCount,
    ...(lastAnsweredAt === undefined ? {} : { lastAnsweredAt }),
    cursor: resumeAfterAnswer ?? inspection.cursor,
  };
}

/** The highest stamp in a draft, so a clock that was set back cannot order new writes before it. */
export function highestStamp(inspection: InspectionRow, answers: readonly AnswerRow[]): number {
  return answers.reduce((max, a) => Math.max(max, a.stamp ?? 0), inspection.cursorStamp ?? 0);
}
