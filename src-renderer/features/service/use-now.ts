/**
 * "Now" for the clocks on screen: re-read at each turn of the minute (the finest the board shows
 * is h:mm) and whenever the window comes back into view, so a laptop woken from sleep is not stale.
 */
import { useEffect, useState } from 'react';

export function useNow(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const tick = (): void => {
      const at = new Date();
      setNow(at);
      // Aligned to the next minute, plus a little so the minute has surely turned.
      timer = setTimeout(tick, 60_000 - (at.getTime() % 60_000) + 50);
    };
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 50);
    const wake = (): void => {
      if (document.visibilityState === 'visible') setNow(new Date());
    };
    document.addEventListener('visibilitychange', wake);
    window.addEventListener('focus', wake);
    return () => {
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
      window.removeEventListener('focus', wake);
    };
  }, []);
  return now;
}
