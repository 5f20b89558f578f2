/**
 * The words and numbers of a periodic report in its language: counts, percentages, dates and
 * times on the China calendar (the contracts' own), names of systems, levels and units. A value
 * that cannot be computed prints as "—", never as a number.
 */
import type { Grade } from '../catalog/period-schema';
import type { Asset, Contract, PromiseStep, SignRole } from '../catalog/reference';
import type { LocalizedText } from '../catalog/schema';
import { localized, translate, type MessageKey, type MessageParams } from '../i18n/translate';
import type { ReportLocale } from '../report/model';

export const NONE = '—';
const CHINA_OFFSET_MS = 8 * 3600_000;

export interface Words {
  locale: ReportLocale;
  t(key: MessageKey, params?: MessageParams): string;
  percent(value: number | null): string;
  grade(value: Grade | null): string;
  at(instant: string): string;
  system(id: string | undefined): string;
  /** A hardware template's name, undefined when the report was not given it. */
  template(id: string): string | undefined;
  level(id: string | undefined): string;
  asset(id: string | undefined): string;
  step(step: PromiseStep): string;
  /** A signer as the contract names them (004: 信息中心 where the others say 信息科). */
  role(role: SignRole): string;
}

/** Hardware templates' names, for what a whole type of unit is counted under (`type:<templateId>`). */
export type TemplateNames = ReadonlyMap<string, LocalizedText>;

export function wordsFor(locale: ReportLocale, contract: Contract, assets: readonly Asset[], templateNames?: TemplateNames): Words {
  const t = (key: MessageKey, params?: MessageParams): string => translate(locale, key, params);
  const systems = new Map(contract.systems.map((s) => [s.id, localized(locale, s.name)]));
  const levels = new Map(contract.faultLevels.map((l) => [l.id, localized(locale, l.name)]));
  const units = new Map(assets.map((a) => [a.id, `${localized(locale, a.name)} · ${a.assetTag}`]));
  return {
    locale,
    t,
    percent: (value) => (value === null ? NONE : `${Number.isInteger(value) ? value : value.toFixed(1)}%`),
    grade: (value) => (value === null ? NONE : t(`period.report.grade.${value}`)),
    // China has kept UTC+8 without summer time since 1991: a fixed offset gives the same text as
    // Intl for every record's time, at a fraction of the cost over thousands of appendix rows.
    at: (instant) => {
      const shifted = new Date(Date.parse(instant) + CHINA_OFFSET_MS).toISOString();
      return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
    },
    // A key the contract no longer names (a system removed since) still prints, as its id.
    template: (id) => {
      const name = templateNames?.get(id);
      return name ? localized(locale, name) : undefined;
    },
    system: (id) => {
      if (id === undefined) return '';
      const template = id.startsWith('type:') ? templateNames?.get(id.slice('type:'.length)) : undefined;
      return template ? localized(locale, template) : (systems.get(id) ?? id);
    },
    level: (id) => (id === undefined ? '' : id === 'unclassified' ? t('period.report.unclassified') : (levels.get(id) ?? id)),
    asset: (id) => (id === undefined ? '' : (units.get(id) ?? id)),
    step: (step) => t(`clock.step.${step}`),
    role: (role) => {
      const named = contract.evaluation.signOff.names?.[role];
      return named ? localized(locale, named) : t(`report.pdf.role.${role}`);
    },
  };
}
