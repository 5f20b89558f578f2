/** A photo that could not be added, in the engineer's words: the file named, or the store's reason. */
import type { Locale } from '../../../src-shared/i18n/translate';
import { describeError } from '../../i18n/errors';
import type { Translator } from '../../i18n/i18n';
import { PhotoError } from './photo';

export function photoProblem(t: Translator['t'], locale: Locale, error: unknown): string {
  return error instanceof PhotoError
    ? t(error.reason === 'too_large' ? 'insp.photo.tooLarge' : 'insp.photo.notImage', { name: error.fileName, size: error.sizeMb })
    : describeError(locale, error);
}
