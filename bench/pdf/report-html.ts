/**
 * The same report as HTML, for Chromium's own print-to-PDF: the comparison the jsPDF engine is
 * measured against. Same data, same font file, same A4 page, tables with repeating headers.
 */
import type { ReportInput } from '../../src-shared/report/model';

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function reportHtml(input: ReportInput, fontUrl: { regular: string; bold: string }): string {
  const sections = input.sections
    .map(
      (s) => `<h3>${esc(s.title)}</h3>${s.subtitle ? `<p class="sub">${esc(s.subtitle)}</p>` : ''}
<table><thead><tr><th>序号</th><th>检查项目</th><th>结果</th><th>数值/记录</th><th>单位</th><th>正常范围</th><th>备注</th></tr></thead><tbody>
${s.rows
  .map(
    (r) => `<tr class="${r.finding || r.result === 'fail' ? 'bad' : ''}"><td>${esc(r.no)}</td><td>${esc(r.item)}</td><td>${r.result}${r.level ? `<br><small>${esc(r.level)}</small>` : ''}</td><td>${esc(r.value ?? '')}</td><td>${esc(r.unit ?? '')}</td><td>${esc(r.range ?? '')}</td><td>${esc(r.note ?? '')}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`,
    )
    .join('\n');
  const findings = input.findings.map((f, i) => `<tr><td>${i + 1}</td><td>${esc(f.section)}</td><td>${esc(f.item)}</td><td>${esc(f.note)}</td><td>${esc(f.level ?? '')}</td></tr>`).join('\n');
  const photos = input.photos.map((p) => `<figure><img src="data:${p.mime};base64,${p.dataBase64}"><figcaption>${esc(p.caption)}</figcaption></figure>`).join('\n');
  const signatures = input.signatures
    .map((s) => `<div class="sig"><b>${s.role}</b><img src="data:image/png;base64,${s.pngBase64}"><div>签字人：${esc(s.name)}</div><div>时间：${esc(s.signedAt)}</div></div>`)
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>
@font-face { font-family: Noto; src: url(${fontUrl.regular}); font-weight: 400; }
@font-face { font-family: Noto; src: url(${fontUrl.bold}); font-weight: 700; }
@page { size: A4; margin: 20mm 15mm 28mm; }
body { font-family: Noto; font-size: 9pt; color: #191919; }
h1 { text-align: center; font-size: 18pt; margin: 0; } h3 { font-size: 10.5pt; margin: 4mm 0 1mm; }
table { width: 100%; border-collapse: collapse; } th, td { border: 0.2mm solid #aaa; padding: 1mm 1.4mm; vertical-align: top; }
th { background: #ecf0f5; } tr { break-inside: avoid; } tr.bad { background: #fde6e6; } .sub { color: #6e6e6e; margin: 0; }
figure { display: inline-block; width: 48%; margin: 0 1% 3mm; break-inside: avoid; } figure img { width: 100%; }
.sig { display: inline-block; width: 23%; border: 0.2mm solid #aaa; margin-right: 1%; padding: 1mm; vertical-align: top; } .sig img { width: 100%; }
</style></head><body>
<h1>信息系统维保巡检报告</h1><p style="text-align:center">报告编号：${esc(input.reportNumber)}</p>
<table><tbody><tr><th>医院</th><td>${esc(input.hospital.name)}</td></tr><tr><th>合同</th><td>${esc(input.contract.name)}</td></tr>
<tr><th>工程师</th><td>${esc(input.engineer)}</td></tr><tr><th>开始时间</th><td>${esc(input.startedAt)}</td></tr><tr><th>结束时间</th><td>${esc(input.completedAt)}</td></tr></tbody></table>
${sections}
<h3>发现的问题</h3><table><thead><tr><th>序号</th><th>系统/设备</th><th>检查项目</th><th>备注</th><th>等级</th></tr></thead><tbody>${findings}</tbody></table>
<h3>处理情况与建议</h3><p>${esc(input.recommendations ?? '')}</p>
${photos ? `<h3>现场照片</h3>${photos}` : ''}
<h3>签字确认</h3>${signatures}<div class="sig" style="border-style:dashed;height:30mm">盖章处</div>
<p style="font-size:7.5pt;color:#6e6e6e">内容摘要 SHA-256：${input.hash}</p>
</body></html>`;
}
