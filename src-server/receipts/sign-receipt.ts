/** Signs receipts with the office's ECDSA P-256 key, in the raw r‖s form WebCrypto verifies. */
import { randomUUID, sign, type KeyObject } from 'node:crypto';
import { RECEIPT_FORMAT, receiptSigningBytes, type Receipt, type ReceiptBody, type ReceiptKey } from '../../src-shared/sync/receipt';

export interface ReceiptSigner {
  office: { id: string; name: string };
  publicKey: ReceiptKey;
  sign(body: Omit<ReceiptBody, 'format' | 'receiptId' | 'office'>): Receipt;
}

export function receiptSigner(office: { id: string; name: string }, key: { privateKey: KeyObject; publicKey: ReceiptKey }): ReceiptSigner {
  return {
    office,
    publicKey: key.publicKey,
    sign(partial) {
      // Through JSON once, so the signed bytes are exactly what the device will parse (no undefined fields).
      const body = JSON.parse(JSON.stringify({ format: RECEIPT_FORMAT, receiptId: randomUUID(), office, ...partial })) as ReceiptBody;
      const value = sign('sha256', receiptSigningBytes(body), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
      return { body, signature: { alg: 'ES256', keyId: key.publicKey.keyId, value: value.toString('base64') } };
    },
  };
}
