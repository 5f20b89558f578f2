/**
 * Line breaking for mixed Chinese and Latin text. Pure: the width of a string is passed in.
 * Chinese may break between any two characters; Latin words, numbers and paths stay whole unless
 * a single one is wider than the line. Closing punctuation never starts a line and opening
 * punctuation never ends one (the common 避头尾 rules), and no character is ever dropped.
 */

/** Characters that must not begin a line. */
const NO_START = new Set('，。、；：？！）】》」』〕〉”’%‰℃°,.;:?!)]}…—·～');
/** Characters that must not end a line. */
const NO_END = new Set('（【《「『〔〈“‘([{');

/** Splits a paragraph into pieces that are kept together: a Latin word, a run of spaces, one CJK character. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  const re = /[A-Za-z0-9\u00C0-\u024F_./:@#&+\-=<>'"*\\|~^$]+|\s+|[\s\S]/gu;
  for (const match of text.matchAll(re)) {
    const token = match[0];
    const last = out.length - 1;
    if (last >= 0 && NO_START.has(token[0]!) && !/^\s/.test(out[last]!)) out[last] += token;
    else if (last >= 0 && NO_END.has(out[last]!.slice(-1))) out[last] += token;
    else out.push(token);
  }
  return out;
}

/**
 * Wraps text into lines no wider than `maxWidth`. Explicit newlines are kept; spaces at a break
 * are dropped; a lone over-long token is cut between characters.
 */
export function wrapText(text: string, maxWidth: number, width: (s: string) => number): string[] {
  // Most table cells fit on one line: the same result without measuring every prefix (the
  // appendix of a year's report has some 20,000 cells). Widths add up character by character.
  if (!/[\r\n]/.test(text) && width(text) <= maxWidth) return [text.replace(/^\s+/, '').trimEnd()];
  const lines: string[] = [];
  for (const paragraph of text.replace(/\r\n?/g, '\n').split('\n')) {
    let line = '';
    for (const token of tokens(paragraph)) {
      if (/^\s+$/.test(token)) {
        if (line) line += token;
        continue;
      }
      if (width(line + token) <= maxWidth) {
        line += token;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = '';
      if (width(token) <= maxWidth) {
        line = token;
        continue;
      }
      for (const char of token) {
        if (line && width(line + char) > maxWidth) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}
