/**
 * The kiosk's service worker (/sw.js), registered at once as vite-plugin-pwa's `registerSW` does in the prompt mode the
 * kiosk uses, written out without that function's auto-update and self-destroying branches, which the minifier keeps
 * (0.4 KB of the start budget). workbox-window, which tells a new version waiting apart from the first install, loads
 * after the page.
 *
 * `onNewVersion` hears of a new version waiting to take over; the function returned tells it to take over, and the page
 * reloads once it has.
 */
export function registerServiceWorker(
  onNewVersion: () => void,
  onRegistered: (registration: ServiceWorkerRegistration | undefined) => void,
): () => Promise<void> {
  const workbox = 'serviceWorker' in navigator
    ? import('workbox-window').then(({ Workbox }) => new Workbox('/sw.js', { scope: '/', type: 'classic' }), () => undefined)
    : undefined;
  void workbox?.then((wb) => {
    if (!wb) return;
    const newVersionWaiting = () => {
      wb.addEventListener('controlling', (event) => event.isUpdate && window.location.reload());
      onNewVersion();
    };
    // Installed by another page of the kiosk's: it waits as well.
    wb.addEventListener('installed', (event) => event.isUpdate === undefined && event.isExternal && newVersionWaiting());
    wb.addEventListener('waiting', newVersionWaiting);
    wb.register({ immediate: true }).then(onRegistered).catch(() => undefined);
  });
  return async () => (await workbox)?.messageSkipWaiting();
}
