/**
 * How much each field may hold, in one place. The screen caps what can be typed (and shows a
 * counter), the store refuses more, and the report model accepts exactly as much, so nothing the
 * device stores can fail to print: a 4,000-character note once left a signed inspection that
 * could never get its report. Lengths are UTF-16 code units, as `maxLength` and zod count them.
 */
export const LIMITS = {
  /** The note on an answer (the finding's description, or a remark). */
  note: 2000,
  /** A text item's answer (a conversation with the department, a list of versions). */
  textAnswer: 2000,
  /** The engineer's name on an inspection, and each signer's printed name. */
  personName: 100,
  ratingComment: 1000,
  recommendations: 5000,
  /** Photos of one item; a photo item asks for at most 10 (catalog schema, minPhotos). */
  photosPerAnswer: 10,
  /** Every photo of an inspection is printed in its report. */
  photosPerInspection: 100,
  /** Photos or scans of the wet-signed paper sheet. */
  paperScans: 20,
  /** One inspection's items, counting each unit's items once per unit. */
  steps: 600,
  /** Systems, units and once-per-type groups of one inspection: each is a section of the report. */
  subjects: 200,
} as const;

/**
 * What the catalog (and the office's reference data) may put on screen and paper. The report
 * model's fields that carry catalog text are sized from these, so a template the office accepts
 * always renders.
 */
export const CATALOG_LIMITS = {
  /** Names and titles: hospitals, campuses, departments, systems, templates, sections, units. */
  name: 200,
  /** An item's label. */
  label: 300,
  /** An item's guidance, a fault level's description, service hours, sign-off notes. */
  text: 1000,
  /** A room, as printed beside a unit. */
  room: 100,
  /** Items in one template: every one is a row of one report section. */
  itemsPerTemplate: 500,
} as const;

/** The longest part of a text that the counter should warn about: the last tenth before the limit. */
export function nearLimit(length: number, max: number): boolean {
  return length >= Math.floor(max * 0.9);
}
