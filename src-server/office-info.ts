/** What the office tells anyone about itself: its id, name, CA certificate, receipt key and public check address. */
import type { OfficeInfo } from '../src-shared/sync/protocol';
import type { OfficeContext } from './context';

export const officeInfo = (ctx: OfficeContext): OfficeInfo => ({
  officeId: ctx.office.id,
  name: ctx.office.name,
  caCertificatePem: ctx.keys.ca.certificatePem,
  receiptKey: ctx.receipts.publicKey,
  ...(ctx.publicUrl ? { verifyUrl: ctx.publicUrl } : {}),
});
