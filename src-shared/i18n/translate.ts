/** Looks up a message and fills its {placeholders}. Pure: the locale is passed in. */
import type { LocalizedText } from '../catalog/schema';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };
export type MessageParams = Record<string, string | number>;

const DICTIONARIES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function translate(locale: Locale, key: MessageKey, params: MessageParams = {}): string {
  return DICTIONARIES[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Picks the catalog's text in the UI language. */
export function localized(locale: Locale, text: LocalizedText): string {
  return locale === 'en' ? text.en : text.zh;
}
