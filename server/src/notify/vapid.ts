// The VAPID key pair: from the environment (VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY), else generated at the first
// start and kept in the database (server_keys 'vapid'), so every instance and every restart signs with the same
// key and browsers' subscriptions stay valid.
import webpush from 'web-push';
import type { Config } from '../config.ts';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';
import type { VapidKeys } from './webpush.ts';

const KEY_NAME = 'vapid';

const isKeyPair = (v: unknown): v is { publicKey: string; privateKey: string } =>
  typeof v === 'object' &&
  v !== null &&
  'publicKey' in v &&
  'privateKey' in v &&
  typeof v.publicKey === 'string' &&
  typeof v.privateKey === 'string';

export async function vapidKeys(
  store: Store,
  config: Pick<Config, 'vapidPublicKey' | 'vapidPrivateKey' | 'vapidSubject'>,
  clock: Clock,
): Promise<VapidKeys> {
  if (config.vapidPublicKey && config.vapidPrivateKey)
    return { publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey, subject: config.vapidSubject };
  if (config.vapidPublicKey || config.vapidPrivateKey)
    throw new Error('Set both VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, or neither');
  const stored = await store.transaction(async (tx) => {
    if (!(await tx.notify.serverKey(KEY_NAME)))
      await tx.notify.insertServerKey(KEY_NAME, JSON.stringify(webpush.generateVAPIDKeys()), clock().toISOString());
    return (await tx.notify.serverKey(KEY_NAME))!;
  });
  const keys: unknown = JSON.parse(stored);
  if (!isKeyPair(keys))
    throw new Error(
      `server_keys '${KEY_NAME}' is not a VAPID key pair: delete the row to generate a new one (browsers then subscribe again)`,
    );
  return { publicKey: keys.publicKey, privateKey: keys.privateKey, subject: config.vapidSubject };
}
