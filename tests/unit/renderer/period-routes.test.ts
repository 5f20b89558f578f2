/** The period screens' addresses: a reload or a shared link returns to the same contract, window and preset. */
import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, type Route } from '../../../src-renderer/app/routes';

const roundTrip = (route: Route): Route => parseRoute(hrefOf(route));

describe('period routes', () => {
  it('keeps the contract and the chosen window', () => {
    const route: Route = { name: 'contract-period', hospitalId: 'wuhan-central', contractId: 'whch-drg-2026', unit: 'quarter', start: '2026-09-01' };
    expect(hrefOf(route)).toBe('#/hospital/wuhan-central/contract/whch-drg-2026/period/quarter/2026-09-01');
    expect(roundTrip(route)).toEqual(route);
    expect(roundTrip({ name: 'contract-period', hospitalId: 'h', contractId: 'c' })).toEqual({ name: 'contract-period', hospitalId: 'h', contractId: 'c' });
  });

  it('hands a crafted window to the screen as typed, for it to refuse', () => {
    expect(parseRoute('#/hospital/h/contract/c/period/decade/2030-13-45')).toEqual({ name: 'contract-period', hospitalId: 'h', contractId: 'c', unit: 'decade', start: '2030-13-45' });
  });

  it('addresses the dashboard', () => {
    expect(roundTrip({ name: 'dashboard', hospitalId: 'zhanjiang-central' })).toEqual({ name: 'dashboard', hospitalId: 'zhanjiang-central' });
  });

  it("carries the next visit's targets to the new-inspection screen, system ids with their slash, an empty list too", () => {
    const withBoth: Route = { name: 'new-inspection', hospitalId: 'h', preset: { contractId: 'c', systemIds: ['c/sys-a'], assetIds: ['u1', 'u2'] } };
    expect(roundTrip(withBoth)).toEqual(withBoth);
    const unitsOnly: Route = { name: 'new-inspection', hospitalId: 'h', preset: { contractId: 'c', systemIds: [], assetIds: ['u1'] } };
    expect(roundTrip(unitsOnly)).toEqual(unitsOnly);
    expect(parseRoute('#/hospital/h/new')).toEqual({ name: 'new-inspection', hospitalId: 'h' });
  });
});
