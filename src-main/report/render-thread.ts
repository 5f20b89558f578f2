/**
 * Report layout and signing off the main process's thread. jsPDF lays a report out in 150–250 ms
 * of CPU and node-forge signs it in ~40 ms; on the main thread that holds every other request
 * (and, under Electron, the window's own events) for as long. A worker thread, started on first
 * use and restarted if it dies, does both instead. The key material goes to it per job: it is the
 * same process, and the thread keeps nothing between jobs.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlankSheetInput, ReportInput } from '../../src-shared/report/model';
import type { PeriodReportInput } from '../../src-shared/report/period-report';
import type { ServiceBlankInput, ServiceDocumentInput } from '../../src-shared/report/service-document';
import { RpcFailure, type RpcError } from '../../src-shared/rpc/result';
import type { SignerMaterial } from '../signing/identity';
import { signPdf, type SignatureDetails } from '../signing/sign-pdf';
import { renderBlankSheet } from './blank-sheet';
import type { PeriodRenderOptions } from './period-layout';
import { renderReport, type RenderedPdf, type RenderOptions } from './render-report';
import { renderServiceBlank } from './service-blank-sheet';
import { renderServiceDocument, type ServiceRenderOptions } from './service-document-layout';

export interface ReportRenderer {
  report(input: ReportInput, options: RenderOptions): Promise<RenderedPdf>;
  blankSheet(input: BlankSheetInput, options: { fontsDir: string }): Promise<RenderedPdf>;
  /** A service record's fault report or 维护单 (issue 11), and the blank 维护单. */
  serviceDocument(input: ServiceDocumentInput, options: ServiceRenderOptions): Promise<RenderedPdf>;
  serviceBlank(input: ServiceBlankInput, options: { fontsDir: string }): Promise<RenderedPdf>;
  /** A periodic report with its vector charts (issue 12). */
  periodReport(input: PeriodReportInput, options: PeriodRenderOptions): Promise<RenderedPdf>;
  sign(unsigned: Uint8Array, material: SignerMaterial, details: SignatureDetails): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** The same work on the calling thread: for tests, and where no worker file is at hand. */
export const inProcessRenderer: ReportRenderer = {
  report: renderReport,
  blankSheet: renderBlankSheet,
  serviceDocument: renderServiceDocument,
  serviceBlank: renderServiceBlank,
  // Loaded on first use, like in the thread: ECharts and svg2pdf are only needed for these reports.
  periodReport: (input, options) => import('./period-layout').then((m) => m.renderPeriodReport(input, options)),
  sign: signPdf,
  close: async () => undefined,
};

export type RenderJob =
  | { job: 'report'; input: ReportInput; options: RenderOptions }
  | { job: 'blankSheet'; input: BlankSheetInput; options: { fontsDir: string } }
  | { job: 'serviceDocument'; input: ServiceDocumentInput; options: ServiceRenderOptions }
  | { job: 'serviceBlank'; input: ServiceBlankInput; options: { fontsDir: string } }
  | { job: 'periodReport'; input: PeriodReportInput; options: PeriodRenderOptions }
  | { job: 'sign'; unsigned: Uint8Array; material: SignerMaterial; details: SignatureDetails };
export type RenderRequest = RenderJob & { id: number };

export type RenderReply = { id: number; ok: true; value: RenderedPdf | Uint8Array } | { id: number; ok: false; error: { rpc?: RpcError; message: string } };

/**
 * Where the worker's code is: the bundled `render-worker.cjs` beside main.cjs under Electron, or
 * `render-worker.ts` itself when main runs from source (tsx: the web host, tests), loaded through
 * render-worker-dev.mjs beside it, which registers tsx inside the thread (Node 20 does not pass
 * the parent's loaders on to workers).
 */
export type WorkerSpec = { bundled: string } | { source: string };

/**
 * A job this late means the thread is stuck (a report takes well under a second): it is stopped,
 * its jobs fail with a message, and the next job starts a new thread, so the report number held
 * for the job is freed and the engineer can try again.
 */
const JOB_TIMEOUT_MS = 60_000;

export function renderThread(spec: WorkerSpec, timeoutMs = JOB_TIMEOUT_MS): ReportRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: RenderedPdf | Uint8Array) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    worker = undefined;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  function start(): Worker {
    const w =
      'bundled' in spec
        ? new Worker(spec.bundled)
        : new Worker(path.join(path.dirname(spec.source), 'render-worker-dev.mjs'), { workerData: { entry: pathToFileURL(spec.source).href } });
    w.on('message', (reply: RenderReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(reply.error.rpc ? new RpcFailure(reply.error.rpc.code, reply.error.rpc.message, reply.error.rpc.params) : new Error(reply.error.message));
    });
    w.on('error', (error) => failAll(new Error(`the report thread failed: ${error.message}`)));
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`the report thread stopped (exit code ${code})`));
    });
    // An idle thread must not keep a process (a test, the web host on SIGINT) from exiting.
    w.unref();
    return w;
  }

  function send(job: RenderJob): Promise<RenderedPdf | Uint8Array> {
    worker ??= start();
    const id = nextId++;
    const w = worker;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<RenderedPdf | Uint8Array>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      timer = setTimeout(() => {
        failAll(new Error(`the report thread did not answer within ${timeoutMs / 1000} s and was stopped`));
        void w.terminate();
      }, timeoutMs);
      try {
        w.postMessage({ ...job, id });
      } catch (error) {
        pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    }).finally(() => {
      clearTimeout(timer);
      if (pending.size === 0) w.unref();
    });
  }

  return {
    report: (input, options) => send({ job: 'report', input, options }) as Promise<RenderedPdf>,
    blankSheet: (input, options) => send({ job: 'blankSheet', input, options }) as Promise<RenderedPdf>,
    serviceDocument: (input, options) => send({ job: 'serviceDocument', input, options }) as Promise<RenderedPdf>,
    serviceBlank: (input, options) => send({ job: 'serviceBlank', input, options }) as Promise<RenderedPdf>,
    periodReport: (input, options) => send({ job: 'periodReport', input, options }) as Promise<RenderedPdf>,
    sign: (unsigned, material, details) => send({ job: 'sign', unsigned, material, details }) as Promise<Uint8Array>,
    async close() {
      const w = worker;
      worker = undefined;
      failAll(new Error('the report thread was closed'));
      if (w) await w.terminate();
    },
  };
}
