/**
 * The enrollment link: one string holding the office address and the handover
 * (`https://office.example.cn/enroll#K7QM-3XWT-9HDP-R2VA`), shown by the console as text and as a
 * QR code. A 2D barcode scanner types it into the device's enrollment form like a keyboard, so the
 * engineer copies neither the address nor the code by hand.
 *
 * The handover travels after `#`: a browser that opens the link never sends it to any server.
 */

export const ENROLL_PATH = '/enroll';

/** The link for an office address (with any path prefix it is served under) and a handover. */
export const enrollmentLink = (officeUrl: string, handover: string): string => `${officeUrl.trim().replace(/\/+$/, '')}${ENROLL_PATH}#${handover}`;

/** What a handover may hold: the code's symbols in either case, dashes and spaces as grouped or typed. */
const HANDOVER_TEXT = /^[A-Za-z0-9 -]+$/;

/**
 * The office address and the handover in an enrollment link, or undefined when the text is not
 * one. Surrounding spaces and a scanner's trailing newline are ignored; the office address is
 * everything before `/enroll#`, so an office behind a proxy at a sub-path keeps its prefix. Only
 * http(s) addresses are taken: the device talks to nothing else.
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
