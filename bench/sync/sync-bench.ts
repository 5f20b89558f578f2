/**
 * Issue 4's sync benchmark: 1,000 signed reports of ~100 KB (one 96 KB photo, two signature
 * images, the envelope; the signed PDFs are a few templates the office already has after the
 * first reports) pushed over loopback by the real sync engine and main-process client to the real
 * office service (`npm run server`, its own process: SQLite + fsynced blob files). Reports per
 * second and MB/s, peak memory of both processes, next to a plain copy of the same bytes: the
 * blob files the office stored, copied as one file and as one file per blob.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createEngineer, createEnrollmentCode } from '../../src-server/admin/operations';
import { startOffice } from '../../src-server/start';
import type { DeviceResult } from './device-result';
import { count, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { loadAverage } from '../machine';

const REPORTS = Number(process.env.SYNC_BENCH_REPORTS ?? 1000);
const PHOTO_BYTES = 96_000;
const MB = 1024 * 1024;
const mb = (bytes: number): string => (bytes / MB).toFixed(1);

type Progress = (line: string) => void;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resident set of another process (Linux /proc): current and peak ("high water mark"). */
async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

function startOfficeProcess(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src-server/cli.ts'), '--data', dataDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.startsWith('Xunjian office service:')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`office exited with ${code}`)));
  });
}

function runDevice(officeUrl: string, code: string, officePid: number): Promise<{ result: DeviceResult; officePeakDuringSync: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/sync-device/run-device.ts'), officeUrl, code, String(REPORTS), String(PHOTO_BYTES)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // The office's resident set, sampled for as long as the device runs (its peak is during the sync).
  let officePeak = 0;
  const sampler = setInterval(() => void memoryOf(officePid).then((m) => (officePeak = Math.max(officePeak, m.rss))), 100);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      clearInterval(sampler);
      if (code !== 0) return reject(new Error(`device run exited with ${code}`));
      resolve({ result: JSON.parse(output.trim().split('\n').pop()!) as DeviceResult, officePeakDuringSync: officePeak });
    });
  });
}

/** Every blob file under the office's blob folder (content-addressed, one file per blob). */
async function blobFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name)) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}

async function plainCopies(files: string[], work: string): Promise<{ one: number; many: number; bytes: number }> {
  const single = path.join(work, 'all-blobs.bin');
  const parts: Buffer[] = [];
  for (const f of files) parts.push(await readFile(f));
  const whole = Buffer.concat(parts);
  await writeFile(single, whole);
  let start = performance.now();
  await copyFile(single, path.join(work, 'all-blobs.copy'));
  const one = (performance.now() - start) / 1000;
  const into = path.join(work, 'per-blob');
  await mkdir(into);
  start = performance.now();
  for (const f of files) await copyFile(f, path.join(into, path.basename(f)));
  const many = (performance.now() - start) / 1000;
  return { one, many, bytes: whole.length };
}

export const syncBenchmark: Benchmark = {
  name: 'sync',
  description: `${REPORTS} signed reports of ~100 KB over loopback: engine + office vs plain file copy`,
  async run(progress: Progress): Promise<BenchReport> {
    const work = await mkdtemp(path.join(os.tmpdir(), 'xunjian-sync-bench-'));
    const officeDir = path.join(work, 'office');
    const loadBefore = loadAverage();
    let office: ChildProcess | undefined;
    try {
      progress('sync: preparing the office (keys, reference data, engineer, code)');
      const seeding = await startOffice({ dataDir: officeDir, port: 0, logLevel: false });
      await createEngineer(seeding.ctx, { id: 'bench', name: '基准工程师', hospitalIds: ['queue-demo'] }, 'bench');
      const { code } = await createEnrollmentCode(seeding.ctx, 'bench', 1, 'bench');
      await seeding.app.close();
      const port = await freePort();
      office = await startOfficeProcess(officeDir, port);
      progress(`sync: office up on ${port}; device seeding ${REPORTS} reports then syncing`);
      const { result, officePeakDuringSync } = await runDevice(`http://127.0.0.1:${port}`, code, office.pid!);
      const officeMemory = await memoryOf(office.pid!);
      if (result.synced !== REPORTS) throw new Error(`only ${result.synced} of ${REPORTS} reports synced`);
      progress(`sync: ${result.synced} reports in ${result.syncSeconds.toFixed(1)} s; copying the same bytes`);
      const files = await blobFiles(path.join(officeDir, 'blobs'));
      const copies = await plainCopies(files, work);
      const wire = result.blobBytes + result.envelopeBytes;
      const row = (what: string, seconds: number, bytes: number, device: string, officeRss: string): string[] => [
        what,
        count(REPORTS),
        mb(bytes),
        seconds.toFixed(2),
        (REPORTS / seconds).toFixed(1),
        (bytes / MB / seconds).toFixed(1),
        device,
        officeRss,
      ];
      const body = table(
        ['Path', 'Reports', 'MB', 'Seconds', 'Reports/s', 'MB/s', 'Device peak RSS', 'Office peak RSS'],
        [
          row('**Sync engine → office** (blobs + envelopes, receipts verified)', result.syncSeconds, wire, `${mb(result.peakRssDuringSync)} MB (from ${mb(result.rssBeforeSync)})`, `${mb(officePeakDuringSync)} MB`),
          row('Plain copy, one file of the stored blobs', copies.one, copies.bytes, '—', '—'),
          row(`Plain copy, one file per blob (${count(files.length)} files)`, copies.many, copies.bytes, '—', '—'),
        ],
      );
      return {
        title: 'Sync (issue 4)',
        facts: {
          Reports: `${count(REPORTS)} × (1 photo of ${PHOTO_BYTES / 1000} KB, 2 signature PNGs, envelope); 8 signed PDF templates`,
          'Bytes on the wire': `${mb(result.blobBytes)} MB blobs + ${mb(result.envelopeBytes)} MB envelopes`,
          'Engine concurrency': process.env.SYNC_BENCH_CONCURRENCY ?? '4 (the app default)',
          'Device CPU during sync': `${result.cpuSeconds.toFixed(1)} s`,
          'Device peak RSS, whole run': `${mb(result.peakRssOverall)} MB (fake-indexeddb keeps the store in memory)`,
          'Office peak RSS (VmHWM)': `${mb(officeMemory.hwm)} MB`,
          'Seeding (not timed)': `${result.seedSeconds.toFixed(1)} s`,
          'Load average before → after': `${loadBefore} → ${loadAverage()}`,
        },
        sections: [{ heading: 'Throughput over loopback', body }],
      };
    } finally {
      office?.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      await rm(work, { recursive: true, force: true });
    }
  },
};
