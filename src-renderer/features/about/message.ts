/**
 * A notice on the About screen kept as what it means (a message key and its params, or the error
 * itself), not as a sentence: it is put into words at render time, so a notice shown before the
 * engineer switches language is read in the new language.
 */
import type { Locale, MessageKey, MessageParams } from '../../../src-shared/i18n/translate';
import { translate } from '../../../src-shared/i18n/translate';
import { describeError } from '../../i18n/errors';

/** A sentence by key; with `error`, the error's own sentence fills the `{detail}` param. Or just an error. */
export type Message = { key: MessageKey; params?: MessageParams; error?: unknown } | { error: unknown };

export function messageText(locale: Locale, message: Message): string {
  if (!('key' in message)) return describeError(locale, message.error);
  const params = 'error' in message && message.error !== undefined ? { ...message.params, detail: describeError(locale, message.error) } : message.params;
  return translate(locale, message.key, params);
}
