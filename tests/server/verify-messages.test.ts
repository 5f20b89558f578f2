/**
 * What the console and verify-store say of a stored file they could not check: missing, damaged
 * since it was accepted, or unreadable for another reason (a backup restored as root and read by
 * the service user; a disk error), which is not "missing" and must not send anyone looking for a
 * lost file (newcomer trial of verify-store).
 */
import { expect, it } from 'vitest';
import { unreadBlob } from '../../src-server/console/verify-stored';
import { BlobCorrupt } from '../../src-server/storage/port';

const SHA = 'ab'.repeat(32);

it('names a missing, a damaged and an unreadable file each for what it is', () => {
  const gone = Object.assign(new Error(`no blob ${SHA}`), { code: 'ENOENT' });
  const denied = Object.assign(new Error(`EACCES: permission denied, open '/srv/xunjian/blobs/ab/ab/${SHA}'`), { code: 'EACCES' });
  expect(unreadBlob('the PDF', gone)).toBe('the PDF is missing from the blob store');
  expect(unreadBlob('the PDF', new BlobCorrupt(SHA, 'its bytes hash to 00'))).toBe('the PDF in the blob store is damaged: its bytes hash to 00');
  expect(unreadBlob('the file', denied)).toBe(`the file cannot be read from the blob store: EACCES: permission denied, open '/srv/xunjian/blobs/ab/ab/${SHA}'`);
});
