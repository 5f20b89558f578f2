/**
 * The baselines: what IndexedDB itself costs on the same database, without Dexie or the
 * repository's checks. A ratio against these separates our overhead from the disk's.
 */
import type { AnswerRow, InspectionRow } from '../../src-renderer/db/rows';

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('request failed'));
  });
}

/** One row, one store: done when committed (with 'strict', when on disk, as the app's database does). */
export function rawPut(idb: IDBDatabase, row: AnswerRow, durability: IDBTransactionDurability = 'strict'): Promise<void> {
  const tx = idb.transaction('answers', 'readwrite', { durability });
  tx.objectStore('answers').put(row);
  return completion(tx);
}

/** saveAnswer's reads and writes without Dexie: the draft (the lock), then the answer. */
export async function rawSameWork(idb: IDBDatabase, row: AnswerRow): Promise<void> {
  const tx = idb.transaction(['inspections', 'answers'], 'readwrite', { durability: 'strict' });
  const done = completion(tx);
  const inspection = (await result(tx.objectStore('inspections').get(row.inspectionId))) as InspectionRow | undefined;
  if (inspection?.status !== 'draft') throw new Error(`no draft ${row.inspectionId}`);
  tx.objectStore('answers').put(row);
  await done;
}

/**
 * The save as it was until the draft's counters were derived from its answers: the draft and the
 * old answer read, then the answer and the inspection row (cursor, counters) written.
 */
export async function rawFormerWork(idb: IDBDatabase, row: AnswerRow, cursor: string): Promise<void> {
  const tx = idb.transaction(['inspections', 'answers'], 'readwrite', { durability: 'strict' });
  const done = completion(tx);
  const inspections = tx.objectStore('inspections');
  const answers = tx.objectStore('answers');
  const inspection = (await result(inspections.get(row.inspectionId))) as InspectionRow | undefined;
  if (!inspection) throw new Error(`no inspection ${row.inspectionId}`);
  const before = (await result(answers.get(row.id))) as AnswerRow | undefined;
  answers.put(row);
  inspections.put({ ...inspection, cursor, lastAnsweredAt: row.answeredAt, answeredCount: inspection.answeredCount + (before ? 0 : 1) });
  await done;
}

/** The list screen's reads by hand in one transaction: the newest `limit` through the same index, and three counts. */
export async function rawList(idb: IDBDatabase, hospitalId: string, limit: number): Promise<number> {
  const tx = idb.transaction('inspections', 'readonly');
  const store = tx.objectStore('inspections');
  const rows: unknown[] = [];
  const cursor = store.index('[hospitalId+updatedAt]').openCursor(IDBKeyRange.bound([hospitalId, ''], [hospitalId, '\uffff']), 'prev');
  cursor.onsuccess = () => {
    if (!cursor.result) return;
    // Reading .value makes Chromium deserialize the row, as Dexie's toArray does.
    rows.push(cursor.result.value);
    if (rows.length < limit) cursor.result.continue();
  };
  for (const status of ['draft', 'completed', 'signed']) store.index('[hospitalId+status]').count([hospitalId, status]);
  await completion(tx);
  return rows.length;
}

/** Opens and closes the database: what Chromium spends bringing the origin's backing store up. */
export async function rawOpenClose(name: string): Promise<void> {
  const idb = await result(indexedDB.open(name));
  idb.close();
}
