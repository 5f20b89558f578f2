/**
 * The sync engine: drains the outbox to the office. Per record (a signed report; a service record
 * goes through service-send.ts, with its 409 merge): package it, ask which blobs the
 * office lacks, PUT those (blobs first), push the envelope, verify the receipt against the pinned
 * office key, and only then mark the row synced (one transaction, receipt kept). Network errors
 * and 5xx retry with exponential backoff and full jitter; 4xx and bad receipts need the engineer.
 * A crash leaves rows `sending`; the next run puts them back in the queue, and the office's
 * idempotency by (id, hash) makes sending again safe. It never deletes anything.
 */
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { classify, SyncFailure } from './failure';
import { sendDeliverable } from './deliverable-send';
import type { AnyOutgoingBlob, DeliverableSource, Exclusive, OutboxStore, PinnedKey, ReportSource, ServiceSource, Transport } from './ports';
import { sendService } from './service-send';
import { checkReceipt } from './receipt-check';
import type { OutboxRow } from '../db/rows';

export interface SyncProgress {
  /** Records finished in this run (synced), records refused or postponed, of all taken up. */
  done: number;
  failed: number;
  total: number;
  bytesSent: number;
  bytesTotal: number;
}

export interface RunResult {
  synced: number;
  attention: number;
  retry: number;
  /** Set when the run stopped early because the office or the network is down. */
  pausedUntil?: string;
}

export interface EngineSnapshot {
  running: boolean;
  progress?: SyncProgress;
  lastRun?: RunResult & { at: string };
  /** When the engine will try again by itself. */
  nextRunAt?: string;
}

export interface EngineOptions {
  outbox: OutboxStore;
  source: ReportSource;
  /** Service records (issue 11); their outbox rows stay queued when absent. */
  services?: ServiceSource;
  /** The deliverables register (issue 12); its outbox rows stay queued when absent. */
  deliverables?: DeliverableSource;
  transport: Transport;
  officeKey: PinnedKey;
  backoff?: BackoffPolicy;
  /** Records in flight at once; each one still goes blobs-first, record-last. */
  concurrency?: number;
  /** How often the timer looks for work even when nothing failed. */
  periodMs?: number;
  now?: () => Date;
  random?: () => number;
  exclusive?: Exclusive;
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

export type Trigger = 'start' | 'timer' | 'online' | 'manual' | 'queued';

const MAX_TIMER_MS = 2 ** 31 - 1;
/** Retryable failures in a row (no success between) after which the office counts as down. */
const TRIP_AFTER = 3;

export function createSyncEngine(options: EngineOptions) {
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const exclusive: Exclusive = options.exclusive ?? ((work) => work());
  const timers = options.timers ?? { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  // Each record waits on a few round trips, mostly the office's fsyncs: four in flight more than
  // doubled throughput over loopback (docs/benchmarks.md), and the blobs-first order is per record.
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const periodMs = options.periodMs ?? 5 * 60_000;
  const { outbox, source, transport } = options;

  let snapshot: EngineSnapshot = { running: false };
  const listeners = new Set<(s: EngineSnapshot) => void>();
  let current: Promise<RunResult> | undefined;
  let again = false;
  /** The engineer or the network asked for "now": rows waiting out a backoff are due at once. */
  let hurry = false;
  let consecutiveFailures = 0;
  let pausedUntil = 0;
  let timer: unknown;
  let stopped = true;

  const publish = (change: Partial<EngineSnapshot>): void => {
    snapshot = { ...snapshot, ...change };
    for (const listener of listeners) listener(snapshot);
  };

  /**
   * Asks the office which of `blobs` it lacks and PUTs those, counting progress; `done` holds
   * what this send already handled (a service record's second round sends only new files).
   */
  async function sendBlobs(row: OutboxRow, blobs: readonly AnyOutgoingBlob[], progress: SyncProgress, done: Set<string>): Promise<void> {
    const fresh = blobs.filter((b) => !done.has(b.sha256));
    if (fresh.length === 0) return;
    const missing = new Set(await transport.missingBlobs(fresh.map((b) => b.sha256)));
    const present = fresh.filter((b) => !missing.has(b.sha256)).reduce((sum, b) => sum + b.size, 0);
    let sent = row.bytesSent + present;
    progress.bytesSent += present;
    await outbox.setProgress(row.id, sent);
    publish({ progress: { ...progress } });
    for (const blob of fresh) {
      done.add(blob.sha256);
      if (!missing.has(blob.sha256)) continue;
      missing.delete(blob.sha256); // the same bytes listed twice (a photo reused) go once
      await transport.putBlob(blob);
      sent += blob.size;
      progress.bytesSent += blob.size;
      await outbox.setProgress(row.id, sent);
      publish({ progress: { ...progress } });
    }
    row.bytesSent = sent;
  }

  async function sendOne(row: OutboxRow, progress: SyncProgress, key: NonNullable<Awaited<ReturnType<PinnedKey>>>): Promise<void> {
    if (row.kind === 'service') {
      // Rows of service records are only taken up when the engine has a source for them (drain).
      const { services } = options;
      const pushFault = transport.pushFault?.bind(transport);
      if (!services || !pushFault) return;
      await sendService(row, progress, key, { services, transport: { pushFault }, outbox, sendBlobs, publish: () => publish({ progress: { ...progress } }) });
      return;
    }
    if (row.kind === 'deliverable') {
      const { deliverables } = options;
      const pushDeliverable = transport.pushDeliverable?.bind(transport);
      if (!deliverables || !pushDeliverable) return;
      await sendDeliverable(row, progress, key, { deliverables, transport: { pushDeliverable }, outbox, sendBlobs, publish: () => publish({ progress: { ...progress } }) });
      return;
    }
    // `row` was read before packaging: a paper scan added from here on is not in this send.
    const scansSeen = row.scansAdded ?? 0;
    const pkg = await source.package(row.recordId);
    const total = pkg.blobs.reduce((sum, b) => sum + b.size, 0);
    progress.bytesTotal += total - row.bytesTotal;
    if (!(await outbox.markSending(row.id, total))) return; // another run took it
    publish({ progress: { ...progress } });
    await sendBlobs({ ...row, bytesSent: 0 }, pkg.blobs, progress, new Set());

    const answer = await transport.pushReport(pkg.envelope);
    const check = await checkReceipt(answer.receipt, key, pkg.envelope);
    if (!check.ok) throw new SyncFailure('attention', 'receipt_invalid', check.reason);
    await outbox.markSynced(row.id, check.receipt, scansSeen);
  }

  async function fail(row: OutboxRow, failure: SyncFailure): Promise<void> {
    const error = {
      code: failure.code,
      message: failure.message,
      ...(failure.status !== undefined ? { status: failure.status } : {}),
      ...(failure.officeCode !== undefined ? { officeCode: failure.officeCode } : {}),
    };
    if (failure.disposition === 'attention') {
      await outbox.markAttention(row.id, error);
      return;
    }
    const wait = backoffDelay(row.attempts + 1, policy, random);
    await outbox.markRetry(row.id, error, new Date(now().getTime() + wait).toISOString());
  }

  async function drain(): Promise<RunResult> {
    const result: RunResult = { synced: 0, attention: 0, retry: 0 };
    const key = await options.officeKey();
    if (!key) return result; // not enrolled: nothing can be verified, so nothing is sent
    await outbox.recoverInterrupted();
    // Service records and register entries wait in the queue until the engine is given a source for them.
    const rows = (await outbox.due(now().toISOString())).filter(
      (r) =>
        (r.kind !== 'service' || (options.services !== undefined && transport.pushFault !== undefined)) &&
        (r.kind !== 'deliverable' || (options.deliverables !== undefined && transport.pushDeliverable !== undefined)),
    );
    const progress: SyncProgress = { done: 0, failed: 0, total: rows.length, bytesSent: 0, bytesTotal: rows.reduce((s, r) => s + r.bytesTotal, 0) };
    publish({ progress: { ...progress } });
    let next = 0;
    // A single failed request is that record's problem: it waits out its own backoff while the
    // others go on. Several in a row with no success between mean the office or the network is
    // down: then no new record is started, and the whole engine backs off.
    let streak = 0;
    let down = false;
    const worker = async (): Promise<void> => {
      while (!down && next < rows.length) {
        const row = rows[next++]!;
        try {
          await sendOne(row, progress, key);
          result.synced++;
          progress.done++;
          streak = 0;
        } catch (error) {
          const failure = classify(error);
          await fail(row, failure);
          progress.failed++;
          if (failure.disposition === 'retry') {
            result.retry++;
            if (++streak >= TRIP_AFTER) down = true;
          } else {
            result.attention++;
          }
        }
        publish({ progress: { ...progress } });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
    if (down) {
      consecutiveFailures++;
      pausedUntil = now().getTime() + backoffDelay(consecutiveFailures, policy, random);
      result.pausedUntil = new Date(pausedUntil).toISOString();
    } else {
      consecutiveFailures = 0;
      pausedUntil = 0;
    }
    return result;
  }

  async function schedule(): Promise<void> {
    if (stopped) return;
    if (timer !== undefined) timers.clear(timer);
    timer = undefined;
    const at = now().getTime();
    const due = await outbox.nextDueAt();
    let when = at + periodMs;
    if (due !== undefined) when = Math.min(when, Date.parse(due));
    when = Math.max(when, pausedUntil, at);
    if (stopped) return;
    timer = timers.set(() => void run('timer'), Math.min(when - at, MAX_TIMER_MS));
    publish({ nextRunAt: new Date(when).toISOString() });
  }

  /** One run at a time; a trigger during a run asks for one more run after it. */
  function run(trigger: Trigger): Promise<RunResult> {
    if (trigger === 'manual' || trigger === 'online') {
      // The engineer (or the network) says "now": forget the backoff.
      consecutiveFailures = 0;
      pausedUntil = 0;
      hurry = true;
    }
    if (current) {
      again = true;
      return current;
    }
    // While paused after a failure only the engineer or the network coming back overrides the
    // backoff; otherwise every re-queued row would start a new run against an office that is down.
    if (now().getTime() < pausedUntil) {
      void schedule().catch(() => undefined);
      return Promise.resolve({ synced: 0, attention: 0, retry: 0, pausedUntil: new Date(pausedUntil).toISOString() });
    }
    current = (async () => {
      publish({ running: true });
      let result: RunResult = { synced: 0, attention: 0, retry: 0 };
      try {
        do {
          again = false;
          result = await exclusive(async () => {
            if (hurry) {
              hurry = false;
              await outbox.hurry();
            }
            return drain();
          });
        } while (again && result.retry === 0);
        return result;
      } finally {
        current = undefined;
        publish({ running: false, lastRun: { ...result, at: now().toISOString() } });
        await schedule().catch(() => undefined);
      }
    })();
    return current;
  }

  return {
    /** Starts the timer and runs once; safe to call again. */
    start(): Promise<RunResult> {
      stopped = false;
      return run('start');
    },
    stop(): void {
      stopped = true;
      if (timer !== undefined) timers.clear(timer);
      timer = undefined;
    },
    syncNow: (trigger: Trigger = 'manual'): Promise<RunResult> => run(trigger),
    /** Resolves when no run is in progress. */
    idle: async (): Promise<void> => {
      while (current) await current.catch(() => undefined);
    },
    snapshot: (): EngineSnapshot => snapshot,
    subscribe(listener: (s: EngineSnapshot) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type SyncEngine = ReturnType<typeof createSyncEngine>;
