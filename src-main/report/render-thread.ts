/**
 * Report layout off the main process's thread. jsPDF lays a report out in 150–250 ms of CPU; on
 * the main thread that holds every other request (and, under Electron, the window's own events)
 * for as long. A worker thread, started on first use and restarted if it dies, does it instead.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BlankSheetInput, ReportInput } from '../../src-shared/report/model';
import { RpcFailure, type RpcError } from '../../src-shared/rpc/result';
import { renderBlankSheet } from './blank-sheet';
import { renderReport, type RenderedPdf, type RenderOptions } from './render-report';

export interface ReportRenderer {
  report(input: ReportInput, options: RenderOptions): Promise<RenderedPdf>;
  blankSheet(input: BlankSheetInput, options: { fontsDir: string }): Promise<RenderedPdf>;
  close(): Promise<void>;
}

/** The same work on the calling thread: for tests, and where no worker file is at hand. */
export const inProcessRenderer: ReportRenderer = { report: renderReport, blankSheet: renderBlankSheet, close: async () => undefined };

export type RenderRequest =
  | { id: number; job: 'report'; input: ReportInput; options: RenderOptions }
  | { id: number; job: 'blankSheet'; input: BlankSheetInput; options: { fontsDir: string } };

export type RenderReply = { id: number; ok: true; value: RenderedPdf } | { id: number; ok: false; error: { rpc?: RpcError; message: string } };

/**
 * Where the worker's code is: the bundled `render-worker.cjs` beside main.cjs under Electron, or
 * `render-worker.ts` itself when main runs from source (tsx: the web host, tests), loaded through
 * render-worker-dev.mjs beside it, which registers tsx inside the thread (Node 20 does not pass
 * the parent's loaders on to workers).
 */
export type WorkerSpec = { bundled: string } | { source: string };

export function renderThread(spec: WorkerSpec): ReportRenderer {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: RenderedPdf) => void; reject: (error: Error) => void }>();

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

  function send(request: Omit<RenderRequest, 'id'>): Promise<RenderedPdf> {
    worker ??= start();
    const id = nextId++;
    const w = worker;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ ...request, id });
    }).finally(() => {
      if (pending.size === 0) w.unref();
    }) as Promise<RenderedPdf>;
  }

  return {
    report: (input, options) => send({ job: 'report', input, options }),
    blankSheet: (input, options) => send({ job: 'blankSheet', input, options }),
    async close() {
      const w = worker;
      worker = undefined;
      failAll(new Error('the report thread was closed'));
      if (w) await w.terminate();
    },
  };
}
