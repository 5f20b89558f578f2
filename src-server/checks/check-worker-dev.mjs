// Starts check-worker.ts from source in a worker thread: tsx is registered here, inside the
// thread, because Node 20 does not hand the parent's loader (tsx, vitest) on to workers.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
