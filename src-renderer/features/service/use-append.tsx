/** Adds one event to a record (or runs another write of it) and keeps what went wrong as sentences; nothing is stored when a rule says no. */
import { useState } from 'react';
import { repositories } from '../../db';
import type { ServiceEvent } from '../../../src-shared/service/record';
import type { RuleProblem } from '../../../src-shared/service/rules';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { ruleSentences } from './rule-message';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as the screen states it; the store gives it its id, write time and clock check. */
export type NewEvent = DistributiveOmit<ServiceEvent, 'id' | 'recordedAt' | 'clock'>;

type WriteResult = { ok: true } | { ok: false; problems: RuleProblem[] };

/** Runs one repository write of a record, keeping what went wrong as sentences. */
export function useWrite() {
  const { t, locale } = useT();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  async function run(write: () => Promise<WriteResult>): Promise<boolean> {
    setBusy(true);
    setProblems([]);
    try {
      const result = await write();
      if (!result.ok) setProblems(ruleSentences(t, result.problems));
      return result.ok;
    } catch (error) {
      setProblems([describeError(locale, error)]);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { run, busy, problems };
}

export function useAppend(recordId: string) {
  const { run, busy, problems } = useWrite();
  const append = (event: NewEvent): Promise<boolean> => run(() => repositories().serviceRecords.append(recordId, event));
  return { append, busy, problems };
}

export function Problems({ problems, testId = 'problems' }: { problems: readonly string[]; testId?: string }) {
  if (problems.length === 0) return null;
  return (
    <p className="field-error" role="alert" data-testid={testId}>
      {problems.join(' ')}
    </p>
  );
}
