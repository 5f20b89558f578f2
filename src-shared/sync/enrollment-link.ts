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
 * The link for an office address (`http(s)://host[:port]`, any path or trailing slash is
 * dropped: the office serves at its root) and a handover (the code, or code and CA fingerprint,
 * as `handoverString` groups them).
 */
export function enrollmentLink(officeUrl: string, handover: string): string {
  const origin = new URL(officeUrl.trim()).origin;
  return `${origin}${ENROLL_PATH}#${handover.trim()}`;
}
