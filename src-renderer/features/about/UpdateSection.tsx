/** The About screen's update section (issue 13); filled in by its owner. */
export function UpdateSection() {
  return null;
}
