/**
 * The SLA clock's shapes (issue 11). A record's clocks are scheduled once per version of the record
 * (`scheduleClocks`: due times on the contract's calendar, which is the costly part) and read many
 * times (`clockStatus`: a comparison with now), so the board can redraw 10,000 clocks in a frame.
 */
import type { Duration, PromiseStep } from '../catalog/reference';

/** One year of the Chinese calendar: public holidays (放假) and make-up working days (调休上班). */
export interface CalendarYear {
  holidays: string[];
  workdays: string[];
}

/** assets/calendars/<id>.json, and the same shape in the office's reference data. */
export interface CalendarData {
  id: string;
  name: { zh: string; en: string };
  /** Where the data came from (package and version, notices checked), for the screen and the audit. */
  source: string;
  generatedAt: string;
  years: Record<string, CalendarYear>;
}

export type ClockStatus =
  /** Done in time. */
  | 'met'
  /** Done, but after the due time. */
  | 'met_late'
  /** Not done, due in the future. */
  | 'running'
  /** Not done and past due. */
  | 'breached'
  /** Not done, and the record is paused (waiting for the hospital): the time left is frozen. */
  | 'paused';

export interface ScheduledClock {
  step: PromiseStep;
  target: Duration;
  /** Which promise applies: the level's own, or its outside-service-hours one (001). */
  basis: 'in_hours' | 'outside_hours';
  /** ISO instants. `due` counts the contract's hours and days from `start`, with pauses added. */
  start: string;
  due: string;
  /** When the step that meets it happened, if it has. */
  doneAt?: string;
  /** Pause counted into `due`, in the clock's own time (working time for a working-hours clock), in milliseconds. */
  pausedMs: number;
}

export interface ClockSchedule {
  clocks: ScheduledClock[];
  /** Years the clock needed that the calendar has no data for: counted Monday–Friday, and the screen says so. */
  fallbackYears: number[];
  /** An open pause: the clocks still running stop at its start until it is resumed. */
  pausedSince?: string;
}

export interface ClockReading extends ScheduledClock {
  status: ClockStatus;
  /** Until due (negative when past due); for a paused clock, what was left when the pause began. */
  remainingMs: number;
}
