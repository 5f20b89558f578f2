/** A level's promised times as words: "响应 30 分钟 · 到场 2 小时 · 解决 1 个工作日". */
import type { Contract, Duration, FaultLevel, PromiseStep } from '../../../src-shared/catalog/reference';
import type { ReportChannel } from '../../../src-shared/service/record';
import type { Translator } from '../../i18n/i18n';

const STEPS: readonly PromiseStep[] = ['respond', 'setOut', 'onSite', 'propose', 'resolve'];

export const durationText = (t: Translator['t'], d: Duration): string =>
  d.amount === 0 ? t('svc.dur.immediate') : t(`svc.dur.${d.unit}`, { n: d.amount });

function list(t: Translator['t'], promises: Partial<Record<PromiseStep, Duration>>): string {
  return STEPS.flatMap((s) => {
    const d = promises[s];
    return d ? [`${t(`svc.promise.${s}`)} ${durationText(t, d)}`] : [];
  }).join(' · ');
}

/**
 * How the contract's own wording is counted, where that is not plain from the times: the clock's
 * start (004: from the hospital's written report), and a promise the seed states twice (004's
 * Fatal 2 h vs 4 h: which one the clock uses, and why).
 */
export function termsNotes(t: Translator['t'], l: Translator['l'], contract: Pick<Contract, 'clockStart'>, level: FaultLevel, channel?: ReportChannel): string[] {
  const notes: string[] = [];
  if (contract.clockStart === 'written_report') notes.push(t(channel === 'written' ? 'svc.terms.writtenStartWritten' : 'svc.terms.writtenStart'));
  for (const also of level.alsoStated) notes.push(t('clock.alsoStated', { quote: also.quote, why: l(also.why) }));
  return notes;
}

export function promiseText(t: Translator['t'], level: FaultLevel): string {
  const inHours = list(t, level);
  const outside = level.outsideHours ? list(t, level.outsideHours) : '';
  const text = inHours || t('svc.dur.none');
  return outside ? `${text}；${t('svc.outsideHoursPrefix')}${outside}` : text;
}

/** `<input type="datetime-local">` speaks local time without a zone: to and from ISO instants. */
export function toLocalInput(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const ms = new Date(value).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The future-time rule's tolerance (service/rules.ts), so the form refuses what the store would. */
export const isFuture = (iso: string, now = new Date()): boolean => Date.parse(iso) > now.getTime() + 60_000;
