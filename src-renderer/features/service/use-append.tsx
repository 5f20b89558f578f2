/** Adds one event to a record and keeps what went wrong as sentences; nothing is stored when a rule says no. */
import { useState } from 'react';
import { repositories } from '../../db';
import type { ServiceEvent } from '../../../src-shared/service/record';
import { describeError } from '../../i18n/errors';
import { useT } from '../../i18n/i18n';
import { ruleSentences } from './rule-message';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event as the screen states it; the store gives it its id, write time and clock check. */
export type NewEvent = DistributiveOmit<ServiceEvent, 'id' | 'recordedAt' | 'clock'>;

export function useAppend(recordId: string) {
  const { t, locale } = useT();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  async function append(event: NewEvent): Promise<boolean> {
    setBusy(true);
    setProblems([]);
    try {
      const result = await repositories().serviceRecords.append(recordId, event);
      if (!result.ok) setProblems(ruleSentences(t, result.problems));
      return result.ok;
    } catch (error) {
      setProblems([describeError(locale, error)]);
      return false;
    } finally {
      setBusy(false);
    }
  }
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
