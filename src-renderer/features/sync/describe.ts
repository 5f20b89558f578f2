/** Sync failures as one sentence in the engineer's language: the office's reason when it gave one. */
import { ERROR_CODES, type ErrorCode as RpcCode } from '../../../src-shared/rpc/result';
import { ErrorCode as OfficeCode } from '../../../src-shared/sync/protocol';
import { translate, type Locale } from '../../../src-shared/i18n/translate';
import type { OutboxError } from '../../db/rows';
import { describeError } from '../../i18n/errors';
import { PlatformError } from '../../platform/invoke';

const LOCAL = ['receipt_invalid', 'record_changed', 'not_signed', 'report_missing', 'blob_type'] as const;
type LocalCode = (typeof LOCAL)[number];
/** Service records' own (service-package.ts, service-send.ts). */
const SERVICE = ['service_missing', 'service_invalid', 'merge_loop'] as const;
type ServiceCode = (typeof SERVICE)[number];

export function describeOutboxError(locale: Locale, error: OutboxError): string {
  const detail = error.message;
  const office = OfficeCode.safeParse(error.officeCode);
  if (office.success) return translate(locale, `sync.office.${office.data}`, { detail });
  // The device's own verdicts on an answer or a certificate, worded like the office's.
  if (error.officeCode === 'bad_answer' || error.officeCode === 'office_untrusted' || error.officeCode === 'office_ca_mismatch') {
    return translate(locale, `sync.office.${error.officeCode}`, { detail });
  }
  if ((SERVICE as readonly string[]).includes(error.code)) return translate(locale, `svcstore.sync.${error.code as ServiceCode}`, { detail });
  if ((LOCAL as readonly string[]).includes(error.code)) return translate(locale, `sync.error.${error.code as LocalCode}`, { detail });
  if ((ERROR_CODES as readonly string[]).includes(error.code)) {
    return translate(locale, `rpc.${error.code as RpcCode}`, { detail, status: error.status ?? '', channel: '', path: '', reportNumber: '', file: '' });
  }
  return translate(locale, 'sync.error.other', { detail });
}

/** For calls the screen makes itself (enroll, export): the office's reason first, else the usual text. */
export function describeSyncCallError(locale: Locale, error: unknown): string {
  if (error instanceof PlatformError && (error.error.code === 'office_refused' || error.error.code === 'office_unavailable')) {
    const officeCode = error.error.params?.officeCode;
    return describeOutboxError(locale, {
      code: error.error.code,
      message: String(error.error.params?.detail ?? error.error.message),
      ...(typeof officeCode === 'string' ? { officeCode } : {}),
      ...(typeof error.error.params?.status === 'number' ? { status: error.error.params.status } : {}),
    });
  }
  return describeError(locale, error);
}

/**
 * For the enrollment form, which knows what was typed: a certificate the system does not trust,
 * met with the code alone at an https:// address, most likely means the office serves HTTPS
 * itself and the CA fingerprint was left out — an impostor is only the second possibility.
 * Nothing retries an enrollment, so an office out of reach is the engineer's to check and retry.
 */
export function describeEnrollError(locale: Locale, error: unknown, typed: { officeUrl: string; withFingerprint: boolean }): string {
  if (!(error instanceof PlatformError)) return describeSyncCallError(locale, error);
  const { code, params, message } = error.error;
  const detail = String(params?.detail ?? message);
  if (code === 'office_refused' && params?.officeCode === 'office_untrusted' && !typed.withFingerprint && typed.officeUrl.startsWith('https:')) {
    return translate(locale, 'sync.enroll.untrustedCodeOnly', { detail });
  }
  if (code === 'office_unavailable') {
    return params?.officeCode === 'rate_limited' ? translate(locale, 'sync.enroll.rateLimited') : translate(locale, 'sync.enroll.unreachable', { detail });
  }
  return describeSyncCallError(locale, error);
}
