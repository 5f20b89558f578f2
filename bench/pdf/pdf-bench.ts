/**
 * Issue 3's PDF benchmark: a 60-item report with three signatures, with and without four photos,
 * made by the main-process engine (jsPDF layout + PAdES signature + atomic write) and, in the same
 * run, by Chromium's own print-to-PDF of the same content. Also the font load and parse times.
 */
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { jsPDF } from 'jspdf';
import { chromium, type Page } from 'playwright-core';
import { reportHandlers } from '../../src-main/handlers/report-handlers';
import { FONT_FILES, loadReportFonts } from '../../src-main/report/fonts';
import { renderReport } from '../../src-main/report/render-report';
import type { ReportInput, ReportPhoto } from '../../src-shared/report/model';
import { ROOT, sixtyItemReport } from '../../tests/unit/report/fixture';
import { CHROMIUM, chromiumVersion, loadAverage } from '../machine';
import { ms, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';
import { reportHtml } from './report-html';

const RUNS = 15;
const WARMUP = 3;
const FULL_FONT = path.join(ROOT, 'node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type Progress = (line: string) => void;

interface Row {
  variant: string;
  engine: string;
  times: number[];
  /** CPU time of this process (user + system): less disturbed by other work on a shared machine. */
  cpu?: number[];
  bytes: number;
  pages?: number;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number, number]> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return [value, performance.now() - start, (used.user + used.system) / 1000];
}

/** Four site photos as the renderer stores them: ≤1600 px JPEG, made by Chromium's own encoder. */
async function photos(page: Page): Promise<ReportPhoto[]> {
  // Page-side code as text: this file is type-checked for Node, without the DOM.
  const data = (await page.evaluate(`(() => {
    const out = [];
    for (let n = 0; n < 4; n++) {
      const canvas = document.createElement('canvas');
      canvas.width = 1600;
      canvas.height = 1200;
      const g = canvas.getContext('2d');
      const image = g.createImageData(1600, 1200);
      // Smooth shapes plus sensor-like noise: JPEG sizes like a phone photo's, not a flat test card.
      for (let i = 0; i < image.data.length; i += 4) {
        const p = i / 4, x = p % 1600, y = Math.floor(p / 1600);
        const base = 120 + 60 * Math.sin((x + n * 97) / 140) * Math.cos(y / 95);
        image.data[i] = base + Math.random() * 40;
        image.data[i + 1] = base * 0.9 + Math.random() * 40;
        image.data[i + 2] = base * 0.8 + Math.random() * 40;
        image.data[i + 3] = 255;
      }
      g.putImageData(image, 0, 0);
      out.push(canvas.toDataURL('image/jpeg', 0.8).split(',')[1]);
    }
    return out;
  })()`)) as string[];
  return data.map((dataBase64, i) => ({ id: `photo-${i + 1}`, caption: `现场照片 ${i + 1}：机房服务器指示灯`, mime: 'image/jpeg' as const, dataBase64, width: 1600, height: 1200 }));
}

/** The engine end to end, as report.create runs it: layout, signature, atomic write. */
async function engineRuns(variant: string, input: (n: number) => ReportInput, progress: Progress): Promise<Row[]> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-pdf-'));
  try {
    const api = reportHandlers({ assetsDir: path.join(ROOT, 'assets'), dataDir });
    await api.keys.material();
    const create: number[] = [];
    const layout: number[] = [];
    const createCpu: number[] = [];
    const layoutCpu: number[] = [];
    let bytes = 0;
    let unsigned = 0;
    let pages = 0;
    for (let n = 0; n < WARMUP + RUNS; n++) {
      const [rendered, renderTime, renderCpu] = await timed(() => renderReport(input(n), { fontsDir: path.join(ROOT, 'assets/fonts') }));
      const [created, createTime, createCpuTime] = await timed(() => Promise.resolve(api.handlers['report.create'](input(1000 + n))));
      if (n < WARMUP) continue;
      layout.push(renderTime);
      create.push(createTime);
      layoutCpu.push(renderCpu);
      createCpu.push(createCpuTime);
      bytes = created.size;
      unsigned = rendered.bytes.length;
      pages = rendered.pages;
    }
    progress(`  ${variant}: engine ${ms(summarize(create).p50)} ms, ${Math.round(bytes / 1024)} KB`);
    return [
      { variant, engine: 'jsPDF layout only (unsigned)', times: layout, cpu: layoutCpu, bytes: unsigned, pages },
      { variant, engine: 'report.create: layout + PAdES signature + atomic write', times: create, cpu: createCpu, bytes, pages },
    ];
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Chromium's print-to-PDF of the same content, the font served beside the page. */
async function chromiumRuns(page: Page, dir: string, variant: string, input: ReportInput, progress: Progress): Promise<Row> {
  const file = path.join(dir, `${variant.replace(/\W+/g, '-')}.html`);
  await writeFile(file, reportHtml(input, { regular: FONT_FILES.regular, bold: FONT_FILES.bold }));
  await page.goto(pathToFileURL(file).href);
  await page.evaluate('document.fonts.ready');
  const times: number[] = [];
  let bytes = 0;
  for (let n = 0; n < WARMUP + RUNS; n++) {
    const [pdf, time] = await timed(() =>
      page.pdf({ format: 'A4', printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: '<div style="font-size:8px;margin:0 15mm">Page <span class="pageNumber"></span> / <span class="totalPages"></span></div>' }),
    );
    if (n >= WARMUP) times.push(time);
    bytes = pdf.length;
  }
  progress(`  ${variant}: Chromium ${ms(summarize(times).p50)} ms, ${Math.round(bytes / 1024)} KB`);
  return { variant, engine: 'Chromium page.pdf() of the same content (unsigned)', times, bytes };
}

/** Font load + check + parse, cold; then jsPDF's own parse of the full 10.5 MB Noto Sans SC. */
async function fontTimes(): Promise<string[][]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-fonts-'));
  try {
    for (const f of Object.values(FONT_FILES)) await symlink(path.join(ROOT, 'assets/fonts', f), path.join(dir, f));
    const [, subsetTime] = await timed(() => loadReportFonts(dir));
    const full = (await readFile(FULL_FONT)).toString('binary');
    const [, fullTime] = await timed(async () => {
      const doc = new jsPDF({ compress: true });
      doc.addFileToVFS('full.ttf', full);
      doc.addFont('full.ttf', 'Full', 'normal', undefined, 'Identity-H');
    });
    const size = async (p: string): Promise<string> => `${((await stat(p)).size / 2 ** 20).toFixed(1)} MB`;
    return [
      ['Shipped subsets, regular + bold (read, check, parse once per process)', `${await size(path.join(ROOT, 'assets/fonts', FONT_FILES.regular))} each`, ms(subsetTime)],
      ['Full Noto Sans SC regular, jsPDF addFont (what every document would pay without the cache)', await size(FULL_FONT), ms(fullTime)],
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const pdfBenchmark: Benchmark = {
  name: 'pdf',
  description: 'signed PDF report: 60 items, 3 signatures, with and without 4 photos, next to Chromium print-to-PDF',
  async run(progress): Promise<BenchReport> {
    const load = loadAverage();
    const fonts = await fontTimes();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'xunjian-bench-html-'));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      for (const f of Object.values(FONT_FILES)) await symlink(path.join(ROOT, 'assets/fonts', f), path.join(dir, f));
      const page = await browser.newPage();
      const withPhotos = await photos(page);
      const variants: [string, (n: number) => ReportInput][] = [
        ['without photos', (n) => sixtyItemReport({ reportNumber: `XJ-B-${n}` })],
        ['with 4 photos', (n) => sixtyItemReport({ reportNumber: `XJ-BP-${n}`, photos: withPhotos })],
      ];
      const rows: Row[] = [];
      for (const [variant, input] of variants) {
        progress(`  ${variant}`);
        rows.push(...(await engineRuns(variant, input, progress)));
        rows.push(await chromiumRuns(page, dir, variant, input(0), progress));
      }
      const photoBytes = withPhotos.reduce((sum, p) => sum + (p.dataBase64.length * 3) / 4, 0);
      return {
        title: 'PDF report (issue 3)',
        facts: {
          Chromium: await chromiumVersion(),
          'Load average at start (1 min)': load,
          'Load average at end (1 min)': loadAverage(),
          Runs: `${RUNS} after ${WARMUP} warm-up, same process`,
          'Photo JPEGs (4, 1600×1200)': `${Math.round(photoBytes / 1024)} KB in total`,
        },
        sections: [
          {
            heading: 'Time and size',
            body: table(
              ['Variant', 'Engine', 'p50 ms', 'p95 ms', 'max ms', 'CPU p50 ms', 'Size', 'Pages'],
              rows.map((r) => {
                const s = summarize(r.times);
                const cpu = r.cpu ? ms(summarize(r.cpu).p50) : '—';
                return [r.variant, r.engine, ms(s.p50), ms(s.p95), ms(s.max), cpu, `${(r.bytes / 1024).toFixed(1)} KB`, r.pages ? String(r.pages) : ''];
              }),
            ),
          },
          { heading: 'Fonts', body: table(['Font', 'File', 'ms'], fonts) },
        ],
      };
    } finally {
      await browser.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
