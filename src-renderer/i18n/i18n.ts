/**
 * The UI language: zh-CN by default, English on request; the choice is kept in localStorage
 * (a preference, not data, so it does not live in the database).
 */
import { create } from 'zustand';
import type { LocalizedText } from '../../src-shared/catalog/schema';
import { localized, translate, type Locale, type MessageKey, type MessageParams } from '../../src-shared/i18n/translate';

const STORAGE_KEY = 'xunjian.locale';

function initialLocale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

interface LocaleState {
  locale: Locale;
  setLocale(locale: Locale): void;
}

export const useLocale = create<LocaleState>((set) => ({
  locale: initialLocale(),
  setLocale(locale) {
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
    set({ locale });
  },
}));

export interface Translator {
  locale: Locale;
  t(key: MessageKey, params?: MessageParams): string;
  l(text: LocalizedText): string;
}

export function useT(): Translator {
  const locale = useLocale((s) => s.locale);
  return { locale, t: (key, params) => translate(locale, key, params), l: (text) => localized(locale, text) };
}
