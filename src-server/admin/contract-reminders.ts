/**
 * What a saved contract should make the administrator check, never a refusal, pure: service hours
 * changed without their text, and texts whose Chinese changed without their English or whose
 * English is still a new contract's default (contract-defaults.ts). The saved page names each by
 * its key in `contractTexts`.
 */
import type { Contract } from '../../src-shared/catalog/reference';
import { newContractFields } from './contract-defaults';

/** A contract's texts by a key the saved page can name: `name`, `hours.desc`, `sys.<id>.name`, `lvl.<id>.desc`… */
export function contractTexts(c: Contract): Map<string, { zh: string; en: string }> {
  const texts = new Map<string, { zh: string; en: string }>([
    ['name', c.name],
    ['hours.desc', c.serviceHours.description],
    ['insp.desc', c.inspection.description],
    ['sign.desc', c.signOff.description],
  ]);
  c.systems.forEach((s) => texts.set(`sys.${s.id}.name`, s.name));
  c.faultLevels.forEach((l) => {
    texts.set(`lvl.${l.id}.name`, l.name);
    texts.set(`lvl.${l.id}.desc`, l.description);
    if (l.resolveNote) texts.set(`lvl.${l.id}.note`, l.resolveNote);
  });
  return texts;
}

const DEFAULTS = newContractFields([], '', '2000-01-01');
/** The service hours a new contract's form starts with, and their text. */
const DEFAULT_HOURS = { days: 'workdays' as const, start: DEFAULTS['hours.start'] ?? '', end: DEFAULTS['hours.end'] ?? '', phone24x7: false, faultResponse24x7: false };
const DEFAULT_HOURS_TEXT = { zh: DEFAULTS['hours.descZh'] ?? '', en: DEFAULTS['hours.descEn'] ?? '' };
/** Each English text a new contract's form starts with, and the Chinese it goes with ("Level 3" → 三级故障). */
export const DEFAULT_ENGLISH: ReadonlyMap<string, string> = new Map(
  Object.keys(DEFAULTS)
    .filter((k) => k.endsWith('En') && DEFAULTS[k] && DEFAULTS[`${k.slice(0, -2)}Zh`])
    .map((k) => [DEFAULTS[k]!, DEFAULTS[`${k.slice(0, -2)}Zh`]!]),
);

const hoursOf = (h: Pick<Contract['serviceHours'], 'days' | 'start' | 'end' | 'phone24x7' | 'faultResponse24x7'>): string => JSON.stringify([h.days, h.start, h.end, h.phone24x7, h.faultResponse24x7]);

/**
 * What a saved contract should make the administrator check, never a refusal: `hours` when the
 * service hours (days, times, 24×7) changed but neither language of their text did; and the key of
 * each text (see `contractTexts`) whose Chinese changed while its English did not, or whose English
 * is still a new contract's default while its Chinese is not that default's. A new contract
 * (`before` undefined) is compared with the form it started from.
 */
export function languageChecks(before: Contract | undefined, after: Contract): string[] {
  const checks: string[] = [];
  const hoursText = before?.serviceHours.description ?? DEFAULT_HOURS_TEXT;
  const text = after.serviceHours.description;
  if (hoursOf(before?.serviceHours ?? DEFAULT_HOURS) !== hoursOf(after.serviceHours) && text.zh === hoursText.zh && text.en === hoursText.en) checks.push('hours');
  const old = before ? contractTexts(before) : new Map<string, { zh: string; en: string }>();
  for (const [key, now] of contractTexts(after)) {
    const was = old.get(key);
    const zhChanged = was === undefined || was.zh !== now.zh;
    const stale = was !== undefined && zhChanged && was.en === now.en;
    const defaultEn = DEFAULT_ENGLISH.get(now.en);
    if (stale || (zhChanged && defaultEn !== undefined && defaultEn !== now.zh)) checks.push(key);
  }
  return checks;
}
