/** The enrollment link the console shows as text and QR code, as a scanner or a paste hands it to the device. */
import { describe, expect, it } from 'vitest';
import { handoverString } from '../../src-shared/sync/enrollment-code';
import { enrollmentLink, findEnrollmentLink, looksLikeEnrollmentLink, parseEnrollmentLink } from '../../src-shared/sync/enrollment-link';

const CODE = 'K7QM-3XWT-9HDP-R2VA';
const WITH_CA = handoverString(CODE, '3F9A-K2M7-QX4T-8VRB-J6WD');

describe('enrollment link', () => {
  it('gives back the office address and the handover it was made from, a code alone or with the CA fingerprint', () => {
    for (const [office, handover] of [
      ['http://127.0.0.1:8443', CODE],
      ['https://office.example.cn', WITH_CA],
      ['https://192.168.10.5:8443', WITH_CA],
    ] as const) {
      expect(parseEnrollmentLink(enrollmentLink(office, handover))).toEqual({ officeUrl: office, handover });
    }
  });

  it('keeps the path prefix of an office behind a proxy at a sub-path', () => {
    expect(enrollmentLink('https://it.hospital.cn/xunjian/', CODE)).toBe(`https://it.hospital.cn/xunjian/enroll#${CODE}`);
    expect(parseEnrollmentLink(`https://it.hospital.cn/xunjian/enroll#${CODE}`)).toEqual({ officeUrl: 'https://it.hospital.cn/xunjian', handover: CODE });
  });

  it('ignores surrounding spaces and the newline or carriage return a scanner ends with', () => {
    for (const text of [`  https://office.example.cn/enroll#${CODE}  `, `https://office.example.cn/enroll#${CODE}\n`, `https://office.example.cn/enroll#${CODE}\r\n`]) {
      expect(parseEnrollmentLink(text)).toEqual({ officeUrl: 'https://office.example.cn', handover: CODE });
    }
  });

  it('refuses other schemes, addresses that cannot be one, and text that is not a link', () => {
    for (const text of [
      `ftp://office.example.cn/enroll#${CODE}`,
      `javascript:alert(1)//enroll#${CODE}`,
      `file:///enroll#${CODE}`,
      `https://admin:secret@office.example.cn/enroll#${CODE}`,
      `https://office.example.cn/?next=1/enroll#${CODE}`,
      `https://office.example.cn/enroll#`,
      `https://office.example.cn/enroll#<script>`,
      `https://office.example.cn/enrol#${CODE}`,
      `https://office.example.cn#${CODE}`,
      `/enroll#${CODE}`,
      CODE,
      WITH_CA,
      'https://office.example.cn',
      '',
    ]) {
      expect(parseEnrollmentLink(text), text).toBeUndefined();
    }
  });

  it('finds a link typed after what the field already held, and says when text was meant as one', () => {
    expect(findEnrollmentLink(`https://old.example.cnhttps://office.example.cn/enroll#${CODE}\n`)).toEqual({ officeUrl: 'https://office.example.cn', handover: CODE });
    expect(findEnrollmentLink(`HTTP://10.0.0.2:8080/enroll#${CODE}`)).toEqual({ officeUrl: 'HTTP://10.0.0.2:8080', handover: CODE });
    expect(findEnrollmentLink(CODE)).toBeUndefined();
    expect(looksLikeEnrollmentLink(`ftp://office.example.cn/enroll#${CODE}`)).toBe(true);
    expect(looksLikeEnrollmentLink(CODE)).toBe(false);
  });
});
