/**
 * The app's one sync engine, wired to the profile's database and the main process: started at
 * boot when the device is enrolled, run again when the network returns (`online`), on its timer,
 * when a new report is queued, and when the engineer presses 同步. Holds no data of its own:
 * the outbox and syncState tables are the state, so a reload or crash resumes from them.
 * `useEnrollingElsewhere` says that the main process is finishing an enrollment this window did
 * not start (the page was reloaded right after 注册).
 */
import { create } from 'zustand';
import { summaryOf, type EnrollmentSummary, type SyncStatus } from '../../../src-shared/rpc/sync-channels';
import { repositories } from '../../db';
import { invoke } from '../../platform/invoke';
import { exportBundle as exportToBundle } from '../../sync/bundle-export';
import { createSyncEngine, type SyncEngine } from '../../sync/engine';
import type { Exclusive } from '../../sync/ports';
import { pullReference, type PullResult } from '../../sync/reference-pull';
import { reportSource } from '../../sync/report-package';
import { serviceSource } from '../../sync/service-package';
import { deliverableSource } from '../../sync/deliverable-package';
import { rpcTransport, type Call } from '../../sync/rpc-transport';

const call: Call = (channel, input) => invoke(channel, input);

/** Two windows must not drain the same outbox at once: a Web Lock, released if a window dies. */
const exclusive: Exclusive = <T,>(work: () => Promise<T>): Promise<T> =>
  navigator.locks ? (navigator.locks.request('xunjian-sync', () => work()) as Promise<T>) : work();

let engine: SyncEngine | undefined;
let watching = false;

function theEngine(): SyncEngine {
  if (engine) return engine;
  const repos = repositories();
  engine = createSyncEngine({
    outbox: repos.outbox,
    source: reportSource(repos),
    services: serviceSource(repos),
    deliverables: deliverableSource(repos),
    transport: rpcTransport(call),
    officeKey: async () => (await repos.syncState.get()).enrollment?.receiptKey,
    exclusive,
  });
  return engine;
}

/** Makes the renderer's copy of the enrollment agree with the main process, which holds the token. */
async function adopt(status: SyncStatus): Promise<EnrollmentSummary | undefined> {
  const summary = summaryOf(status);
  if (!summary) return undefined;
  const repos = repositories();
  const known = (await repos.syncState.get()).enrollment;
  if (!known || known.deviceId !== summary.deviceId || known.receiptKey.keyId !== summary.receiptKey.keyId) await repos.syncState.setEnrollment(summary);
  return summary;
}

function watch(): void {
  if (watching) return;
  watching = true;
  window.addEventListener('online', () => void theEngine().syncNow('online'));
  // A report signed in any screen lands in the outbox; send it without waiting for the timer.
  repositories().outbox.watchPending(() => void theEngine().syncNow('queued'));
}

export const useEnrollingElsewhere = create<{ enrolling: boolean }>(() => ({ enrolling: false }));

/** How often a page that found an enrollment under way asks whether it has ended. */
const ENROLLING_POLL_MS = 1000;

/**
 * The status once no enrollment is under way: an enrollment started before a reload ends in the
 * main process, and this page must learn its outcome without another reload.
 */
async function settledStatus(): Promise<SyncStatus> {
  let status = await invoke('sync.status', {});
  if (!status.enrolling) return status;
  useEnrollingElsewhere.setState({ enrolling: true });
  try {
    while (status.enrolling) {
      await new Promise((resolve) => setTimeout(resolve, ENROLLING_POLL_MS));
      status = await invoke('sync.status', {});
    }
    return status;
  } finally {
    useEnrollingElsewhere.setState({ enrolling: false });
  }
}

/** At boot: nothing happens until the device is enrolled. */
export async function startSync(): Promise<void> {
  const summary = await adopt(await settledStatus());
  if (!summary) return;
  watch();
  await theEngine().start();
}

export async function enroll(input: { officeUrl: string; code: string; deviceName: string }): Promise<EnrollmentSummary> {
  const summary = await adopt(await invoke('sync.enroll', input));
  if (!summary) throw new Error('enrollment returned no enrollment');
  watch();
  void theEngine().start();
  return summary;
}

/** The 同步 button: reference data first (new hospitals and templates), then the outbox. */
export async function syncNow(): Promise<PullResult> {
  const pulled = await pullReference(call, repositories().syncState);
  await theEngine().syncNow('manual');
  return pulled;
}

export const retryAttention = async (ids?: string[]): Promise<void> => {
  await repositories().outbox.retry(ids);
  await theEngine().syncNow('manual');
};

export const exportBundle = () => exportToBundle(call, repositories().outbox, reportSource(repositories()), serviceSource(repositories()), deliverableSource(repositories()));

export const syncEngine = (): SyncEngine => theEngine();
