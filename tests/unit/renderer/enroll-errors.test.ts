/**
 * What the enrollment form says for the office's answers: it knows what was typed, and that
 * nothing retries an enrollment by itself (the sync engine's "retried later" is not for it).
 */
import { describe, expect, it } from 'vitest';
import { describeEnrollError } from '../../../src-renderer/features/sync/describe';
import { PlatformError } from '../../../src-renderer/platform/invoke';

const office = (code: 'office_refused' | 'office_unavailable', officeCode: string, detail: string): PlatformError =>
  new PlatformError({ code, message: detail, params: { status: 0, officeCode, detail } });
const https = { officeUrl: 'https://office.example.cn', withFingerprint: false };

describe('enrollment errors', () => {
  it('asks for the CA fingerprint when the code alone meets an untrusted certificate over HTTPS', () => {
    const untrusted = office('office_refused', 'office_untrusted', 'SELF_SIGNED_CERT_IN_CHAIN, POST /api/v1/enroll');
    expect(describeEnrollError('zh-CN', untrusted, https)).toContain('办公室很可能自带 HTTPS');
    expect(describeEnrollError('en', untrusted, https)).toContain('probably serves HTTPS itself');
    // With the fingerprint handed over, an untrusted certificate is a man in the middle or a wrong address.
    expect(describeEnrollError('zh-CN', untrusted, { ...https, withFingerprint: true })).toContain('可能连到了冒充办公室的设备');
  });

  it('leaves retrying to the engineer: check the address and network, or wait after too many attempts', () => {
    const unreachable = describeEnrollError('zh-CN', office('office_unavailable', 'network', 'GET /api/v1/office: ECONNREFUSED'), https);
    expect(unreachable).toBe('无法连接办公室（GET /api/v1/office: ECONNREFUSED）。注册不会自动重试：请检查办公室地址和网络，然后再点“注册”。');
    expect(describeEnrollError('zh-CN', office('office_unavailable', 'internal', 'POST /api/v1/enroll: 500 boom'), https)).toContain('再点“注册”');
    const busy = describeEnrollError('zh-CN', office('office_unavailable', 'rate_limited', 'POST /api/v1/enroll: 429 slow down'), https);
    expect(busy).toContain('过几分钟再点“注册”');
    expect(busy).not.toContain('自动重试');
    // A refusal keeps the office's reason.
    expect(describeEnrollError('zh-CN', office('office_refused', 'enrollment_code_invalid', 'POST /api/v1/enroll: 403'), https)).toContain('注册码无效');
  });
});
