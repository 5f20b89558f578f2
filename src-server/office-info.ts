/** What the office tells anyone about itself: its id, name, CA certificate and receipt key. */
import type { OfficeInfo } from '../src-shared/sync/protocol';
import type { OfficeContext } from './context';

export const officeInfo = (ctx: OfficeContext): OfficeInfo => ({
  officeId: ctx.office.id,
  name: ctx.office.name,
  caCertificatePem: ctx.keys.ca.certificatePem,
  receiptKey: ctx.receipts.publicKey,
});
