/** How an answer reads on screen (and, later, in the report), in the UI language. */
import type { Item } from '../../../src-shared/catalog/schema';
import type { AnswerValue } from '../../../src-shared/domain/answer';
import type { Translator } from '../../i18n/i18n';

/** `full` keeps a text answer whole; lists shorten it to its first 60 characters. */
export function formatAnswer({ t, l }: Translator, item: Item, value: AnswerValue, { full = false }: { full?: boolean } = {}): string {
  switch (value.kind) {
    case 'na':
      return t('insp.na');
    case 'check':
      return t(value.result === 'pass' ? 'insp.pass' : 'insp.fail');
    case 'number':
      return item.kind === 'number' ? `${value.value} ${item.unit}` : String(value.value);
    case 'text':
      return !full && value.text.length > 60 ? `${value.text.slice(0, 60)}…` : value.text;
    case 'choice': {
      const option = item.kind === 'choice' ? item.options.find((o) => o.id === value.optionId) : undefined;
      return option ? l(option.label) : value.optionId;
    }
    case 'photo':
      return t('insp.photoCount', { count: value.count, min: item.kind === 'photo' ? item.minPhotos : 1 });
  }
}
