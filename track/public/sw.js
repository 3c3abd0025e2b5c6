// The tracking page's service worker (served at /track/sw.js, scope /track/): shows the server's Web Push
// messages (already decrypted by the browser) and opens or focuses the tracking page when one is tapped.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const urgent = data.kind === 'called' || data.kind === 'near';
  event.waitUntil(
    self.registration.showNotification(data.title || 'Lượt', {
      body: data.body || '',
      tag: data.tag || 'luot',
      renotify: true,
      requireInteraction: data.kind === 'called',
      vibrate: urgent ? [400, 150, 400, 150, 800] : [200],
      lang: 'vi',
      data: { url: data.url || self.registration.scope },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data && event.notification.data.url) || self.registration.scope;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const w of windows)
        if (w.url.startsWith(self.registration.scope) && 'focus' in w)
          return w.navigate(url).then((c) => (c || w).focus());
      return self.clients.openWindow(url);
    }),
  );
});
