/**
 * Shared fixtures for the store tests: a fresh fake-indexeddb database per test with the shipped
 * catalog, an inspection of queue-demo's software and two room screens, and answers for it.
 */
import Dexie from 'dexie';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import path from 'node:path';
import { afterEach, beforeAll, expect, vi } from 'vitest';
import { loadCatalog } from '../../../src-main/catalog/load-catalog';
import type { Catalog } from '../../../src-shared/catalog/catalog';
import type { Item } from '../../../src-shared/catalog/schema';
import { outcomeOf, type AnswerValue } from '../../../src-shared/domain/answer';
import { buildSteps, type Step, type Target } from '../../../src-shared/domain/steps';
import { XunjianDb } from '../../../src-renderer/db/database';
import { V1_STORES } from '../../../src-renderer/db/migrations/v1';
import { V2_STORES } from '../../../src-renderer/db/migrations/v2';
import { V3_STORES } from '../../../src-renderer/db/migrations/v3';
import { V4_STORES } from '../../../src-renderer/db/migrations/v4';
import { V5_STORES } from '../../../src-renderer/db/migrations/v5';
import { V6_STORES } from '../../../src-renderer/db/migrations/v6';
import { V7_STORES } from '../../../src-renderer/db/migrations/v7';
import { createRepositories, type Repositories } from '../../../src-renderer/db/index';
import type { InspectionRow } from '../../../src-renderer/db/rows';
import { StoreError } from '../../../src-renderer/db/store-error';

export let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog(path.resolve('assets/catalog'));
  expect(catalog.problems).toEqual([]);
});

export const opened: Dexie[] = [];
export const uniqueName = (): string => `xunjian-test-${crypto.randomUUID()}`;

export function openDb(name = uniqueName()): XunjianDb {
  const db = new XunjianDb(name, { indexedDB, IDBKeyRange });
  opened.push(db);
  return db;
}

afterEach(async () => {
  vi.useRealTimers();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name).catch(() => undefined);
  }
});

const STORES_BY_VERSION = [V1_STORES, V2_STORES, V3_STORES, V4_STORES, V5_STORES, V6_STORES, V7_STORES];

/**
 * A database as the app's schema `version` declared it (created at that version, no upgrades
 * run), to fill with rows as that version wrote them and then open with the current XunjianDb.
 */
export function databaseAt(version: number, name: string): Dexie {
  const old = new Dexie(name, { indexedDB, IDBKeyRange });
  opened.push(old);
  STORES_BY_VERSION.slice(0, version).forEach((stores, i) => old.version(i + 1).stores(stores));
  return old;
}

/** A database with the shipped catalog applied, and its repositories. */
export async function seeded(): Promise<{ db: XunjianDb; repos: Repositories }> {
  const db = openDb();
  const repos = createRepositories(db);
  await repos.reference.applyCatalog(catalog);
  return { db, repos };
}

/** Sets the clock; only Date is faked so fake-indexeddb's scheduling keeps running. */
export function clockAt(iso: string): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(iso));
}

export const HOSPITAL = 'queue-demo';
export const CONTRACT = 'queue-demo-2026';
export const SCREENS = ['mz-nk-rs-01', 'mz-nk-rs-02'];

/** queue-demo's software system plus two room screens, with the steps they expand to. */
export async function plan(repos: Repositories): Promise<{ targets: Target[]; steps: Step[] }> {
  const [system] = await repos.reference.listSystems(CONTRACT);
  const targets: Target[] = [
    { kind: 'system', systemId: system!.id, templateId: system!.templateId, templateVersion: 1 },
    { kind: 'hardware', templateId: 'queue-room-screen', templateVersion: 1, assetIds: SCREENS },
  ];
  const templates = await repos.reference.templatesAt(targets.map((t) => ({ id: t.templateId, version: t.templateVersion })));
  const assets = new Map((await repos.reference.getAssets(SCREENS)).map((a) => [a.id, a]));
  return { targets, steps: buildSteps(targets, templates, assets) };
}

export async function startInspection(repos: Repositories): Promise<{ inspection: InspectionRow; steps: Step[] }> {
  const { targets, steps } = await plan(repos);
  const inspection = await repos.inspections.create({
    hospitalId: HOSPITAL,
    contractId: CONTRACT,
    engineer: '  张工  ',
    targets,
    totalSteps: steps.length,
    firstStep: steps[0]!.key,
  });
  return { inspection, steps };
}

/** A passing answer for any item; a failing one for check items when `fail`. */
export function valueFor(item: Item, fail = false): AnswerValue {
  switch (item.kind) {
    case 'check':
      return { kind: 'check', result: fail ? 'fail' : 'pass' };
    case 'number':
      return { kind: 'number', value: item.normal.min ?? item.normal.max ?? item.bounds.min };
    case 'choice':
      return { kind: 'choice', optionId: item.options.find((o) => !o.fail)!.id };
    case 'text':
      return { kind: 'text', text: 'ok' };
    case 'photo':
      return { kind: 'photo', count: 1 };
  }
}

export function answer(repos: Repositories, inspectionId: string, step: Step, opts: { fail?: boolean; next?: string; note?: string } = {}) {
  const value = valueFor(step.item, opts.fail);
  return repos.inspections.saveAnswer({
    inspectionId,
    stepKey: step.key,
    subject: step.subject,
    templateId: step.templateId,
    itemId: step.item.id,
    value,
    outcome: outcomeOf(step.item, value),
    note: opts.note ?? (opts.fail ? 'broken' : ''),
    photoCount: 0,
    cursor: opts.next ?? step.key,
  });
}

export async function answerAll(repos: Repositories, inspectionId: string, steps: Step[], failKeys: ReadonlySet<string> = new Set()) {
  for (const [i, step] of steps.entries()) {
    await answer(repos, inspectionId, step, { fail: failKeys.has(step.key), next: steps[i + 1]?.key ?? step.key });
  }
}

export async function expectStoreError(promise: Promise<unknown>, code: StoreError['code']): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StoreError);
  expect((error as StoreError).code).toBe(code);
}

