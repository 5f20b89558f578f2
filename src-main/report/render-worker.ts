/** The report thread (render-thread.ts): lays out what it is sent and posts the PDF bytes back. */
import { parentPort } from 'node:worker_threads';
import { RpcFailure } from '../../src-shared/rpc/result';
import { renderBlankSheet } from './blank-sheet';
import { renderReport } from './render-report';
import type { RenderReply, RenderRequest } from './render-thread';

async function run(request: RenderRequest): Promise<RenderReply> {
  try {
    const value = request.job === 'report' ? await renderReport(request.input, request.options) : await renderBlankSheet(request.input, request.options);
    return { id: request.id, ok: true, value };
  } catch (error) {
    const rpc = error instanceof RpcFailure ? { code: error.code, message: error.message, ...(error.params ? { params: error.params } : {}) } : undefined;
    return { id: request.id, ok: false, error: { message: error instanceof Error ? error.message : String(error), ...(rpc ? { rpc } : {}) } };
  }
}

const port = parentPort;
if (!port) throw new Error('render-worker.ts runs as a worker thread (see render-thread.ts)');
port.on('message', (request: RenderRequest) => {
  // Copied, not transferred: the bytes may share a pooled buffer; a copy of ~1 MB costs well under 1 ms.
  void run(request).then((reply) => port.postMessage(reply));
});
