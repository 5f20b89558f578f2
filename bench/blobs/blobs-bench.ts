/**
 * Issue 15 point 2's benchmark: the blob store on disk (the baseline, storage/disk-blobs.ts) and
 * in PostgreSQL (storage/postgres/blobs.ts) at several chunk sizes, in one process, on one mix:
 * 200 photos of 300 KB and 10 PDFs of 8 MB. Each blob is put as an upload arrives (64 KiB pieces),
 * one at a time so each put's latency is its own, then read whole (`read`, as the PDF check does)
 * and streamed (`stream`, as the console's download does). Two rounds, the second in reverse
 * order, each on a fresh store; samples of both rounds are pooled.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { openDiskBlobStore } from '../../src-server/storage/disk-blobs';
import type { BlobStore } from '../../src-server/storage/port';
import { postgresBlobStore } from '../../src-server/storage/postgres/blobs';
import { openPool } from '../../src-server/storage/postgres/pool';
import { migratePostgres } from '../../src-server/storage/postgres/schema';
import { createTestDatabase } from '../../tests/helpers/postgres';
import { loadAverage } from '../machine';
import { ms, ratio, table } from '../markdown';
import type { Benchmark, BenchReport } from '../registry';
import { summarize } from '../stats';

const KiB = 1024;
const MiB = 1024 * KiB;
const ROUNDS = 2;
const MIX = [
  { kind: 'photo', count: 200, size: 300 * 1000 },
  { kind: 'PDF', count: 10, size: 8 * 1000 * 1000 },
] as const;
const CHUNKS = [256 * KiB, 1 * MiB, 4 * MiB];

type Kind = (typeof MIX)[number]['kind'];
interface Blob {
  kind: Kind;
  sha256: string;
  bytes: Buffer;
}

interface OpenedStore {
  blobs: BlobStore;
  /** Bytes the store takes for the mix (files, or the chunk table with its TOAST and index). */
  footprint(): Promise<number>;
  close(): Promise<void>;
}

interface Candidate {
  name: string;
  open(): Promise<OpenedStore>;
}

const disk: Candidate = {
  name: 'disk (baseline)',
  async open() {
    const root = await mkdtemp(path.join(tmpdir(), 'xunjian-bench-blobs-'));
    return {
      blobs: await openDiskBlobStore(root),
      footprint: async () => Number.NaN,
      close: () => rm(root, { recursive: true, force: true }),
    };
  },
};

const postgres = (chunkBytes: number): Candidate => ({
  name: `PostgreSQL, ${chunkBytes / KiB} KiB chunks`,
  async open() {
    const database = await createTestDatabase('xj_bench_');
    const db = openPool(database.url);
    await migratePostgres(db);
    return {
      blobs: postgresBlobStore(db, { chunkBytes }),
      async footprint() {
        const [row] = await db.query<{ size: number }>("SELECT pg_total_relation_size('blob_chunks') + pg_total_relation_size('blobs') AS size");
        return row!.size;
      },
      async close() {
        await db.close();
        await database.drop();
      },
    };
  },
});

/** As an HTTP request hands an upload over: pieces of 64 KiB. */
function upload(bytes: Buffer): Readable {
  let offset = 0;
  return new Readable({
    read() {
      if (offset >= bytes.length) return void this.push(null);
      this.push(bytes.subarray(offset, (offset += 64 * KiB)));
    },
  });
}

async function drained(stream: Readable): Promise<number> {
  let size = 0;
  for await (const piece of stream as AsyncIterable<Buffer>) size += piece.length;
  return size;
}

interface Samples {
  put: Record<Kind, number[]>;
  read: Record<Kind, number[]>;
  stream: Record<Kind, number[]>;
  /** Wall time of each phase over the whole mix, summed over rounds. */
  total: { put: number; read: number; stream: number };
  footprint: number;
}

const empty = (): Samples => ({
  put: { photo: [], PDF: [] },
  read: { photo: [], PDF: [] },
  stream: { photo: [], PDF: [] },
  total: { put: 0, read: 0, stream: 0 },
  footprint: 0,
});

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function measure(candidate: Candidate, mix: readonly Blob[], into: Samples): Promise<void> {
  const store = await candidate.open();
  try {
    for (const phase of ['put', 'read', 'stream'] as const) {
      const start = performance.now();
      for (const blob of mix) {
        const took = await timed(async () => {
          if (phase === 'put') {
            const result = await store.blobs.put(blob.sha256, upload(blob.bytes), 64 * MiB);
            if (!result.created) throw new Error(`${candidate.name}: ${blob.sha256} was not created`);
          } else if (phase === 'read') {
            if ((await store.blobs.read(blob.sha256)).length !== blob.bytes.length) throw new Error(`${candidate.name}: short read`);
          } else if ((await drained(store.blobs.stream(blob.sha256))) !== blob.bytes.length) throw new Error(`${candidate.name}: short stream`);
        });
        into[phase][blob.kind].push(took);
      }
      into.total[phase] += performance.now() - start;
    }
    into.footprint = await store.footprint();
  } finally {
    await store.close();
  }
}

async function run(progress: (line: string) => void): Promise<BenchReport> {
  const loadBefore = loadAverage();
  // Photos and PDFs interleaved as a device pushes them (a PDF after every 20 photos).
  const mix: Blob[] = [];
  const made = (kind: Kind, size: number): Blob => {
    const bytes = randomBytes(size);
    return { kind, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
  };
  for (let i = 0; i < MIX[0].count; i++) {
    mix.push(made('photo', MIX[0].size));
    if (i % 20 === 19) mix.push(made('PDF', MIX[1].size));
  }
  const mixBytes = mix.reduce((sum, b) => sum + b.bytes.length, 0);
  const candidates = [disk, ...CHUNKS.map(postgres)];
  const samples = new Map(candidates.map((c) => [c.name, empty()]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const candidate of round % 2 === 0 ? candidates : [...candidates].reverse()) {
      progress(`round ${round + 1}: ${candidate.name}`);
      await measure(candidate, mix, samples.get(candidate.name)!);
    }
  }

  const mbps = (totalMs: number): number => (mixBytes * ROUNDS) / 1e6 / (totalMs / 1000);
  const base = samples.get(disk.name)!;
  const rows = (phase: 'put' | 'read' | 'stream'): string[][] =>
    candidates.map((c) => {
      const s = samples.get(c.name)!;
      const rate = mbps(s.total[phase]);
      return [
        c.name,
        rate.toFixed(0),
        c === disk ? '1.00×' : ratio(rate / mbps(base.total[phase])),
        ms(summarize(s[phase].photo).p50),
        ms(summarize(s[phase].photo).p99),
        ms(summarize(s[phase].PDF).p50),
        ms(summarize(s[phase].PDF).p99),
      ];
    });
  const headers = ['Store', 'MB/s', 'vs disk', 'photo p50 ms', 'photo p99 ms', 'PDF p50 ms', 'PDF p99 ms'];
  return {
    title: 'Blob store: disk vs PostgreSQL (issue 15)',
    facts: {
      Mix: `${MIX.map((m) => `${m.count} × ${m.size / 1e6} MB ${m.kind}s`).join(' + ')} = ${(mixBytes / 1e6).toFixed(0)} MB, random bytes (incompressible, as JPEG and PDF nearly are)`,
      Rounds: `${ROUNDS} (the second in reverse order), a fresh store each`,
      'PostgreSQL footprint / bytes stored': candidates
        .filter((c) => c !== disk)
        .map((c) => `${c.name.replace('PostgreSQL, ', '')}: ${(samples.get(c.name)!.footprint / mixBytes).toFixed(3)}`)
        .join('; '),
      'Load average (1 min) before → after': `${loadBefore} → ${loadAverage()}`,
    },
    sections: [
      { heading: 'put (streamed in, hashed, durable on return; one at a time)', body: table(headers, rows('put')) },
      { heading: 'read (the whole blob into a Buffer, hash checked on PostgreSQL)', body: table(headers, rows('read')) },
      { heading: 'stream (piece by piece to the end, hash checked on PostgreSQL)', body: table(headers, rows('stream')) },
    ],
  };
}

export const blobsBenchmark: Benchmark = {
  name: 'blobs',
  description: 'Blob store put/read/stream throughput and p99 per blob: disk vs PostgreSQL at 256 KiB, 1 MiB and 4 MiB chunks',
  run,
};
