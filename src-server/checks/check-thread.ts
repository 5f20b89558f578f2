/**
 * The office's check thread. Parsing and hashing a record of megabytes, or hashing and verifying
 * a PDF of tens of megabytes, holds a thread for up to a second; on the event loop that is a
 * second in which no other device, console page or health check is answered. Large jobs go to
 * one worker thread (started on first use, restarted if it dies); small ones run inline, where a
 * round trip to the thread would cost more than the work. The same functions run either way.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportIdentity } from '../../src-shared/report/pdf-identity';
import type { CheckedEnvelope } from '../accept/envelope-check';
import type { DocumentNaming, DocumentPdfCheck } from '../verify/document-pdf-check';
import type { ReportPdfCheck } from '../verify/report-pdf-check';
import { ApiError } from '../errors';
import { errorOf, runJob, type CheckJob, type CheckValue, type JobFailure } from './jobs';

/** `owner`: who asks (a device id, or `console`), so that no one fills the thread's queue. */
export interface OfficeChecks {
  envelope(body: Uint8Array, owner: string): Promise<CheckedEnvelope>;
  pdf(pdf: Uint8Array, identity: ReportIdentity, owner: string): Promise<ReportPdfCheck>;
  /** A service record's signed document (fault report, 维护单): hash, signature, the record and number it names. */
  document(pdf: Uint8Array, naming: DocumentNaming, owner: string): Promise<DocumentPdfCheck>;
  /** The canonical hash of a stored record's JSON (UTF-8 bytes). */
  recordHash(recordJson: Uint8Array, owner: string): Promise<string>;
  close(): Promise<void>;
}

/** Below this many bytes a job runs inline: about 30 ms of parsing and hashing at most (bench office-bodies). */
export const INLINE_BYTES = 256 * 1024;

/** A job running this long means the thread is stuck: it is stopped, that job fails (500, logged), and the next starts a new thread. */
const JOB_TIMEOUT_MS = 60_000;

type Reply = { id: number; ok: true; value: CheckValue } | { id: number; ok: false; error: JobFailure } | { ready: true };

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Moves a buffer's memory to the thread when it owns all of it; else the thread gets a copy. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? [bytes.buffer as ArrayBuffer] : [];
}

/** Jobs waiting for the thread at most, all devices together, and per device (or per console): more get 429, retried later. */
export const MAX_QUEUED = 32;
export const MAX_QUEUED_PER_OWNER = 2;

const busy = (message: string): ApiError => new ApiError(429, 'rate_limited', message);

interface Queued {
  job: CheckJob;
  transfer: ArrayBuffer[];
  owner: string;
  resolve: (value: CheckValue) => void;
  reject: (error: Error) => void;
}

/**
 * One job on the thread at a time, the others queued in order. A job's time limit runs from when
 * it starts, not from when it was queued, and a job over it stops the thread and fails alone: the
 * queue goes on with a new thread. No device can fill the queue: beyond MAX_QUEUED_PER_OWNER of its
 * jobs waiting or running, it is told to retry later (429), and so is everyone past MAX_QUEUED.
 */
export function checkThread(inlineBytes = INLINE_BYTES, timeoutMs = JOB_TIMEOUT_MS): OfficeChecks {
  let worker: Worker | undefined;
  /** The thread has loaded its code: jobs are posted only then, so start-up never counts against one. */
  let ready = false;
  let nextId = 1;
  const queue: Queued[] = [];
  let running: (Queued & { id: number; timer: NodeJS.Timeout }) | undefined;
  const perOwner = new Map<string, number>();
  let closed = false;

  function settle(item: Queued): void {
    const left = (perOwner.get(item.owner) ?? 1) - 1;
    if (left > 0) perOwner.set(item.owner, left);
    else perOwner.delete(item.owner);
  }

  function finish(error: Error | undefined, value?: CheckValue): void {
    const item = running;
    if (!item) return;
    running = undefined;
    clearTimeout(item.timer);
    settle(item);
    if (error) item.reject(error);
    else item.resolve(value!);
    pump();
  }

  function start(): Worker {
    const w = new Worker(path.join(HERE, 'check-worker-dev.mjs'), { workerData: { entry: pathToFileURL(path.join(HERE, 'check-worker.ts')).href } });
    w.on('message', (reply: Reply) => {
      if ('ready' in reply) {
        if (worker === w) ready = true;
        pump();
        return;
      }
      if (running?.id !== reply.id) return;
      if (reply.ok) finish(undefined, reply.value);
      else finish(errorOf(reply.error));
    });
    // A thread that dies before it is ready cannot run anything: what waits fails, nothing hangs.
    const died = (error: Error): void => {
      if (running) return finish(error);
      for (const item of queue.splice(0)) {
        settle(item);
        item.reject(error);
      }
    };
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      died(new Error(`the office check thread failed: ${error.message}`));
    });
    w.on('exit', (code) => {
      if (worker !== w) return;
      worker = undefined;
      died(new Error(`the office check thread stopped (exit code ${code})`));
    });
    // An idle thread must not keep the process (a test, the CLI) from exiting.
    w.unref();
    return w;
  }

  function pump(): void {
    if (running || closed) {
      if (!running) worker?.unref();
      return;
    }
    const next = queue[0];
    if (!next) {
      worker?.unref();
      return;
    }
    if (!worker) {
      ready = false;
      worker = start();
    }
    if (!ready) return; // pumped again when the thread says it is ready
    const w = worker;
    queue.shift();
    const id = nextId++;
    const timer = setTimeout(() => {
      // Stopped, not waited for: the next job starts on a new thread.
      worker = undefined;
      void w.terminate();
      finish(new Error(`the office check thread did not finish a job within ${timeoutMs / 1000} s and was stopped`));
    }, timeoutMs);
    running = { ...next, id, timer };
    w.ref();
    try {
      w.postMessage({ ...next.job, id }, next.transfer);
    } catch (error) {
      finish(error instanceof Error ? error : new Error(String(error)));
    }
  }

  function onThread(job: CheckJob, transfer: ArrayBuffer[], owner: string): Promise<CheckValue> {
    if (closed) return Promise.reject(new Error('the office check thread was closed'));
    const mine = perOwner.get(owner) ?? 0;
    if (mine >= MAX_QUEUED_PER_OWNER) return Promise.reject(busy(`${mine} large requests of yours are still being checked; send this one again when they are answered`));
    if (queue.length >= MAX_QUEUED) return Promise.reject(busy('the office is checking many large requests; try again in a minute'));
    perOwner.set(owner, mine + 1);
    return new Promise<CheckValue>((resolve, reject) => {
      queue.push({ job, transfer, owner, resolve, reject });
      pump();
    });
  }

  function run(job: CheckJob, size: number, owner: string, transfer: ArrayBuffer[] = []): Promise<CheckValue> {
    return size < inlineBytes ? runJob(job) : onThread(job, transfer, owner);
  }

  return {
    envelope: (body, owner) => run({ job: 'envelope', body }, body.byteLength, owner, transferable(body)) as Promise<CheckedEnvelope>,
    async pdf(pdf, identity, owner) {
      const check = (await run({ job: 'pdf', pdf, identity }, pdf.byteLength, owner, transferable(pdf))) as ReportPdfCheck;
      // Structured cloning turns the certificate's Buffer into a plain Uint8Array.
      if (check.signature.ok) check.signature.signerCertificateDer = Buffer.from(check.signature.signerCertificateDer);
      return check;
    },
    async document(pdf, naming, owner) {
      const check = (await run({ job: 'document', pdf, naming }, pdf.byteLength, owner, transferable(pdf))) as DocumentPdfCheck;
      if (check.signature.ok) check.signature.signerCertificateDer = Buffer.from(check.signature.signerCertificateDer);
      return check;
    },
    recordHash: (recordJson, owner) => run({ job: 'recordHash', recordJson }, recordJson.byteLength, owner) as Promise<string>,
    async close() {
      closed = true;
      const w = worker;
      worker = undefined;
      const stopped = new Error('the office check thread was closed');
      for (const item of queue.splice(0)) {
        settle(item);
        item.reject(stopped);
      }
      finish(stopped);
      if (w) await w.terminate();
    },
  };
}
