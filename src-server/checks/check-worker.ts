/** The check thread (check-thread.ts): runs each job it is sent and posts the verdict back. */
import { parentPort } from 'node:worker_threads';
import { failureOf, runJob, type CheckJob } from './jobs';

const port = parentPort;
if (!port) throw new Error('check-worker.ts runs as a worker thread (see check-thread.ts)');
// Loaded: jobs may come, and their time limit starts now, not while the thread was starting.
port.postMessage({ ready: true });
port.on('message', (request: CheckJob & { id: number }) => {
  runJob(request).then(
    // A checked envelope's record bytes are handed over, not copied: they can be megabytes.
    (value) => port.postMessage({ id: request.id, ok: true, value }, typeof value === 'object' && 'recordUtf8' in value ? [value.recordUtf8.buffer as ArrayBuffer] : []),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: failureOf(error) }),
  );
});
