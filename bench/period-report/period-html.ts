/**
 * The same periodic report as HTML, for Chromium's own print-to-PDF: the baseline the jsPDF
 * engine is measured against. Same input, same font files, same A4 page, the same ECharts SVG
 * for each chart (inline, so Chromium prints it as vectors too), tables with repeating headers.
 */
import { chartSvg } from '../../src-main/report/chart/draw-chart';
import { chartOption } from '../../src-main/report/chart/period-chart';
import type { PeriodBlock, PeriodReportInput } from '../../src-shared/report/period-report';

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

function table(block: Extract<PeriodBlock, { type: 'table' }>): string {
  if (block.rows.length === 0) return `<p class="grey">${esc(block.empty)}</p>`;
  const head = block.columns.map((c) => `<th>${esc(c.header)}</th>`).join('');
  const body = block.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<p class="caption">${esc(block.title)}</p><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

function block(b: PeriodBlock): string {
  switch (b.type) {
    case 'fields':
      return `<table class="fields"><tbody>${b.rows.map((r) => `<tr><th>${esc(r.label)}</th><td>${esc(r.value)}</td></tr>`).join('')}</tbody></table>`;
    case 'paragraph':
      return `<p class="${b.tone}">${esc(b.text)}</p>`;
    case 'choices':
      return `<p><b>${esc(b.label)}：${b.options.map((o) => `${o.checked ? '▣' : '□'}${esc(o.text)}`).join(' ')}</b><br><small>${esc(b.note)}</small></p>`;
    case 'table':
      return table(b);
    case 'chart':
      // 180 × 68 mm, as the PDF engine draws it.
      return b.categories.length === 0 ? `<p class="grey">${esc(b.empty)}</p>` : `<div class="chart">${chartSvg(chartOption(b, (s) => s), 180, 68)}</div>`;
    case 'sign':
      return `<div class="sign"><b>${esc(b.label)}</b>${b.lines.map((l) => `<div>${esc(l)}＿＿＿＿＿＿</div>`).join('')}</div>`;
  }
}

export function periodHtml(input: PeriodReportInput, number: string, fontUrl: { regular: string; bold: string }): string {
  const sections = input.sections.map((s) => `<h3>${esc(s.heading)}</h3>${s.blocks.map(block).join('\n')}`).join('\n');
  const trace = input.trace.map((t) => `<h4>${esc(t.title)}</h4>${table({ ...t, title: '' })}`).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: NotoSansSC; src: url(${fontUrl.regular}); font-weight: 400; }
@font-face { font-family: NotoSansSC; src: url(${fontUrl.bold}); font-weight: 700; }
@page { size: A4; margin: 21mm 15mm 29mm; }
body { font-family: NotoSansSC; font-size: 9pt; color: #191919; }
h1 { text-align: center; font-size: 18pt; margin: 0; } h3 { font-size: 12pt; margin: 4mm 0 1mm; } h4 { font-size: 10pt; margin: 3mm 0 1mm; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; } th, td { border: 0.2mm solid #aaa; padding: 0.8mm 1.4mm; vertical-align: top; text-align: left; }
th { background: #ecf0f5; } tr { break-inside: avoid; } .fields th { width: 46mm; } .grey, .note { color: #6e6e6e; } .warning { color: #be1414; font-weight: bold; }
.caption { font-weight: bold; margin: 1mm 0; } .chart { break-inside: avoid; } .chart svg { width: 180mm; height: 68mm; }
.sign { border: 0.2mm solid #aaa; height: 30mm; padding: 1.5mm; margin-bottom: 2mm; break-inside: avoid; }
.trace td, .trace th { font-size: 7.5pt; }
</style></head><body>
<h1>${esc(input.title)}</h1><p style="text-align:center">报告编号：${esc(number)}</p><p class="grey">${esc(input.subtitle)}</p>
${sections}
<div class="trace" style="break-before: page"><h3>附录：数据来源</h3>${trace}</div>
</body></html>`;
}
