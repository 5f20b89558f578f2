/** The order `updates publish` uses to refuse a release that is not newer than the published one. */
import { describe, expect, it } from 'vitest';
import { compareVersions } from '../../src-server/updates/version-order';

describe('compareVersions (semver precedence)', () => {
  it('orders versions as semver.org §11 does', () => {
    // semver.org's own examples, each before the next.
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let i = 0; i + 1 < ordered.length; i++) {
      expect(compareVersions(ordered[i]!, ordered[i + 1]!), `${ordered[i]} < ${ordered[i + 1]}`).toBeLessThan(0);
      expect(compareVersions(ordered[i + 1]!, ordered[i]!), `${ordered[i + 1]} > ${ordered[i]}`).toBeGreaterThan(0);
    }
  });

  it('ignores build metadata', () => {
    expect(compareVersions('1.2.0+build.7', '1.2.0')).toBe(0);
    expect(compareVersions('1.2.0', '1.2.0')).toBe(0);
  });
});
