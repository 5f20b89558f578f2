/**
 * The engine's transport over the RPC contract: each step is one `sync.*` call to the main
 * process, which holds the device token and talks to the office. `call` is platform/invoke in
 * the app and the router itself in the fault-injection test, so both run the same code.
 */
import type { Channel, ChannelInput, ChannelOutput } from '../../src-shared/rpc/contract';
import { bytesToBase64 } from '../../src-shared/sync/base64';
import type { Transport } from './ports';

export type Call = <K extends Channel>(channel: K, input: ChannelInput<K>) => Promise<ChannelOutput<K>>;

/** Asking about thousands of blobs at once would exceed the office's list limit. */
const MISSING_BATCH = 1000;

export function rpcTransport(call: Call): Transport {
  return {
    async missingBlobs(sha256) {
      const unique = [...new Set(sha256)];
      const missing: string[] = [];
      for (let i = 0; i < unique.length; i += MISSING_BATCH) {
        missing.push(...(await call('sync.missingBlobs', { sha256: unique.slice(i, i + MISSING_BATCH) })).missing);
      }
      return missing;
    },
    async putBlob(blob) {
      if (blob.source.kind === 'report') {
        await call('sync.putBlob', { sha256: blob.sha256, report: blob.source.locator });
        return;
      }
      // An inspection report's PDF is read by main from its file; a service record's documents are kept in the renderer's store.
      if (blob.mime === 'application/pdf' && blob.role === 'pdf') throw new Error('a PDF is sent from its report file, not from the renderer');
      await call('sync.putBlob', { sha256: blob.sha256, mime: blob.mime, base64: bytesToBase64(await blob.source.read()) });
    },
    pushReport: (envelope) => call('sync.pushReport', { envelope }),
    pushFault: (fault) => call('sync.pushFault', { fault }),
    pushDeliverable: (entry) => call('sync.pushDeliverable', { entry }),
  };
}
