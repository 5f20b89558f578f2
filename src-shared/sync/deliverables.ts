/**
 * The deliverables register's sync shapes (issue 12): what `PUT /api/v1/deliverables/<id>`
 * carries (exactly a DeliverableEntry), the files an entry names (PUT as blobs first), the
 * office's answer, and the RPC the renderer's engine pushes through. docs/sync-protocol.md §5b.
 */
import { z } from 'zod';
import { DeliverableEntry, type DeliverableMime, type DeliverableState } from '../period/deliverable';
import { Receipt } from './receipt';

/** The body of a push: the entry as the device holds it, its current revision and every earlier one. */
export const DeliverablePush = DeliverableEntry;
export type DeliverablePush = DeliverableEntry;

export interface DeliverableFile {
  sha256: string;
  size: number;
  mime: DeliverableMime;
}

/** The file a revision names: an attached file, or a produced report's signed PDF. */
export function fileOfState(value: DeliverableState): DeliverableFile | undefined {
  if (value.state === 'attached') return { sha256: value.sha256, size: value.size, mime: value.mime };
  if (value.state === 'produced') return { sha256: value.sha256, size: value.size, mime: 'application/pdf' };
  return undefined;
}

/** Every file the entry names, current and earlier revisions, each once (by hash), in revision order. */
export function deliverableFiles(entry: Pick<DeliverableEntry, 'current' | 'history'>): DeliverableFile[] {
  const seen = new Map<string, DeliverableFile>();
  for (const revision of [...entry.history, entry.current]) {
    const file = fileOfState(revision.value);
    if (file && !seen.has(file.sha256)) seen.set(file.sha256, file);
  }
  return [...seen.values()];
}

/**
 * Which of two revisions of one entry the office keeps: the higher revision, and between two
 * different entries with the same revision number the one whose canonical hash sorts last, so
 * every office and device that sees both picks the same one.
 */
export function newerEntry(a: { revision: number; hash: string }, b: { revision: number; hash: string }): 'a' | 'b' | 'same' {
  if (a.hash === b.hash) return 'same';
  if (a.revision !== b.revision) return a.revision > b.revision ? 'a' : 'b';
  return a.hash > b.hash ? 'a' : 'b';
}

export const DeliverableAccepted = z.object({ created: z.boolean(), revision: z.number().int().min(1), receipt: Receipt }).strict();
export type DeliverableAccepted = z.infer<typeof DeliverableAccepted>;

export const PushDeliverableInput = z.object({ entry: DeliverablePush }).strict();

/** The office took the entry (its receipt checked by the renderer), or holds a newer one: then `current` is the office's entry, for the device to take. */
export type PushDeliverableResult =
  | { kind: 'accepted'; created: boolean; revision: number; receipt: Receipt }
  | { kind: 'conflict'; current: { revision: number; hash: string; entry: unknown } };
