/**
 * The file name of a console export, made from the filter it was asked with. Only ASCII letters,
 * digits and dashes survive: a query value goes into Content-Disposition, where a quote would add
 * parameters (`filename*=…evil.html`) and a Chinese character would make Node refuse the header.
 */
export function exportFilename(parts: readonly (string | undefined)[], extension = 'xlsx'): string {
  return `${parts.filter((p): p is string => Boolean(p) && /^[A-Za-z0-9-]+$/.test(p!)).join('_')}.${extension}`;
}
