/**
 * Where an accepted report's record is kept: its canonical JSON in the blob store, under the
 * record's hash (the bytes are self-checking: they hash to their name, which is the report's
 * hash). A record can be megabytes; written as a blob it streams to disk off the event loop,
 * where a SQLite row of that size held it for ~100 ms, and decoding it for ~90 ms more. Reports
 * accepted before this kept the record as JSON text in their row, and still read from there.
 */
import { Readable } from 'node:stream';
import type { OfficeContext } from '../context';

/** Hashed and written in 1 MB pieces, so other requests are answered in between. */
const PIECE = 1024 * 1024;

function* pieces(bytes: Uint8Array): Generator<Buffer> {
  for (let at = 0; at < bytes.byteLength; at += PIECE) yield Buffer.from(bytes.buffer, bytes.byteOffset + at, Math.min(PIECE, bytes.byteLength - at));
}

export async function storeReportRecord(ctx: OfficeContext, hash: string, canonicalUtf8: Uint8Array): Promise<void> {
  await ctx.blobs.put(hash, Readable.from(pieces(canonicalUtf8)), Math.max(canonicalUtf8.byteLength, 1));
}

/** The stored record's JSON as bytes: from its row if an older version kept it there, else from the blob store. */
export async function readReportRecord(ctx: OfficeContext, report: { id: string; hash: string }): Promise<Uint8Array | undefined> {
  const inRow = await ctx.store.getReportRecord(report.id);
  if (inRow) return Buffer.from(inRow, 'utf8');
  if (inRow === undefined) return undefined;
  return (await ctx.blobs.stat(report.hash)) ? ctx.blobs.read(report.hash) : undefined;
}
