/**
 * Keeps the tablet's screen on while the kiosk runs, with the Screen Wake Lock API: a sleeping screen looks switched
 * off to a customer. The browser lets go of the lock when the page is hidden (and may when the tablet saves power), so
 * it is asked for again once the page is visible. A browser without the API, or one that refuses, leaves the kiosk
 * as it was: the tablet's own display settings decide.
 */
export function keepScreenOn(): void {
  const wakeLock = navigator.wakeLock as WakeLock | undefined;
  if (!wakeLock) return;
  let held = false;
  const ask = () => {
    // A hidden page is refused: it asks once it is shown again.
    if (held || document.visibilityState !== 'visible') return;
    held = true;
    wakeLock.request('screen').then(
      (lock) =>
        lock.addEventListener('release', () => {
          held = false;
          ask();
        }),
      () => {
        held = false;
      },
    );
  };
  document.addEventListener('visibilitychange', ask);
  ask();
}
