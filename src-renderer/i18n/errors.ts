/** Any error that reaches a screen, as one sentence in the user's language. */
import { translate, type Locale } from '../../src-shared/i18n/translate';
import { StoreError, asStoreError } from '../db/store-error';
import { ServiceRuleError } from '../db/repositories/service-writes';
import { PlatformError } from '../platform/invoke';

export function describeError(locale: Locale, error: unknown): string {
  const e = asStoreError(error);
  // A service record's event the contract's rules refused: one sentence per problem.
  if (e instanceof ServiceRuleError) return e.problems.map((p) => translate(locale, `rule.${p.code}`)).join(' ');
  if (e instanceof StoreError) return translate(locale, `store.${e.code}`, e.params);
  if (e instanceof PlatformError) {
    // key_unreadable names the secret by its file name; the sentence names it in the user's words.
    const secret = e.error.code === 'key_unreadable' && (e.error.params?.secret === 'signing-key' || e.error.params?.secret === 'office-token') ? e.error.params.secret : undefined;
    const secretName = secret ? translate(locale, `keyrecovery.secret.${secret}`) : '';
    return translate(locale, `rpc.${e.error.code}`, { detail: e.error.message, channel: '', path: '', secretName, ...e.error.params });
  }
  return translate(locale, 'app.error.generic', { detail: e instanceof Error ? e.message : String(e) });
}
