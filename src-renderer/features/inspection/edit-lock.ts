/**
 * One window edits an inspection at a time. A Web Lock per inspection is held while the screen
 * is open and released by the browser when the window closes or crashes, so it never goes stale.
 */
export function acquireEditLock(inspectionId: string, onResult: (granted: boolean) => void): () => void {
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  if (!('locks' in navigator)) {
    onResult(true);
    return release;
  }
  void navigator.locks.request(`xunjian:inspection:${inspectionId}`, { ifAvailable: true }, async (lock) => {
    onResult(lock !== null);
    if (lock) await held;
  });
  return release;
}
