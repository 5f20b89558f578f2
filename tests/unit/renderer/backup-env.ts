/**
 * What dexie-export-import needs from a browser, for running it under Node: `self` (it checks for
 * FileReaderSync at load) and FileReader (it reads Blobs with it). Import this before anything that
 * imports dexie-export-import. Also: a Storage in memory, and the main process's backup handlers
 * called as the renderer would call them (inputs parsed by the contract's schemas).
 */
import type { ChannelInput, ChannelOutput } from '../../../src-shared/rpc/contract';
import { contract } from '../../../src-shared/rpc/contract';
import { backupHandlers } from '../../../src-main/handlers/backup-handlers';
import type { BackupChannel, BackupRpc } from '../../../src-renderer/backup/backup-rpc';

const g = globalThis as unknown as Record<string, unknown>;
g.self ??= globalThis;

type Listener = (event: { target: FileReaderShim }) => void;

class FileReaderShim {
  result: ArrayBuffer | string | null = null;
  error: unknown = null;
  onload: Listener | null = null;
  onerror: Listener | null = null;
  onabort: Listener | null = null;
  private listeners: Record<string, Listener[]> = {};
  addEventListener(type: string, listener: Listener): void {
    (this.listeners[type] ??= []).push(listener);
  }
  private finish(read: Promise<ArrayBuffer | string>): void {
    read.then(
      (result) => {
        this.result = result;
        this.onload?.({ target: this });
        for (const l of this.listeners.load ?? []) l({ target: this });
      },
      (error: unknown) => {
        this.error = error;
        this.onerror?.({ target: this });
        for (const l of this.listeners.error ?? []) l({ target: this });
      },
    );
  }
  readAsArrayBuffer(blob: Blob): void {
    this.finish(blob.arrayBuffer());
  }
  readAsText(blob: Blob): void {
    this.finish(blob.text());
  }
  readAsBinaryString(blob: Blob): void {
    this.finish(blob.arrayBuffer().then((b) => Buffer.from(b).toString('latin1')));
  }
}
g.FileReader ??= FileReaderShim;

export class MemoryStorage {
  private items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  asStorage(): Storage {
    return this as unknown as Storage;
  }
}

/** The backup channels over the main process's real handlers, writing to `dataDir/backups`. */
export function backupRpcOver(dataDir: string): BackupRpc {
  const handlers = backupHandlers({ shell: 'web', version: 'test', assetsDir: '', dataDir, log: () => {} });
  return (async <K extends BackupChannel>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
    const parsed: unknown = contract[channel].input.parse(input);
    return (handlers[channel] as (i: unknown) => Promise<ChannelOutput<K>>)(parsed);
  }) as BackupRpc;
}
