/**
 * Keeps every character of a text on paper. jsPDF stops writing a string at the first character
 * its font has no glyph for (and splits characters beyond U+FFFF into two unknown halves), so the
 * rest of the line would vanish without a word. The guard swaps each such character for a visible
 * marker before jsPDF sees it and counts what it swapped, so the caller can report it. Invisible
 * format characters (direction marks, zero-width characters) are left out instead.
 */
import type { ReplacedCharacter } from '../../src-shared/report/model';

export const REPLACEMENT = '□';

export interface GlyphGuard {
  /** The text with every undrawable character replaced and invisible format characters left out. */
  clean(text: string): string;
  replaced(): ReplacedCharacter[];
}

export function createGlyphGuard(hasGlyph: (codePoint: number) => boolean): GlyphGuard {
  const counts = new Map<string, number>();
  const known = new Map<number, boolean>();
  const drawable = (cp: number): boolean => {
    let ok = known.get(cp);
    if (ok === undefined) {
      ok = cp <= 0xffff && hasGlyph(cp);
      known.set(cp, ok);
    }
    return ok;
  };
  return {
    clean(text) {
      let out = '';
      let changed = false;
      for (const char of text) {
        const cp = char.codePointAt(0)!;
        if (char === '\n') {
          out += char;
        } else if (isInvisibleFormat(cp)) {
          // Direction marks, zero-width joiners and the like draw nothing: leaving them out loses
          // nothing on paper, where a □ would show something that is not there (and a stray
          // U+202E would turn a name around on screens that show the list of replaced characters).
          changed = true;
        } else if (char === '\t' || char === '\r') {
          out += ' ';
          changed = true;
        } else if (!isControl(cp) && drawable(cp)) {
          out += char;
        } else {
          out += REPLACEMENT;
          counts.set(char, (counts.get(char) ?? 0) + 1);
          changed = true;
        }
      }
      return changed ? out : text;
    },
    replaced() {
      return [...counts].map(([char, count]) => ({
        char,
        codePoint: `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
        count,
      }));
    },
  };
}

/** C0 and C1 controls: never drawn, and jsPDF would mishandle them. */
function isControl(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/**
 * Characters that only steer how text around them is shown (Unicode Cf, the ones people's text
 * carries): bidirectional marks, embeddings, overrides and isolates, zero-width space and joiners,
 * word joiner, byte order mark, and variation selectors.
 */
export function isInvisibleFormat(cp: number): boolean {
  return (
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0x061c ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
