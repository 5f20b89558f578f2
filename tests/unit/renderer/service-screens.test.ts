/** The service screens' pure parts: a clock's colour, what runs out first, how time left reads, which steps are offered. */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { HospitalFile, type Contract } from '../../../src-shared/catalog/reference';
import { foldRecord } from '../../../src-shared/service/fold';
import type { ServiceEvent } from '../../../src-shared/service/record';
import type { ClockReading } from '../../../src-shared/sla/types';
import { span, toneOf, urgency } from '../../../src-renderer/features/service/clock-view';
import { offeredSteps } from '../../../src-renderer/features/service/steps';

const reading = (over: Partial<ClockReading>): ClockReading => ({
  step: 'respond',
  target: { amount: 1, unit: 'hour' },
  basis: 'in_hours',
  start: '2026-03-10T01:00:00.000Z',
  due: '2026-03-10T02:00:00.000Z',
  pausedMs: 0,
  status: 'running',
  remainingMs: 30 * 60_000,
  ...over,
});

describe('a clock on screen', () => {
  test('green while more than a quarter is left, amber under it, red once breached', () => {
    expect(toneOf(reading({ remainingMs: 15 * 60_000 }))).toBe('ok');
    expect(toneOf(reading({ remainingMs: 14 * 60_000 }))).toBe('amber');
    expect(toneOf(reading({ status: 'breached', remainingMs: -60_000 }))).toBe('red');
    expect(toneOf(reading({ status: 'met', doneAt: '2026-03-10T01:30:00.000Z' }))).toBe('done');
    expect(toneOf(reading({ status: 'met_late', doneAt: '2026-03-10T03:00:00.000Z' }))).toBe('late');
  });

  test('what runs out first counts only clocks still running', () => {
    expect(urgency([reading({ remainingMs: 5_000 }), reading({ remainingMs: -9_000_000, doneAt: '2026-03-10T01:30:00.000Z', status: 'met' })])).toBe(5_000);
    expect(urgency([reading({ status: 'breached', remainingMs: -60_000 }), reading({ remainingMs: 60_000 })])).toBe(-60_000);
    expect(urgency([])).toBe(Number.POSITIVE_INFINITY);
  });

  test('time left reads h:mm under two days, days and h:mm beyond', () => {
    expect(span(65 * 60_000)).toEqual({ days: 0, hm: '1:05' });
    expect(span(-(23 * 60 + 59) * 60_000)).toEqual({ days: 0, hm: '23:59' });
    expect(span(-24 * 3_600_000)).toEqual({ days: 1, hm: '0:00' });
    expect(span(-(47 * 60 + 59) * 60_000)).toEqual({ days: 1, hm: '23:59' });
    expect(span((3 * 1440 + 4 * 60 + 10) * 60_000)).toEqual({ days: 3, hm: '4:10' });
  });
});

describe('the steps offered', () => {
  const file = HospitalFile.parse(JSON.parse(readFileSync('assets/catalog/hospitals/queue-demo.json', 'utf8')));
  const contract: Contract = file.contracts[0]!;
  const base = { recordedAt: '2026-03-10T01:00:00.000Z', by: '李工' };
  const events = (levelId: string, more: ServiceEvent[] = []): ServiceEvent[] => [
    { ...base, id: 'd-1', type: 'step', step: 'reported', at: base.recordedAt },
    { ...base, id: 'd-2', type: 'classify', kind: 'fault', levelId },
    ...more,
  ];
  const level = (id: string) => contract.faultLevels.find((l) => l.id === id);

  test('a new record offers response first and no closing before it is resolved', () => {
    const id = contract.faultLevels[0]!.id;
    const steps = offeredSteps(foldRecord({ events: events(id) }), contract, level(id));
    expect(steps[0]).toBe('responded');
    expect(steps).toContain('resolved');
    expect(steps).not.toContain('closed');
  });

  test('a remote session is offered only where the level allows it; solution proposed only where it is promised', () => {
    const id = contract.faultLevels[0]!.id;
    const remote = { ...level(id)!, onSiteBy: 'arrival_or_remote' as const, propose: { amount: 3, unit: 'working_day' as const } };
    const state = foldRecord({ events: events(id) });
    expect(offeredSteps(state, contract, { ...remote, onSiteBy: 'arrival', propose: undefined })).not.toContain('remote_started');
    expect(offeredSteps(state, contract, { ...remote, onSiteBy: 'arrival', propose: undefined })).not.toContain('solution_proposed');
    expect(offeredSteps(state, contract, remote)).toEqual(expect.arrayContaining(['remote_started', 'solution_proposed']));
  });

  test('once resolved, closing is offered; once closed, nothing', () => {
    const id = contract.faultLevels[0]!.id;
    const resolved = events(id, [{ ...base, id: 'd-3', type: 'step', step: 'resolved', at: base.recordedAt }]);
    expect(offeredSteps(foldRecord({ events: resolved }), contract, level(id))).toContain('closed');
    const closed = [...resolved, { ...base, id: 'd-4', type: 'step' as const, step: 'closed' as const, at: base.recordedAt }];
    expect(offeredSteps(foldRecord({ events: closed }), contract, level(id))).toEqual([]);
  });

  test('the written report is offered where the contract starts its clock there', () => {
    const id = contract.faultLevels[0]!.id;
    const state = foldRecord({ events: events(id) });
    expect(offeredSteps(state, contract, level(id))).not.toContain('written_report');
    expect(offeredSteps(state, { ...contract, clockStart: 'written_report' }, level(id))).toContain('written_report');
    // Reported in writing: that report is the written one, nothing more to record.
    expect(offeredSteps(state, { ...contract, clockStart: 'written_report' }, level(id), 'written')).not.toContain('written_report');
  });
});
