// Configuration from the environment (documented in the README).
import { resolve } from 'node:path';
import { KNOWN_PUSH_SERVICES } from './notify/webpush.ts';

export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Redis that relays realtime broadcasts between server instances (REDIS_URL); null: one instance. */
  redisUrl: string | null;
  /** Prefix of the Redis channels (REDIS_CHANNEL): deployments sharing one Redis use different ones. */
  redisChannel: string;
  /** Where citizens' phones reach this server (the QR tracking link); defaults to http://HOST:PORT. */
  publicUrl: string | null;
  /** The provincial processing system that receives dossiers. */
  provinceSystemUrl: string;
  /** Credentials of luot's session at the provincial system. */
  provinceSystemUser: string;
  provinceSystemPassword: string;
  /** HMAC-SHA256 key of the province's progress webhooks (shared with the province). */
  provinceWebhookSecret: string;
  /** A call to the province slower than this fails and is retried. */
  provinceTimeoutMs: number;
  /** Start the reference provincial system inside `npm start` (demo mode). */
  demoProvince: boolean;
  /** Session cookies only over HTTPS (SECURE_COOKIES; on by default when PUBLIC_URL is https). */
  secureCookies: boolean;
  /** One password for every demo account, at the first start (DEMO_PASSWORD); else each gets a random one, printed once. */
  demoPassword: string | null;
  logLevel: string;
  /** VAPID key pair of Web Push (base64url) and its contact; without them a pair is generated once and kept in the database. */
  vapidPublicKey: string | null;
  vapidPrivateKey: string | null;
  vapidSubject: string;
  /** Push services the server may send to (PUSH_SERVICES, comma-separated hosts; `http://host` allows plain HTTP to it). */
  pushServices: string[];
  /** Message gateway (SMS, Zalo OA…) receiving signed JSON; null: no phone notifications. */
  notifyGatewayUrl: string | null;
  notifyGatewaySecret: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve('data', 'luot.db')}`,
    redisUrl: env.REDIS_URL || null,
    redisChannel: env.REDIS_CHANNEL || 'luot',
    publicUrl: env.PUBLIC_URL ?? null,
    provinceSystemUrl: env.PROVINCE_SYSTEM_URL ?? 'http://127.0.0.1:3100',
    provinceSystemUser: env.PROVINCE_SYSTEM_USER ?? 'luot',
    provinceSystemPassword: env.PROVINCE_SYSTEM_PASSWORD ?? 'luot-demo',
    provinceWebhookSecret: env.PROVINCE_WEBHOOK_SECRET ?? 'luot-demo-webhook-secret',
    provinceTimeoutMs: Number(env.PROVINCE_TIMEOUT_MS ?? 10_000),
    // Demo mode unless a real provincial system is configured.
    demoProvince: (env.DEMO_PROVINCE ?? (env.PROVINCE_SYSTEM_URL ? '0' : '1')) === '1',
    secureCookies: (env.SECURE_COOKIES ?? (env.PUBLIC_URL?.startsWith('https:') ? '1' : '0')) === '1',
    demoPassword: env.DEMO_PASSWORD || null,
    logLevel: env.LOG_LEVEL ?? 'info',
    vapidPublicKey: env.VAPID_PUBLIC_KEY || null,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY || null,
    vapidSubject: env.VAPID_SUBJECT || 'mailto:admin@luot.invalid',
    pushServices: env.PUSH_SERVICES ? env.PUSH_SERVICES.split(',').map((h) => h.trim()).filter(Boolean) : [...KNOWN_PUSH_SERVICES],
    notifyGatewayUrl: env.NOTIFY_GATEWAY_URL || null,
    notifyGatewaySecret: env.NOTIFY_GATEWAY_SECRET ?? 'luot-demo-gateway-secret',
  };
}
