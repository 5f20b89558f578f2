/** Line breaking and the glyph guard: pure functions, measured with one unit per character. */
import { describe, expect, it } from 'vitest';
import { createGlyphGuard, REPLACEMENT } from '../../../src-main/report/glyph-guard';
import { tokens, wrapText } from '../../../src-main/report/wrap';

const width = (s: string): number => [...s].length;

describe('wrapText', () => {
  it('a line that fits comes back as the slow path gave it: leading and trailing space dropped, inner kept', () => {
    expect(wrapText('  合计 ', 10, width)).toEqual(['合计']);
    expect(wrapText('\tSR-00001  · 响应  ', 20, width)).toEqual(['SR-00001  · 响应']);
    expect(wrapText('   ', 10, width)).toEqual(['']);
    // Exactly as wide as the line still fits; one more character wraps.
    expect(wrapText('一二三四五', 5, width)).toEqual(['一二三四五']);
    expect(wrapText('一二三四五六', 5, width)).toEqual(['一二三四五', '六']);
  });

  it('breaks Chinese between any two characters and keeps every character', () => {
    const text = '数据库服务器磁盘使用率超过告警阈值需要扩容';
    const lines = wrapText(text, 6, width);
    expect(lines.every((l) => width(l) <= 6)).toBe(true);
    expect(lines.join('')).toBe(text);
  });

  it('keeps Latin words, numbers and paths whole', () => {
    const lines = wrapText('检查 /var/log/his 日志 RAID5 状态', 12, width);
    expect(lines.some((l) => l.includes('/var/log/his'))).toBe(true);
    expect(lines.some((l) => l.includes('RAID5'))).toBe(true);
  });

  it('never starts a line with closing punctuation', () => {
    const lines = wrapText('一二三四五，六七八九十。', 5, width);
    for (const line of lines) expect('，。、）'.includes(line[0]!)).toBe(false);
    expect(lines.join('')).toBe('一二三四五，六七八九十。');
  });

  it('cuts a single token longer than the line between characters', () => {
    const lines = wrapText('ABCDEFGHIJKLMNOP', 5, width);
    expect(lines).toEqual(['ABCDE', 'FGHIJ', 'KLMNO', 'P']);
  });

  it('keeps explicit line breaks and empty lines', () => {
    expect(wrapText('第一行\r\n\n第三行', 20, width)).toEqual(['第一行', '', '第三行']);
  });

  it('tokenises mixed text', () => {
    expect(tokens('CPU 使用率 85%')).toEqual(['CPU', ' ', '使', '用', '率', ' ', '85%']);
  });
});

describe('glyph guard', () => {
  const guard = () => createGlyphGuard((cp) => cp < 0x3000 || (cp >= 0x4e00 && cp <= 0x9fff));

  it('replaces what the font cannot draw, keeps the rest, and counts it', () => {
    const g = guard();
    expect(g.clean('型号ꙮX200😀后续文字ꙮ')).toBe(`型号${REPLACEMENT}X200${REPLACEMENT}后续文字${REPLACEMENT}`);
    expect(g.replaced()).toEqual([
      { char: 'ꙮ', codePoint: 'U+A66E', count: 2 },
      { char: '😀', codePoint: 'U+1F600', count: 1 },
    ]);
  });

  it('replaces each astral character with one marker, not two', () => {
    const g = guard();
    expect(g.clean('a𠀀b')).toBe(`a${REPLACEMENT}b`);
    expect(g.replaced()[0]).toMatchObject({ codePoint: 'U+20000', count: 1 });
  });

  it('turns tabs into spaces, keeps newlines and marks other control characters', () => {
    expect(guard().clean('a\tb\nc\u0007')).toBe(`a b\nc${REPLACEMENT}`);
  });

  it('leaves out invisible direction marks and zero-width characters instead of boxing them', () => {
    const g = guard();
    // (This guard's font draws everything below U+3000, Arabic included.)
    expect(g.clean('王工\u200f محمد\u202e反转\u202c\u200b\ufeff')).toBe('王工 محمد反转');
    expect(g.replaced()).toEqual([]);
  });
});
