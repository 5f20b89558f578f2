/**
 * Pulls reference data (hospitals, contracts, units, templates, calendars) page by page from the
 * cursor kept in syncState; each page is applied with its cursor in one transaction, so a cut
 * connection resumes after the last page applied.
 */
import type { SyncStateRepository } from '../db/repositories/sync-state';
import type { Call } from './rpc-transport';

/** A runaway office (a cursor that never ends) must not keep the device busy for ever. */
const MAX_PAGES = 10_000;

export interface PullResult {
  pages: number;
  applied: number;
  problems: string[];
}

export async function pullReference(call: Call, state: Pick<SyncStateRepository, 'get' | 'applyPage'>): Promise<PullResult> {
  const result: PullResult = { pages: 0, applied: 0, problems: [] };
  for (let more = true; more && result.pages < MAX_PAGES; ) {
    const { cursor } = await state.get();
    const page = await call('sync.pull', cursor ? { cursor } : {});
    const applied = await state.applyPage(page);
    result.pages++;
    result.applied += applied.applied;
    result.problems.push(...applied.problems);
    more = page.more;
  }
  return result;
}
