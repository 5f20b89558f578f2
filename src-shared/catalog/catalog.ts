import type { HospitalFile } from './reference';
import type { Template } from './schema';
import type { CatalogProblem } from './validate';

/** Everything the catalog folder held, with what could not be loaded. */
export interface Catalog {
  templates: Template[];
  hospitals: HospitalFile[];
  problems: CatalogProblem[];
}
