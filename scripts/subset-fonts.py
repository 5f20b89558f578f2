#!/usr/bin/python3
"""
Makes the report fonts in assets/fonts/ from Noto Sans SC (OFL, npm @expo-google-fonts/noto-sans-sc).

Why a subset: jsPDF parses the whole TrueType file for every document and copies its full
hmtx/cmap tables into each PDF, so 30,000 glyphs cost time and bytes on every report. GBK keeps
the 21,000 characters Chinese software uses in practice, including the rarer ones in people's and
places' names that GB 2312 lacks (喆, 堃, 珺). Characters outside it are replaced visibly by the
report's glyph guard and reported, never dropped.

Run from the project root after changing the character list (needs Debian's fonttools):
    apt-get install -y fonttools && /usr/bin/python3 scripts/subset-fonts.py
"""
import glob
import os
import subprocess
import tempfile
import unicodedata

SOURCE = 'node_modules/@expo-google-fonts/noto-sans-sc'
FONTS = {
    'NotoSansSC-Regular.ttf': f'{SOURCE}/400Regular/NotoSansSC_400Regular.ttf',
    'NotoSansSC-Bold.ttf': f'{SOURCE}/700Bold/NotoSansSC_700Bold.ttf',
}
OUT = 'assets/fonts'


def gbk_characters():
    chars = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode('gbk'))
            except UnicodeDecodeError:
                pass
    return chars


def project_characters():
    """Every character of the catalog and the i18n dictionaries, so labels can never miss a glyph."""
    chars = set()
    for path in glob.glob('assets/catalog/**/*.json', recursive=True) + glob.glob('src-shared/i18n/*.ts'):
        with open(path, encoding='utf-8') as f:
            chars.update(f.read())
    return chars


def wanted_characters():
    chars = gbk_characters() | project_characters()
    chars |= {chr(c) for c in range(0x20, 0x7F)}  # ASCII
    chars |= {chr(c) for c in range(0xA0, 0x250)}  # Latin-1, Latin Extended-A/B (pinyin tones)
    chars |= {chr(c) for c in range(0x2000, 0x2070)}  # general punctuation
    chars |= {chr(c) for c in range(0x2100, 0x2200)}  # letterlike symbols, number forms, arrows
    chars |= {chr(c) for c in range(0x2200, 0x2300)}  # mathematical operators (≤ ≥ ±)
    chars |= {chr(c) for c in range(0x2460, 0x2500)}  # enclosed numbers ①
    chars |= {chr(c) for c in range(0x25A0, 0x2600)}  # geometric shapes: □ is the replacement marker
    chars |= {chr(c) for c in range(0x2700, 0x27C0)}  # dingbats (✓)
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK symbols and punctuation
    chars |= {chr(c) for c in range(0xFF00, 0xFFF0)}  # full-width forms
    # Python counts U+3000 (ideographic space) and other spaces as unprintable: keep them.
    return ''.join(sorted(c for c in chars if c.isprintable() or unicodedata.category(c) == 'Zs'))


def main():
    text = wanted_characters()
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.txt', delete=False) as f:
        f.write(text)
        text_file = f.name
    try:
        for name, source in FONTS.items():
            target = os.path.join(OUT, name)
            # jsPDF reads only cmap/glyf/loca/hmtx/head/hhea/maxp/post/name/OS/2: layout and
            # vertical tables and hinting are dead weight in every PDF.
            subprocess.run(
                [
                    'pyftsubset', source, f'--text-file={text_file}', f'--output-file={target}',
                    '--no-hinting', '--layout-features=', '--name-IDs=*', '--name-languages=*',
                    '--drop-tables+=GSUB,GPOS,GDEF,BASE,STAT,vhea,vmtx,gasp',
                ],
                check=True,
            )
            print(f'{target}: {os.path.getsize(target):,} bytes')
    finally:
        os.unlink(text_file)


if __name__ == '__main__':
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    main()
