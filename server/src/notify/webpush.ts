// Web Push adapter: the standard Push API with VAPID (RFC 8292), payload encrypted for the browser's key
// (RFC 8291, aes128gcm) by the `web-push` package; the request itself goes out with fetch, so a push service
// on any URL the configuration allows (https, or a loopback one in tests) is reached the same way.
import webpush from 'web-push';
import type { Delivery, Notifier, NotifyMessage, NotifyTarget } from './port.ts';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  subject: string;
}

/** Push services of the common browsers (host or parent domain, https). */
export const KNOWN_PUSH_SERVICES = [
  'fcm.googleapis.com',
  'updates.push.services.mozilla.com',
  'push.services.mozilla.com',
  'notify.windows.com',
  'push.apple.com',
];

/**
 * Whether the server may POST to this endpoint: https to a listed host or its subdomains, or http to a host
 * listed as `http://host` (a push service inside the network, or a test's). Anything else is refused, so a
 * subscription cannot make the server call arbitrary addresses.
 */
export function pushEndpointAllowed(endpoint: string, allowed: readonly string[]): boolean {
  const url = URL.parse(endpoint);
  if (!url || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return allowed.some((entry) => {
    const e = entry.toLowerCase().trim();
    if (e.startsWith('http://')) return url.protocol === 'http:' && URL.parse(e)?.hostname === host;
    const name = e.replace(/^https:\/\//, '').replace(/^\*?\./, '');
    return url.protocol === 'https:' && (host === name || host.endsWith(`.${name}`));
  });
}

export class WebPushNotifier implements Notifier {
  readonly channel = 'webpush' as const;

  constructor(
    private readonly vapid: VapidKeys,
    private readonly allowed: readonly string[],
    private readonly timeoutMs = 10_000,
  ) {}

  async send(target: NotifyTarget, message: NotifyMessage): Promise<Delivery> {
    if (!target.keys || !pushEndpointAllowed(target.address, this.allowed)) return 'gone';
    const payload = JSON.stringify({
      kind: message.kind,
      title: message.title,
      body: message.body,
      url: message.url,
      tag: message.tag,
    });
    const request = webpush.generateRequestDetails({ endpoint: target.address, keys: target.keys }, payload, {
      vapidDetails: this.vapid,
      contentEncoding: 'aes128gcm',
      // A call is stale after a few minutes; a dossier status keeps for a day.
      TTL: message.kind === 'dossier' ? 86_400 : 900,
      urgency: message.kind === 'called' || message.kind === 'near' ? 'high' : 'normal',
    });
    const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
    try {
      const res = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: 'error',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      if (res.status === 404 || res.status === 410) return 'gone';
      return res.ok ? 'sent' : 'failed';
    } catch {
      return 'failed';
    }
  }
}
