/**
 * Semantic version precedence (semver.org §11), for refusing to publish a release that is not
 * newer than the one devices get. The office declares no semver dependency; channel files are
 * already checked against semver's own regular expression (channel-file.ts), so this only orders.
 */

/** Compares two prerelease identifiers: numbers numerically and below text, text in ASCII order. */
function compareIdentifier(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** < 0 when a precedes b, 0 when they have the same precedence (build metadata is ignored), > 0 after. */
export function compareVersions(a: string, b: string): number {
  const split = (version: string) => {
    const core = version.split('+')[0]!;
    const dash = core.indexOf('-');
    const release = (dash < 0 ? core : core.slice(0, dash)).split('.').map(Number);
    return { release, pre: dash < 0 ? [] : core.slice(dash + 1).split('.') };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i++) {
    const diff = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  // A prerelease precedes its release: 1.2.0-rc.1 < 1.2.0.
  if (x.pre.length === 0 || y.pre.length === 0) return Math.sign(y.pre.length - x.pre.length);
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const diff = compareIdentifier(x.pre[i]!, y.pre[i]!);
    if (diff !== 0) return diff;
  }
  return Math.sign(x.pre.length - y.pre.length);
}
