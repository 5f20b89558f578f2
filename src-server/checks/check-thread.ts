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
import type { ReportPdfCheck } from '../verify/report-pdf-check';
import { errorOf, runJob, type CheckJob, type CheckValue, type JobFailure } from './jobs';

export interface OfficeChecks {
  envelope(body: Uint8Array): Promise<CheckedEnvelope>;
  pdf(pdf: Uint8Array, identity: ReportIdentity): Promise<ReportPdfCheck>;
  recordHash(recordJson: string): Promise<string>;
  close(): Promise<void>;
}

/** Below this many bytes a job runs inline: about 30 ms of parsing and hashing at most (bench office-bodies). */
export const INLINE_BYTES = 256 * 1024;

/** A job this late means the thread is stuck: it is stopped, its jobs fail (500, logged), and the next job starts a new one. */
const JOB_TIMEOUT_MS = 60_000;

type Reply = { id: number; ok: true; value: CheckValue } | { id: number; ok: false; error: JobFailure };

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** Moves a buffer's memory to the thread when it owns all of it; else the thread gets a copy. */
function transferable(bytes: Uint8Array): ArrayBuffer[] {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? [bytes.buffer as ArrayBuffer] : [];
}

export function checkThread(inlineBytes = INLINE_BYTES, timeoutMs = JOB_TIMEOUT_MS): OfficeChecks {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: CheckValue) => void; reject: (error: Error) => void }>();

  function failAll(error: Error): void {
    worker = undefined;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  }

  function start(): Worker {
    const w = new Worker(path.join(HERE, 'check-worker-dev.mjs'), { workerData: { entry: pathToFileURL(path.join(HERE, 'check-worker.ts')).href } });
    w.on('message', (reply: Reply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      pending.delete(reply.id);
      if (reply.ok) waiting.resolve(reply.value);
      else waiting.reject(errorOf(reply.error));
    });
    w.on('error', (error) => failAll(new Error(`the office check thread failed: ${error.message}`)));
    w.on('exit', (code) => {
      if (worker === w) failAll(new Error(`the office check thread stopped (exit code ${code})`));
    });
    // An idle thread must not keep the process (a test, the CLI) from exiting.
    w.unref();
    return w;
  }

  function onThread(job: CheckJob, transfer: ArrayBuffer[]): Promise<CheckValue> {
    worker ??= start();
    const w = worker;
    const id = nextId++;
    let timer: NodeJS.Timeout | undefined;
    return new Promise<CheckValue>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.ref();
      timer = setTimeout(() => {
        failAll(new Error(`the office check thread did not answer within ${timeoutMs / 1000} s and was stopped`));
        void w.terminate();
      }, timeoutMs);
      w.postMessage({ ...job, id }, transfer);
    }).finally(() => {
      clearTimeout(timer);
      if (pending.size === 0) w.unref();
    });
  }

  function run(job: CheckJob, size: number, transfer: ArrayBuffer[] = []): Promise<CheckValue> {
    return size < inlineBytes ? runJob(job) : onThread(job, transfer);
  }

  return {
    envelope: (body) => run({ job: 'envelope', body }, body.byteLength, transferable(body)) as Promise<CheckedEnvelope>,
    async pdf(pdf, identity) {
      const check = (await run({ job: 'pdf', pdf, identity }, pdf.byteLength, transferable(pdf))) as ReportPdfCheck;
      // Structured cloning turns the certificate's Buffer into a plain Uint8Array.
      if (check.signature.ok) check.signature.signerCertificateDer = Buffer.from(check.signature.signerCertificateDer);
      return check;
    },
    recordHash: (recordJson) => run({ job: 'recordHash', recordJson }, recordJson.length) as Promise<string>,
    async close() {
      const w = worker;
      failAll(new Error('the office check thread was closed'));
      if (w) await w.terminate();
    },
  };
}
