/** The About screen's diagnostics section (issue 13); filled in by its owner. */
export function DiagnosticsSection() {
  return null;
}
