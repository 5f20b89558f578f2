/**
 * What kind of file a blob is, from its first bytes. The blob store keeps bytes under their hash
 * and nothing else, so a record's claim that a file is a PDF or a photo (a `document` event's
 * `mime`, which the console serves the file as) is checked against the bytes themselves: by the
 * office, and first by the device, which refuses a file named .pdf that is not one before it
 * becomes an event the office would refuse (events cannot be taken back).
 */
import type { DocumentEvent } from './record';

export type KnownMime = DocumentEvent['mime'];

const startsWith = (bytes: Uint8Array, at: number, prefix: readonly number[]): boolean => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** A PDF's header may follow up to 1,024 bytes of junk (ISO 32000-1 annex H); scanners rarely add any. */
const PDF_HEADER_WINDOW = 1024;

export function sniffMime(bytes: Uint8Array): KnownMime | undefined {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, 0, ascii('RIFF')) && startsWith(bytes, 8, ascii('WEBP'))) return 'image/webp';
  const head = String.fromCharCode(...bytes.subarray(0, PDF_HEADER_WINDOW + 5));
  if (head.includes('%PDF-')) return 'application/pdf';
  return undefined;
}
