/** The About screen's backup section (issue 13); filled in by its owner. */
export function BackupSection() {
  return null;
}
