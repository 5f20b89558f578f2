/** The report thread (render-thread.ts): lays out or signs what it is sent and posts the bytes back. */
import { parentPort } from 'node:worker_threads';
import { RpcFailure } from '../../src-shared/rpc/result';
import { signPdf } from '../signing/sign-pdf';
import { renderBlankSheet } from './blank-sheet';
import { renderReport, type RenderedPdf } from './render-report';
import type { RenderReply, RenderRequest } from './render-thread';

function work(request: RenderRequest): Promise<RenderedPdf | Uint8Array> {
  switch (request.job) {
    case 'report':
      return renderReport(request.input, request.options);
    case 'blankSheet':
      return renderBlankSheet(request.input, request.options);
    // Loaded on first use: the thread starts as fast as before for the inspection reports it mostly makes.
    case 'serviceDocument':
      return import('./service-document-layout').then((m) => m.renderServiceDocument(request.input, request.options));
    case 'serviceBlank':
      return import('./service-blank-sheet').then((m) => m.renderServiceBlank(request.input, request.options));
    case 'periodReport':
      return import('./period-layout').then((m) => m.renderPeriodReport(request.input, request.options));
    case 'sign':
      // A Buffer arrives as a plain Uint8Array; the PKCS#12 reader wants a Buffer again.
      return signPdf(request.unsigned, { ...request.material, p12: Buffer.from(request.material.p12) }, request.details);
  }
}

async function run(request: RenderRequest): Promise<RenderReply> {
  try {
    return { id: request.id, ok: true, value: await work(request) };
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
