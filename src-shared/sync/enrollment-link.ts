/**
 * The enrollment link an office administrator hands an engineer (issue 14): the office address,
 * the path of the office's small explanation page, and the handover in the fragment —
 * `https://192.168.1.10:8443/enroll#K7QM-3XWT-9HDP-R2VA-3F9A-K2M7-QX4T-8VRB-J6WD`.
 * The console shows it as text and as a QR code; the laptop's enrollment form takes it from a 2D
 * scanner or a paste. The fragment never leaves a browser, so a phone that opens the link shows
 * the explanation page and the code never reaches the office (or its logs) that way.
 */

/** The office's public page a link leads to when opened in a browser (it explains what the code is for). */
export const ENROLL_PATH = '/enroll';

/**
 * The link for an office address (`http(s)://host[:port]`, with the path prefix of an office
 * behind a proxy at a sub-path; a trailing slash, query or fragment is dropped) and a handover
 * (the code, or code and CA fingerprint, as `handoverString` groups them).
 */
export function enrollmentLink(officeUrl: string, handover: string): string {
  const url = new URL(officeUrl.trim());
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return `${base}${ENROLL_PATH}#${handover.trim()}`;
}

/** What a handover may hold: the code's symbols in either case, dashes and spaces as grouped or typed. */
const HANDOVER_TEXT = /^[A-Za-z0-9 -]+$/;

/**
 * The office address and the handover in an enrollment link, or undefined when the text is not
 * one. Surrounding spaces and a scanner's trailing newline are ignored; the office address is
 * everything before `/enroll#`, a proxy's path prefix included (the address is taken as the link
 * says, never silently changed). Only http(s) addresses are taken: the device talks to nothing else.
 */
export function parseEnrollmentLink(text: string): { officeUrl: string; handover: string } | undefined {
  const trimmed = text.trim();
  const hash = trimmed.indexOf('#');
  if (hash < 0 || !trimmed.slice(0, hash).endsWith(ENROLL_PATH)) return undefined;
  const officeUrl = trimmed.slice(0, hash - ENROLL_PATH.length).replace(/\/+$/, '');
  const handover = trimmed.slice(hash + 1).trim();
  if (!HANDOVER_TEXT.test(handover) || !/[A-Za-z0-9]/.test(handover)) return undefined;
  let url: URL;
  try {
    url = new URL(officeUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  // A query or credentials would be sent along with every request: not an office address.
  if (url.search || url.username || url.password || !url.hostname) return undefined;
  return { officeUrl, handover };
}

/**
 * The enrollment link at the end of what a field holds: a scanner types after whatever the field
 * already showed (the office address of an earlier enrollment), so the link starts at its last
 * http:// or https://.
 */
export function findEnrollmentLink(text: string): { officeUrl: string; handover: string } | undefined {
  const lower = text.toLowerCase();
  const start = Math.max(lower.lastIndexOf('http://'), lower.lastIndexOf('https://'), 0);
  return parseEnrollmentLink(text.slice(start));
}

/** Text that is meant as an enrollment link (so a link refused by parseEnrollmentLink is explained, not sent as a code). */
export const looksLikeEnrollmentLink = (text: string): boolean => text.includes(`${ENROLL_PATH}#`);
