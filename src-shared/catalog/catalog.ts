import type { CalendarData } from '../sla/types';
import type { HospitalFile } from './reference';
import type { Template } from './schema';
import type { CatalogProblem } from './validate';

/** Everything the catalog folder held, with what could not be loaded. */
export interface Catalog {
  templates: Template[];
  hospitals: HospitalFile[];
  /** assets/calendars: public holidays and 调休 days the SLA clock counts working time on. */
  calendars: CalendarData[];
  problems: CatalogProblem[];
}
