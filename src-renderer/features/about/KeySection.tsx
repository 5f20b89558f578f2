/** The About screen's key section (issue 13); filled in by its owner. */
export function KeySection() {
  return null;
}
