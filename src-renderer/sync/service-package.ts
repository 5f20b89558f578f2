/**
 * A service record as the office receives it: exactly the record and the version this push
 * creates (the office's version + 1), and the files of it this device holds (photos, documents,
 * scans), PUT by hash before the record. Files another device added are already at the office.
 */
import { FaultBody } from '../../src-shared/rpc/service-sync';
import { ServiceRecord } from '../../src-shared/service/record';
import { BlobMime } from '../../src-shared/sync/envelope';
import type { Repositories } from '../db';
import { StoreError } from '../db/store-error';
import { SyncFailure } from './failure';
import type { OutgoingBlob, ServiceSource } from './ports';

type Repos = Pick<Repositories, 'serviceRecords'>;

const refuse = (code: string, message: string): never => {
  throw new SyncFailure('attention', code, message);
};

/** The office keeps what was pushed (record + version); the record is that without the version. */
export function officeRecordOf(body: unknown): ServiceRecord {
  if (typeof body !== 'object' || body === null) return refuse('service_invalid', 'the office sent no record');
  const record = Object.fromEntries(Object.entries(body).filter(([key]) => key !== 'version' && key !== 'blobs'));
  const parsed = ServiceRecord.safeParse(record);
  if (!parsed.success) return refuse('service_invalid', `the office's record: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function serviceSource(repos: Repos): ServiceSource {
  return {
    async package(recordId) {
      const state = await repos.serviceRecords.forPush(recordId);
      if (!state) return refuse('service_missing', `service record ${recordId} is not on this device`);
      const { row, attachments, changes } = state;
      const fault = FaultBody.safeParse({ ...row.record, version: row.officeVersion + 1 });
      if (!fault.success) return refuse('service_invalid', `service record ${recordId}: ${fault.error.issues[0]?.message ?? 'invalid'}`);
      const referenced = new Set([...fault.data.photos.map((p) => p.sha256), ...fault.data.events.flatMap((e) => (e.type === 'document' ? [e.sha256] : []))]);
      const blobs: OutgoingBlob[] = [];
      const seen = new Set<string>();
      for (const a of attachments) {
        if (!referenced.has(a.sha256) || seen.has(a.sha256)) continue;
        seen.add(a.sha256);
        const mime = BlobMime.safeParse(a.blob.type || a.type);
        if (!mime.success) return refuse('blob_type', `file ${a.id} is "${a.blob.type || a.type}", not a type the office accepts`);
        blobs.push({
          sha256: a.sha256,
          size: a.blob.size,
          mime: mime.data,
          role: a.role === 'photo' ? 'photo' : 'scan',
          source: { kind: 'bytes', read: async () => new Uint8Array(await a.blob.arrayBuffer()) },
        });
      }
      return { fault: fault.data, blobs, changes };
    },

    async merge(recordId, officeRecord, officeVersion) {
      const theirs = officeRecord === null ? undefined : officeRecordOf(officeRecord);
      if (theirs && theirs.id !== recordId) refuse('service_invalid', `the office answered for record ${theirs.id}, not ${recordId}`);
      // The office refuses a record that moves to another hospital whatever its version: merging
      // would only meet the same 409 again, so the engineer is told instead.
      const ours = await repos.serviceRecords.get(recordId);
      if (theirs && ours && theirs.hospitalId !== ours.hospitalId) refuse('service_invalid', `the office holds record ${recordId} under hospital ${theirs.hospitalId}`);
      try {
        await repos.serviceRecords.mergeOffice(recordId, theirs, officeVersion);
      } catch (error) {
        // The union would hold more than a record may (events, photos): nothing is changed.
        if (error instanceof StoreError) refuse('service_invalid', error.message);
        throw error;
      }
    },

    exported: (recordId, version) => repos.serviceRecords.markExported(recordId, version),

    pushed: (recordId, version, receipt, changesSeen) => repos.serviceRecords.markPushed(recordId, version, receipt, changesSeen),
  };
}
