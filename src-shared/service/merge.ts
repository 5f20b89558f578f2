/**
 * Two devices edited one record: the office answered 409 with its version. Because a record is
 * only ever appended to, the merge is the union of both event lists (by event id), and both
 * histories stay; the fold decides what each field says (service/fold.ts).
 */
import { canonicalJson } from '../crypto/canonical';
import type { ServiceRecord } from './record';

export interface MergeResult {
  record: ServiceRecord;
  /** Events that both sides hold under one id with different content: ours is kept, theirs reported. */
  clashes: string[];
}

export function mergeRecords(ours: ServiceRecord, theirs: ServiceRecord): MergeResult {
  const byId = new Map(ours.events.map((e) => [e.id, e]));
  const clashes: string[] = [];
  for (const e of theirs.events) {
    const mine = byId.get(e.id);
    if (!mine) byId.set(e.id, e);
    else if (canonicalJson(mine) !== canonicalJson(e)) clashes.push(e.id);
  }
  const photos = new Map([...theirs.photos, ...ours.photos].map((p) => [p.sha256, p]));
  return { record: { ...ours, photos: [...photos.values()], events: [...byId.values()] }, clashes };
}
