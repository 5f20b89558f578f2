/**
 * Shortens a text to at most `max` UTF-16 units without cutting a surrogate pair in half, marking
 * the cut with "…". Log lines from the renderer go through it on both sides of the channel.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let end = max - 1; // room for the ellipsis
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // a high surrogate whose partner would be cut off
  return `${text.slice(0, end)}…`;
}
