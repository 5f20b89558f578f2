/**
 * The import form's multipart/form-data body (issue 14), read without a dependency: a plain
 * <form enctype="multipart/form-data"> works without JavaScript, and one form with a few text
 * fields and one file needs only this. The body is read up to a limit; past it the rest is read
 * and dropped (so the connection stays usable) and the form says it was too large.
 */
import type { Readable } from 'node:stream';

export interface UploadedFile {
  filename: string;
  data: Buffer;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
  /** The body was larger than the limit: nothing of it is kept. */
  tooLarge: boolean;
}

/** The boundary named in a multipart/form-data content type, or undefined. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;.*?boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Reads the stream to its end; keeps at most `limit` bytes. */
export async function readLimited(stream: Readable, limit: number): Promise<{ body: Buffer; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > limit) {
      tooLarge = true;
      chunks.length = 0;
    } else chunks.push(bytes);
  }
  return { body: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), tooLarge };
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The parts of a multipart body; undefined when it is not one (no boundary, no closing line). */
export function parseMultipart(body: Buffer, boundary: string): Omit<MultipartForm, 'tooLarge'> | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  let at = body.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    at += delimiter.length;
    // "--" after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) return { fields, files };
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) return undefined;
    at += 2;
    const headerEnd = body.indexOf(HEADER_END, at);
    if (headerEnd < 0) return undefined;
    const headers = body.subarray(at, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) return undefined;
    const content = body.subarray(headerEnd + 4, next);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) files[name] = { filename, data: Buffer.from(content) };
      else fields[name] = content.toString('utf8');
    }
    at = next + 2;
  }
}
