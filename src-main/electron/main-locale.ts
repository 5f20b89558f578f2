/** The main process's own strings (menus, dialogs) in the system's language, from the shared dictionaries. */
import { translate, type Locale, type MessageKey, type MessageParams } from '../../src-shared/i18n/translate';

/** zh-CN for any Chinese system locale (zh, zh-CN, zh-TW…), English otherwise. */
export function mainLocale(appLocale: string): Locale {
  return appLocale.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function mainTranslator(appLocale: string): Translate {
  const locale = mainLocale(appLocale);
  return (key, params) => translate(locale, key, params);
}
