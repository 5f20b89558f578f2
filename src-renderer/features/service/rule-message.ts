/**
 * A rule problem (src-shared/service/rules.ts) as a sentence. The sentences are the store's
 * `rule.<code>` keys; until they are in the dictionary, a general sentence naming the code stands in.
 */
import type { RuleProblem } from '../../../src-shared/service/rules';
import { zhCN, type MessageKey } from '../../../src-shared/i18n/zh-CN';
import type { Translator } from '../../i18n/i18n';

const isKey = (key: string): key is MessageKey => key in zhCN;

export function ruleSentence(t: Translator['t'], problem: RuleProblem): string {
  const key = `rule.${problem.code}`;
  return isKey(key) ? t(key) : t('svc.ruleFallback', { code: problem.code });
}

export const ruleSentences = (t: Translator['t'], problems: readonly RuleProblem[]): string[] => [...new Set(problems.map((p) => ruleSentence(t, p)))];
