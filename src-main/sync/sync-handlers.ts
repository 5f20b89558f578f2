/**
 * The `sync.*` RPC handlers: the renderer's sync engine decides what to send and when; these
 * make the calls with the device token, which never leaves the main process. The enrollment
 * summary and token are read once and cached until the next enrollment. Enrollments under way
 * are counted, so `sync.status` can tell a page reloaded after 注册 that one is coming.
 */
import { RpcFailure } from '../../src-shared/rpc/result';
import type { EnrollmentSummary, SyncStatus } from '../../src-shared/rpc/sync-channels';
import type { ReportFiles } from '../files/report-files';
import type { SaveDialog } from '../report/report-service';
import type { Handlers } from '../rpc/router';
import type { SigningKeys } from '../signing/identity';
import type { SecretStore } from '../signing/secret-store';
import { writeBundle } from './bundle-writer';
import { enroll, enrollmentFiles, TOKEN_SECRET, trustOf } from './enrollment';
import { officeClient, type OfficeClient, type OfficeClientOptions } from './office-client';
import { nodeOfficeTransport, type OfficeTransport, type OfficeTrust } from './office-transport';
import { asRpcFailure, viaOffice } from './office-errors';
import { officeClock, type MachineClock } from './office-clock';
import { OfficeError } from './office-client';
import type { PushFaultResult } from '../../src-shared/rpc/service-sync';
import type { PushDeliverableResult } from '../../src-shared/sync/deliverables';
import { blobStaging, sha256Of } from './staging';

export type SyncChannel =
  | 'sync.status'
  | 'sync.enroll'
  | 'sync.pull'
  | 'sync.missingBlobs'
  | 'sync.putBlob'
  | 'sync.pushReport'
  | 'sync.stageBlob'
  | 'sync.exportBundle'
  | 'sync.pushFault'
  | 'sync.pushDeliverable'
  | 'clock.read';

export interface SyncDeps {
  dataDir: string;
  secrets: SecretStore;
  keys: Pick<SigningKeys, 'describe' | 'publicKeyPem' | 'certificationRequest' | 'installCertificate' | 'material'>;
  reports: Pick<ReportFiles, 'read'>;
  saveDialog?: SaveDialog;
  /** For tests and the benchmark: another fetch (for the system-store trust), shorter timeouts. */
  http?: Pick<OfficeClientOptions, 'fetch' | 'timeoutMs' | 'minBytesPerSecond'>;
  /** The fetch for each kind of office trust; Node's (node:https for a pinned CA) when absent. */
  transport?: OfficeTransport;
  now?: () => Date;
  /** The machine's uptime and boot id for the office clock; Node's when absent (office-clock.ts). */
  machineClock?: MachineClock;
  /** Registers what to drop when the key material is set aside (key-handlers.ts): the cached enrollment and token. */
  onKeysRetired?: (listener: () => void) => void;
}

/** A 409's `current` (what the office holds), or undefined when the body does not carry one. */
function conflictCurrent(details: Record<string, unknown> | undefined): Extract<PushFaultResult, { kind: 'conflict' }>['current'] | undefined {
  if (!details || !('current' in details)) return undefined;
  const current = details.current as { version?: unknown; hash?: unknown; record?: unknown } | null;
  if (current === null) return null;
  if (typeof current !== 'object' || typeof current.version !== 'number' || typeof current.hash !== 'string') return undefined;
  return { version: current.version, hash: current.hash, record: current.record };
}

/** A 409 deliverable_conflict's `current` (the office's entry), or undefined when the body does not carry one. */
function deliverableCurrent(details: Record<string, unknown> | undefined): Extract<PushDeliverableResult, { kind: 'conflict' }>['current'] | undefined {
  const current = details?.current as { revision?: unknown; hash?: unknown; entry?: unknown } | null | undefined;
  if (!current || typeof current !== 'object' || typeof current.revision !== 'number' || typeof current.hash !== 'string') return undefined;
  return { revision: current.revision, hash: current.hash, entry: current.entry };
}

export function syncHandlers(deps: SyncDeps): Pick<Handlers, SyncChannel> {
  const now = deps.now ?? (() => new Date());
  const files = enrollmentFiles(deps.dataDir);
  const staging = blobStaging(deps.dataDir);
  const transport = deps.transport ?? nodeOfficeTransport(deps.http?.fetch);
  const clock = officeClock(deps.dataDir, deps.machineClock, now);
  const clientFor = (baseUrl: string, trust: OfficeTrust, token?: string): OfficeClient =>
    officeClient({ baseUrl, ...(token ? { token } : {}), ...deps.http, fetch: transport.fetch(trust), onOfficeTime: (t) => clock.learn(t) });

  let linked: Promise<{ summary: EnrollmentSummary; client: OfficeClient } | null> | undefined;
  const link = (): Promise<{ summary: EnrollmentSummary; client: OfficeClient } | null> => {
    linked ??= (async () => {
      const [summary, token] = await Promise.all([files.read(), deps.secrets.read(TOKEN_SECRET)]);
      if (!summary || !token) return null;
      return { summary, client: clientFor(summary.officeUrl, trustOf(summary), token.toString('utf8')) };
    })();
    linked.catch(() => (linked = undefined));
    return linked;
  };
  deps.onKeysRetired?.(() => (linked = undefined));
  const enrolled = async (): Promise<{ summary: EnrollmentSummary; client: OfficeClient }> => {
    const current = await link();
    if (!current) throw new RpcFailure('not_enrolled', 'this device is not enrolled with an office');
    return current;
  };

  // The page that pressed 注册 may be gone (reloaded, closed) while its enrollment goes on here.
  let enrolling = 0;

  return {
    'sync.status': async () => {
      const current = await link();
      const status: SyncStatus = current ? { enrolled: true, ...current.summary } : { enrolled: false };
      return enrolling > 0 ? { ...status, enrolling: true } : status;
    },
    'sync.enroll': async (input) => {
      enrolling++;
      try {
        const summary = await viaOffice(() =>
          enroll({ client: (url, trust) => clientFor(url, trust), identity: deps.keys, secrets: deps.secrets, files, now }, input),
        );
        linked = undefined;
        return { enrolled: true, ...summary };
      } finally {
        enrolling--;
      }
    },
    'sync.pull': async (input) => {
      const { client } = await enrolled();
      return viaOffice(() => client.pull(input.cursor, input.limit));
    },
    'sync.missingBlobs': async (input) => {
      const { client } = await enrolled();
      return viaOffice(() => client.missingBlobs(input.sha256));
    },
    'sync.putBlob': async (input) => {
      const { client } = await enrolled();
      const bytes = 'report' in input ? await deps.reports.read(input.report) : Buffer.from(input.base64, 'base64');
      // Checked here so a wrong file is named on the device, not refused later by the office.
      if (sha256Of(bytes) !== input.sha256) {
        throw new RpcFailure('blob_unavailable', `the bytes for ${input.sha256} hash to ${sha256Of(bytes)}`, { detail: input.sha256 });
      }
      const put = await viaOffice(() => client.putBlob(input.sha256, bytes));
      return { created: put.created, size: put.size };
    },
    'sync.pushReport': async (input) => {
      const { client } = await enrolled();
      return viaOffice(() => client.pushReport(input.envelope));
    },
    'sync.pushFault': async (input): Promise<PushFaultResult> => {
      const { client } = await enrolled();
      try {
        const accepted = await client.pushFault(input.fault);
        return { kind: 'accepted', ...accepted };
      } catch (error) {
        // Another device wrote first: not a failure but the office's version to merge with.
        const current = error instanceof OfficeError && error.status === 409 && error.code === 'fault_conflict' ? conflictCurrent(error.details) : undefined;
        if (current !== undefined) return { kind: 'conflict', current };
        throw asRpcFailure(error);
      }
    },
    'sync.pushDeliverable': async (input): Promise<PushDeliverableResult> => {
      const { client } = await enrolled();
      try {
        const accepted = await client.pushDeliverable(input.entry);
        return { kind: 'accepted', ...accepted };
      } catch (error) {
        // The office keeps a newer revision: not a failure but the entry for the device to take.
        const current = error instanceof OfficeError && error.status === 409 && error.code === 'deliverable_conflict' ? deliverableCurrent(error.details) : undefined;
        if (current !== undefined) return { kind: 'conflict', current };
        throw asRpcFailure(error);
      }
    },
    'clock.read': () => clock.read(),
    'sync.stageBlob': async (input) => ({ size: await staging.put(input.sha256, Buffer.from(input.base64, 'base64')) }),
    'sync.exportBundle': async (input) => {
      const { summary } = await enrolled();
      const result = await writeBundle(
        { deviceId: summary.deviceId, material: () => deps.keys.material(), staging, reports: deps.reports, ...(deps.saveDialog ? { saveDialog: deps.saveDialog } : {}), now },
        input,
      );
      if (result.kind !== 'cancelled') {
        const pdfs = new Set(input.pdfs.map((p) => p.sha256));
        for (const envelope of input.reports) for (const b of envelope.blobs) if (!pdfs.has(b.sha256)) await staging.remove(b.sha256);
        for (const item of input.faults) for (const b of item.blobs) await staging.remove(b.sha256);
        for (const item of input.deliverables) for (const b of item.blobs) if (!pdfs.has(b.sha256)) await staging.remove(b.sha256);
      }
      return result;
    },
  };
}
