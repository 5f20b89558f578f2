/**
 * Years of past inspections for the find tests, written into the app's IndexedDB as the store
 * leaves them (rows of the current schema, `subjects` derived from the targets as db/subjects.ts
 * does), since walking hundreds of inspections through the UI would take the test an hour.
 */
import type { Page } from 'playwright-core';
import { DB_NAME } from '../../../src-renderer/db/database';
import { answerId, type AnswerRow, type InspectionRow } from '../../../src-renderer/db/rows';
import { subjectsOf } from '../../../src-renderer/db/subjects';
import type { Target } from '../../../src-shared/domain/steps';

/** A signed inspection as the app leaves one, started at `startedAt` and signed an hour later. */
export function signedInspection(id: string, hospitalId: string, contractId: string, startedAt: Date, targets: Target[], steps: number): InspectionRow {
  const signedAt = new Date(startedAt.getTime() + 3_600_000).toISOString();
  return {
    id,
    hospitalId,
    contractId,
    engineer: '赵工',
    status: 'signed',
    createdAt: startedAt.toISOString(),
    updatedAt: signedAt,
    completedAt: signedAt,
    targets,
    cursor: null,
    totalSteps: steps,
    answeredCount: steps,
    findingCount: 0,
    signoff: {
      hash: 'a'.repeat(64),
      signedAt,
      reportNumber: `QD-${startedAt.toISOString().slice(0, 10)}-${id}`,
      rating: { value: 'good', comment: '' },
      recommendations: '',
      duplicate: false,
    },
  };
}

/** A check item's answer: pass, or a finding with its note, severity and the contract's level. */
export function checkAnswer(inspectionId: string, subject: string, templateId: string, itemId: string, answeredAt: string, finding?: { note: string; severity: 'major' | 'minor'; faultLevelId: string }): AnswerRow {
  const stepKey = `${subject}#${itemId}`;
  return {
    id: answerId(inspectionId, stepKey),
    inspectionId,
    stepKey,
    subject,
    templateId,
    itemId,
    value: { kind: 'check', result: finding ? 'fail' : 'pass' },
    outcome: finding ? 'fail' : 'pass',
    note: finding?.note ?? '',
    photoCount: 0,
    answeredAt,
    ...(finding ? { severity: finding.severity, faultLevelId: finding.faultLevelId } : {}),
  };
}

/** Writes the rows beside what the app stored, then reloads so the screens read them. */
export async function seedHistory(page: Page, inspections: InspectionRow[], answers: AnswerRow[]): Promise<void> {
  const rows = inspections.map((r) => ({ ...r, findingCount: answers.filter((a) => a.inspectionId === r.id && a.outcome === 'fail').length, subjects: subjectsOf(r.targets) }));
  await page.evaluate(
    async ({ name, rows, answers }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(['inspections', 'answers'], 'readwrite');
        for (const row of rows) tx.objectStore('inspections').put(row);
        for (const answer of answers) tx.objectStore('answers').put(answer);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { name: DB_NAME, rows, answers },
  );
  await page.reload();
}
