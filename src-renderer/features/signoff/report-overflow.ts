/**
 * Text longer than its report field. New input cannot be (domain/limits.ts caps it at the screen
 * and in the store), but a device's older inspections were signed with whatever was typed, and
 * their report must still print every character of what was signed: the field keeps its
 * beginning and a reference, and the rest goes to the report's overflow pages in parts.
 */
import { LIMITS } from '../../../src-shared/domain/limits';
import { REPORT_FIELD_MAX, type ReportOverflow } from '../../../src-shared/report/model';
import type { Translator } from '../../i18n/i18n';

/** The model holds this many parts at most; a longer text ends with a line saying how much is left out. */
const MAX_PARTS = 2000;

/** Cuts before `n`, never between the two halves of a character outside the BMP. */
function cutAt(text: string, n: number): number {
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}

export function overflowCollector({ t }: Pick<Translator, 't'>) {
  const parts: ReportOverflow[] = [];
  let refs = 0;
  return {
    parts,
    /** `text` as it fits in `max`; what does not fit is kept as overflow parts titled `title`. */
    fit(text: string, max: number, title: string): string {
      // Fields trim; measure what will be printed.
      if (text.trim().length <= max) return text;
      const ref = `A${++refs}`;
      // A heading for the parts: the whole field is what they print, so a shortened title loses nothing.
      title = title.slice(0, cutAt(title, Math.min(title.length, REPORT_FIELD_MAX.caption - 8)));
      const marker = t('report.overflow.marker', { ref });
      const head = cutAt(text, max - marker.length);
      let rest = text.slice(head);
      let n = 0;
      while (rest.length > 0) {
        if (parts.length === MAX_PARTS - 1) {
          parts.push({ ref, title, text: t('report.overflow.omitted', { count: rest.length }) });
          break;
        }
        const end = cutAt(rest, Math.min(rest.length, LIMITS.note));
        parts.push({ ref, title: n === 0 ? title : t('report.overflow.continued', { title }), text: rest.slice(0, end) });
        rest = rest.slice(end);
        n++;
      }
      return text.slice(0, head) + marker;
    },
  };
}
export type OverflowCollector = ReturnType<typeof overflowCollector>;
