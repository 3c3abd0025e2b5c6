// Notifications from the tracking page: Web Push through the service worker at /track/sw.js (one tap: the
// browser asks permission, subscribes with the server's VAPID key, the server keeps the subscription for this
// ticket), or a phone number given with consent when the center has a message gateway.
import type { NotifyConfig } from '@luot/contract';
import type { Lang } from './track.ts';

const api = (path: string) => `${import.meta.env.BASE_URL}..${path}`;

export type PushState = 'unsupported' | 'idle' | 'working' | 'on' | 'denied' | 'failed' | 'stopped';

export async function notifyConfig(): Promise<NotifyConfig | null> {
  try {
    const res = await fetch(api('/api/notify/config'), { cache: 'no-store' });
    return res.ok ? ((await res.json()) as NotifyConfig) : null;
  } catch {
    return null;
  }
}

export const pushSupported = () =>
  window.isSecureContext && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

const keyBytes = (base64url: string) => {
  const b64 = base64url
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
};

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(api(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** Whether this device already has a push subscription (from an earlier tap). */
export async function pushActive(): Promise<boolean> {
  if (!pushSupported() || Notification.permission !== 'granted') return false;
  const reg = await navigator.serviceWorker.getRegistration(import.meta.env.BASE_URL);
  return !!(await reg?.pushManager.getSubscription());
}

/** The one tap: permission, service worker, subscription, and the server told. */
export async function enablePush(code: string, secret: string, lang: Lang, config: NotifyConfig): Promise<PushState> {
  if (!pushSupported()) return 'unsupported';
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'denied';
  try {
    const reg = await navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`, {
      scope: import.meta.env.BASE_URL,
    });
    await navigator.serviceWorker.ready;
    const sub =
      (await reg.pushManager.getSubscription()) ??
      (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(config.webPushKey) }));
    const res = await post('/api/track/push', { code, s: secret, subscription: sub.toJSON(), lang });
    return res.status === 201 ? 'on' : 'failed';
  } catch {
    return 'failed';
  }
}

export async function enablePhone(
  code: string,
  secret: string,
  phone: string,
  lang: Lang,
  config: NotifyConfig,
): Promise<'on' | 'invalid' | 'failed'> {
  try {
    const res = await post('/api/track/phone', {
      code,
      s: secret,
      phone,
      consent: true,
      consentVersion: config.consentVersion,
      lang,
    });
    return res.status === 201 ? 'on' : res.status === 400 ? 'invalid' : 'failed';
  } catch {
    return 'failed';
  }
}

/** Stops every notification of this ticket; the server deletes what it kept for them. */
export async function stopNotifications(code: string, secret: string): Promise<boolean> {
  try {
    const res = await post('/api/track/notifications/withdraw', { code, s: secret });
    return res.ok;
  } catch {
    return false;
  }
}
