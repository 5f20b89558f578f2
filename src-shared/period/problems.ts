/**
 * Requests the period computations refuse: a contract without a cadence asked for windows, a
 * window outside the contract's period, 附件1 asked of a contract that has none. Each has a code
 * the screens turn into a sentence in the user's language; `message` is English for logs.
 */
export type PeriodErrorCode = 'no_cadence' | 'outside_period' | 'no_annex';

export class PeriodError extends Error {
  readonly code: PeriodErrorCode;

  constructor(code: PeriodErrorCode, message: string) {
    super(message);
    this.name = 'PeriodError';
    this.code = code;
  }
}

/** Refuses a window that is not inside the contract's period (dates compare as text: YYYY-MM-DD). */
export function assertInsidePeriod(period: { start: string; end: string }, window: { start: string; end: string }): void {
  if (window.start > window.end) throw new PeriodError('outside_period', `the window ${window.start}…${window.end} ends before it starts`);
  if (window.start < period.start || window.end > period.end) {
    throw new PeriodError('outside_period', `the window ${window.start}…${window.end} is outside the contract period ${period.start}…${period.end}`);
  }
}
