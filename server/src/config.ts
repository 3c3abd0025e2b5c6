// Configuration from the environment (documented in the README), validated by one schema at start: a wrong or
// missing value stops the server with a message naming the variable, never a default that happens to run.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import type { RetentionKind } from '@luot/contract';
import { PROVINCE_ADAPTER_NAMES } from './handoff/adapters.ts';
import { KNOWN_PUSH_SERVICES } from './notify/webpush.ts';

/** The reference province's demo credentials: accepted only in demo mode. */
export const DEMO_PROVINCE_USER = 'luot';
export const DEMO_PROVINCE_PASSWORD = 'luot-demo';
export const DEMO_WEBHOOK_SECRET = 'luot-demo-webhook-secret';
/** The reference message gateway's demo key: refused outside demo mode when a gateway is configured. */
export const DEMO_GATEWAY_SECRET = 'luot-demo-gateway-secret';
/** The reference payment gateway's demo merchant and key: the key is refused outside demo mode. */
export const DEMO_PAYMENT_TMN_CODE = 'LUOTDEMO';
export const DEMO_PAYMENT_SECRET = 'luot-demo-payment-hash-secret';
/** Payment adapters (server/src/payment/adapters.ts): none (fees paid at the desk only) or a VNPay-style gateway. */
export const PAYMENT_ADAPTER_NAMES = ['none', 'vnpay'] as const;

const Flag = Type.Union([Type.Literal('0'), Type.Literal('1')]);
const HttpUrl = Type.String({ pattern: '^https?://[^\\s]+$' });
const Base64Url = Type.String({ pattern: '^[A-Za-z0-9_-]+={0,2}$', description: 'base64url' });

/** Every variable the server reads. Empty values count as unset. */
export const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP and Socket.IO port' }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'address to listen on' }),
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^(sqlite:.+|postgres(ql)?://[^\\s]+)$', description: 'sqlite:<path> or postgres://…' }),
  ),
  DATABASE_READ_URL: Type.Optional(
    Type.String({
      pattern: '^postgres(ql)?://[^\\s]+$',
      description: 'PostgreSQL: a replica (or the primary) for reports',
    }),
  ),
  DATABASE_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 200,
    default: 10,
    description: 'PostgreSQL connections for commands',
  }),
  DATABASE_READ_POOL_SIZE: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 2,
    description: 'report connections: PostgreSQL read pool; SQLite reader threads',
  }),
  DATABASE_STATEMENT_TIMEOUT_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 0,
    description: 'PostgreSQL statement_timeout of commands (0: none)',
  }),
  DATABASE_READ_STATEMENT_TIMEOUT_MS: Type.Integer({
    minimum: 0,
    maximum: 3_600_000,
    default: 120_000,
    description: 'PostgreSQL statement_timeout of report reads (0: none)',
  }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://[^\\s]+$' })),
  REDIS_CHANNEL: Type.String({ minLength: 1, maxLength: 100, default: 'luot' }),
  PUBLIC_URL: Type.Optional(HttpUrl),
  PROVINCE_SYSTEM_URL: Type.Optional(HttpUrl),
  PROVINCE_SYSTEM_USER: Type.Optional(Type.String({ minLength: 1 })),
  PROVINCE_SYSTEM_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  PROVINCE_WEBHOOK_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'at least 16 characters' })),
  PROVINCE_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  DEMO_PROVINCE: Type.Optional(Flag),
  SECURE_COOKIES: Type.Optional(Flag),
  DEMO_PASSWORD: Type.Optional(Type.String({ minLength: 1 })),
  DEMO_HOURS: Type.Optional(Flag),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  TRUST_PROXY: Type.String({
    default: 'false',
    description: 'false | true | a hop count | addresses and CIDR ranges, comma-separated',
  }),
  SQLITE_SYNCHRONOUS: Type.Enum(['FULL', 'NORMAL'], {
    default: 'FULL',
    description: 'SQLite: FULL syncs every commit to disk',
  }),
  PRINT_JOB_TTL_SECONDS: Type.Integer({
    minimum: 5,
    maximum: 3600,
    default: 120,
    description: 'seconds a print job stays printable',
  }),
  VAPID_PUBLIC_KEY: Type.Optional(Base64Url),
  VAPID_PRIVATE_KEY: Type.Optional(Base64Url),
  VAPID_SUBJECT: Type.String({
    pattern: '^(mailto:[^\\s@]+@[^\\s@]+|https://[^\\s]+)$',
    default: 'mailto:admin@luot.invalid',
    description: 'a mailto: or https: URL',
  }),
  PUSH_SERVICES: Type.Optional(
    Type.String({ pattern: '^[^,\\s]+(\\s*,\\s*[^,\\s]+)*$', description: 'hosts separated by commas' }),
  ),
  NOTIFY_GATEWAY_URL: Type.Optional(HttpUrl),
  NOTIFY_GATEWAY_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'at least 16 characters' })),
  DEVICE_PAIRING_MINUTES: Type.Integer({
    minimum: 1,
    maximum: 1440,
    default: 10,
    description: 'pairing code validity',
  }),
  DEVICE_OFFLINE_SECONDS: Type.Integer({
    minimum: 10,
    maximum: 86_400,
    default: 90,
    description: 'seconds without a heartbeat after which a device is offline',
  }),
  ALERT_EVALUATE_SECONDS: Type.Integer({
    minimum: 5,
    maximum: 3_600,
    default: 30,
    description: "how often every center's alert rules are evaluated",
  }),
  KIOSK_TICKETS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 20 }),
  ISSUE_PER_ADDRESS_PER_MINUTE: Type.Integer({ minimum: 1, maximum: 100_000, default: 120 }),
  ONLINE_RATE_PER_MINUTE: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 20,
    description: 'requests per minute and address to the public online-number and appointment routes',
  }),
  ONLINE_CODES_PER_10_MINUTES: Type.Integer({
    minimum: 1,
    maximum: 100_000,
    default: 10,
    description: 'one-time codes an address may ask for in 10 minutes',
  }),
  PROVINCE_ADAPTER: Type.Enum(PROVINCE_ADAPTER_NAMES, { default: 'json', description: 'the province client' }),
  HANDOFF_RETRY_BASE_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 2_000 }),
  HANDOFF_RETRY_MAX_MS: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 600_000 }),
  HANDOFF_MAX_AGE_HOURS: Type.Number({ minimum: 0.01, maximum: 8_760, default: 72 }),
  HANDOFF_BREAKER_THRESHOLD: Type.Integer({ minimum: 1, maximum: 1_000, default: 5 }),
  HANDOFF_BREAKER_COOLDOWN_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000 }),
  HANDOFF_RECONCILE_MINUTES: Type.Number({ minimum: 0, maximum: 10_080, default: 60 }),
  HANDOFF_RECONCILE_PAGE: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  HANDOFF_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4 }),
  HANDOFF_BATCH: Type.Integer({ minimum: 1, maximum: 1_000, default: 20 }),
  HANDOFF_IDLE_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000 }),
  HANDOFF_LEASE_MS: Type.Optional(Type.Integer({ minimum: 100, maximum: 3_600_000 })),
  RETENTION_TICKET_LINK_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  RETENTION_PHONE_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  RETENTION_APPLICANT_DAYS: Type.Integer({ minimum: 1, maximum: 36_500, default: 365 }),
  RETENTION_DOCUMENT_DAYS: Type.Integer({ minimum: 1, maximum: 36_500, default: 365 }),
  RETENTION_LOG_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
  RETENTION_HOUR: Type.Integer({ minimum: 0, maximum: 23, default: 2, description: 'local hour of the nightly run' }),
  PAYMENT_ADAPTER: Type.Enum(PAYMENT_ADAPTER_NAMES, { default: 'none', description: 'the online payment gateway' }),
  PAYMENT_GATEWAY_URL: Type.Optional(HttpUrl),
  PAYMENT_TMN_CODE: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{1,32}$', description: 'letters and digits' })),
  PAYMENT_HASH_SECRET: Type.Optional(Type.String({ minLength: 16, description: 'at least 16 characters' })),
  PAYMENT_EXPIRE_MINUTES: Type.Integer({ minimum: 1, maximum: 1_440, default: 15 }),
  DOCUMENT_MAX_MB: Type.Number({
    minimum: 0.01,
    maximum: 100,
    default: 10,
    description: 'largest file a desk may attach',
  }),
  FEEDBACK_PER_HOUR: Type.Integer({ minimum: 1, maximum: 1_000, default: 10 }),
});
export type Env = Static<typeof EnvSchema>;

/**
 * Which proxies' X-Forwarded-For to believe, as Fastify's `trustProxy` takes it: false (the peer is the client),
 * true (every proxy: only when the server is reachable through the proxy alone), a hop count, or the proxies'
 * addresses (`loopback`, `linklocal`, `uniquelocal`, an IP or a CIDR range).
 */
export type TrustProxy = boolean | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isAddressOrRange(entry: string): boolean {
  if (NAMED_RANGES.has(entry)) return true;
  const [ip, bits, ...rest] = entry.split('/');
  const family = isIP(ip);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

export function parseTrustProxy(value: string): TrustProxy | null {
  const v = value.trim();
  if (v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const list = v.split(',').map((s) => s.trim());
  return list.length && list.every(isAddressOrRange) ? list : null;
}

/** The configuration, derived from the validated environment: its type follows the schema. */
function configOf(env: Env, problems: string[]) {
  // Demo mode unless a real provincial system is configured.
  const demoProvince = (env.DEMO_PROVINCE ?? (env.PROVINCE_SYSTEM_URL ? '0' : '1')) === '1';
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  if (trustProxy === null)
    problems.push(
      `TRUST_PROXY: must be false, true, a hop count or addresses/CIDR ranges separated by commas (got "${env.TRUST_PROXY}")`,
    );
  if ((env.VAPID_PUBLIC_KEY === undefined) !== (env.VAPID_PRIVATE_KEY === undefined))
    problems.push(
      'VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both, or neither (a pair is then generated and kept in the database)',
    );
  if (
    !demoProvince &&
    env.NOTIFY_GATEWAY_URL &&
    (env.NOTIFY_GATEWAY_SECRET ?? DEMO_GATEWAY_SECRET) === DEMO_GATEWAY_SECRET
  )
    problems.push(
      "NOTIFY_GATEWAY_SECRET: required with NOTIFY_GATEWAY_URL outside demo mode; set this deployment's own",
    );
  if (!demoProvince) {
    // Outside demo mode luot talks to a real province: its own credentials and secret, never the public demo ones.
    const own: Array<[keyof Env, string | undefined, string]> = [
      ['PROVINCE_SYSTEM_URL', env.PROVINCE_SYSTEM_URL, ''],
      ['PROVINCE_SYSTEM_USER', env.PROVINCE_SYSTEM_USER, DEMO_PROVINCE_USER],
      ['PROVINCE_SYSTEM_PASSWORD', env.PROVINCE_SYSTEM_PASSWORD, DEMO_PROVINCE_PASSWORD],
      ['PROVINCE_WEBHOOK_SECRET', env.PROVINCE_WEBHOOK_SECRET, DEMO_WEBHOOK_SECRET],
    ];
    for (const [name, value, demo] of own) {
      if (value === undefined)
        problems.push(
          `${name}: required outside demo mode (PROVINCE_SYSTEM_URL set or DEMO_PROVINCE=0), and not empty`,
        );
      else if (value === demo)
        problems.push(`${name}: the public demo value is refused outside demo mode; set this deployment's own`);
    }
  }
  if (env.PAYMENT_ADAPTER !== 'none') {
    // A gateway needs its address and merchant code; outside demo mode its own key, never the public demo one.
    if (!env.PAYMENT_GATEWAY_URL)
      problems.push(`PAYMENT_GATEWAY_URL: required with PAYMENT_ADAPTER=${env.PAYMENT_ADAPTER}`);
    if (!env.PAYMENT_TMN_CODE) problems.push(`PAYMENT_TMN_CODE: required with PAYMENT_ADAPTER=${env.PAYMENT_ADAPTER}`);
    if (!demoProvince && (env.PAYMENT_HASH_SECRET ?? DEMO_PAYMENT_SECRET) === DEMO_PAYMENT_SECRET)
      problems.push(
        "PAYMENT_HASH_SECRET: required with a payment gateway outside demo mode, and not the demo value; set this deployment's own",
      );
  }
  if (env.DATABASE_READ_URL && !/^postgres(ql)?:/.test(env.DATABASE_URL ?? ''))
    problems.push('DATABASE_READ_URL: only with a PostgreSQL DATABASE_URL (SQLite reads its own file)');
  // A lease must outlast any attempt (the client gives up after its timeout), or two instances would both send.
  if (env.HANDOFF_LEASE_MS !== undefined && env.HANDOFF_LEASE_MS <= env.PROVINCE_TIMEOUT_MS)
    problems.push(`HANDOFF_LEASE_MS: must be longer than PROVINCE_TIMEOUT_MS (${env.PROVINCE_TIMEOUT_MS})`);
  if (env.HANDOFF_RETRY_MAX_MS < env.HANDOFF_RETRY_BASE_MS)
    problems.push('HANDOFF_RETRY_MAX_MS: must not be shorter than HANDOFF_RETRY_BASE_MS');
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL ?? `sqlite:${resolve('data', 'luot.db')}`,
    /** How the store connects beyond its URL (DATABASE_*): pools, the read path of reports, statement timeouts. */
    database: {
      /** PostgreSQL: connections per instance for commands (DATABASE_POOL_SIZE). */
      poolSize: env.DATABASE_POOL_SIZE,
      /** PostgreSQL: where reports read (DATABASE_READ_URL, a replica); null: the primary, on its own pool. */
      readUrl: env.DATABASE_READ_URL ?? null,
      /** Report connections (DATABASE_READ_POOL_SIZE): PostgreSQL's read pool, or SQLite's reader threads. */
      readPoolSize: env.DATABASE_READ_POOL_SIZE,
      /** PostgreSQL statement_timeout of commands and of report reads, ms (0: none). */
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      readStatementTimeoutMs: env.DATABASE_READ_STATEMENT_TIMEOUT_MS,
    },
    /** Redis that relays realtime broadcasts (and shares rate limits) between server instances; null: one instance. */
    redisUrl: env.REDIS_URL ?? null,
    /** Prefix of the Redis channels (REDIS_CHANNEL): deployments sharing one Redis use different ones. */
    redisChannel: env.REDIS_CHANNEL,
    /** Where citizens' phones reach this server (the QR tracking link); defaults to http://HOST:PORT. */
    publicUrl: env.PUBLIC_URL ?? null,
    /** The provincial processing system that receives dossiers. */
    provinceSystemUrl: env.PROVINCE_SYSTEM_URL ?? 'http://127.0.0.1:3100',
    /** Credentials of luot's session at the provincial system. */
    provinceSystemUser: env.PROVINCE_SYSTEM_USER ?? DEMO_PROVINCE_USER,
    provinceSystemPassword: env.PROVINCE_SYSTEM_PASSWORD ?? DEMO_PROVINCE_PASSWORD,
    /** HMAC-SHA256 key of the province's progress webhooks (shared with the province). */
    provinceWebhookSecret: env.PROVINCE_WEBHOOK_SECRET ?? DEMO_WEBHOOK_SECRET,
    /** A call to the province slower than this fails and is retried. */
    provinceTimeoutMs: env.PROVINCE_TIMEOUT_MS,
    /** Start the reference provincial system inside `npm start` (demo mode). */
    demoProvince,
    /** Session cookies only over HTTPS (SECURE_COOKIES; on by default when PUBLIC_URL is https). */
    secureCookies: (env.SECURE_COOKIES ?? (env.PUBLIC_URL?.startsWith('https:') ? '1' : '0')) === '1',
    /** One password for every demo account, at the first start (DEMO_PASSWORD); else each gets a random one, printed once. */
    demoPassword: env.DEMO_PASSWORD ?? null,
    /** Office hours for the demo centers at their first seed (DEMO_HOURS=1); else they issue at any hour, so the
     * demo works whenever it is started. */
    demoHours: env.DEMO_HOURS === '1',
    logLevel: env.LOG_LEVEL,
    /** Fastify's trustProxy (TRUST_PROXY): whose X-Forwarded-For names the client. */
    trustProxy: trustProxy ?? false,
    /** SQLite's synchronous mode (SQLITE_SYNCHRONOUS): FULL (default) syncs every commit to disk, so an
     * acknowledged ticket survives a power cut; NORMAL only a crash of the process (faster). */
    sqliteSynchronous: env.SQLITE_SYNCHRONOUS satisfies SqliteSynchronous,
    /** A kiosk's print job not printed this long after it was queued expires, never printed (PRINT_JOB_TTL_SECONDS). */
    printJobTtlMs: env.PRINT_JOB_TTL_SECONDS * 1000,
    /** VAPID key pair of Web Push (base64url) and its contact; without them a pair is generated once and kept in the database. */
    vapidPublicKey: env.VAPID_PUBLIC_KEY ?? null,
    vapidPrivateKey: env.VAPID_PRIVATE_KEY ?? null,
    vapidSubject: env.VAPID_SUBJECT,
    /** Push services the server may send to (PUSH_SERVICES, comma-separated hosts; `http://host` allows plain HTTP to it). */
    pushServices: env.PUSH_SERVICES
      ? env.PUSH_SERVICES.split(',')
          .map((h) => h.trim())
          .filter(Boolean)
      : [...KNOWN_PUSH_SERVICES],
    /** Message gateway (SMS, Zalo OA…) receiving signed JSON; null: no phone notifications. */
    notifyGatewayUrl: env.NOTIFY_GATEWAY_URL ?? null,
    notifyGatewaySecret: env.NOTIFY_GATEWAY_SECRET ?? DEMO_GATEWAY_SECRET,
    /** How long a device's pairing code may be used (DEVICE_PAIRING_MINUTES). */
    devicePairingMs: env.DEVICE_PAIRING_MINUTES * 60_000,
    /** A device whose heartbeats stop is offline after this (DEVICE_OFFLINE_SECONDS). */
    deviceOfflineMs: env.DEVICE_OFFLINE_SECONDS * 1000,
    /** How often alert rules are evaluated (ALERT_EVALUATE_SECONDS). */
    alertEvaluateMs: env.ALERT_EVALUATE_SECONDS * 1000,
    /** Tickets one kiosk may issue per minute (KIOSK_TICKETS_PER_MINUTE): a faulty kiosk cannot empty a day's numbers. */
    kioskTicketsPerMinute: env.KIOSK_TICKETS_PER_MINUTE,
    /** Tickets kiosks may issue per minute from one address (ISSUE_PER_ADDRESS_PER_MINUTE). */
    issuePerAddressPerMinute: env.ISSUE_PER_ADDRESS_PER_MINUTE,
    /** Per-address limits of the public online routes (ONLINE_RATE_PER_MINUTE) and of code requests (ONLINE_CODES_PER_10_MINUTES). */
    onlineRatePerMinute: env.ONLINE_RATE_PER_MINUTE,
    onlineCodesPer10Minutes: env.ONLINE_CODES_PER_10_MINUTES,
    /** Which client speaks to the provincial system (PROVINCE_ADAPTER; server/src/handoff/adapters.ts). */
    provinceAdapter: env.PROVINCE_ADAPTER,
    /** Days personal data is kept once its purpose ended, per kind (RETENTION_*_DAYS), and the nightly run's hour. */
    retention: {
      days: {
        ticketLinks: env.RETENTION_TICKET_LINK_DAYS,
        phones: env.RETENTION_PHONE_DAYS,
        applicant: env.RETENTION_APPLICANT_DAYS,
        documents: env.RETENTION_DOCUMENT_DAYS,
        logs: env.RETENTION_LOG_DAYS,
      } satisfies Record<RetentionKind, number>,
      hour: env.RETENTION_HOUR,
    },
    /** Largest file attached to a dossier at the desk (DOCUMENT_MAX_MB), in bytes. */
    documentMaxBytes: Math.round(env.DOCUMENT_MAX_MB * 1024 * 1024),
    /** Feedback a tracking page may send per hour from one address (FEEDBACK_PER_HOUR). */
    feedbackPerHour: env.FEEDBACK_PER_HOUR,
    /** Hand-off timings (HANDOFF_*): retries, dead-lettering by age, breaker, reconciliation, leases. */
    handoff: {
      backoff: { baseMs: env.HANDOFF_RETRY_BASE_MS, maxMs: env.HANDOFF_RETRY_MAX_MS },
      maxAgeMs: Math.round(env.HANDOFF_MAX_AGE_HOURS * 3_600_000),
      breakerThreshold: env.HANDOFF_BREAKER_THRESHOLD,
      breakerCooldownMs: env.HANDOFF_BREAKER_COOLDOWN_MS,
      reconcilePeriodMs: Math.round(env.HANDOFF_RECONCILE_MINUTES * 60_000),
      reconcilePage: env.HANDOFF_RECONCILE_PAGE,
      concurrency: env.HANDOFF_CONCURRENCY,
      batch: env.HANDOFF_BATCH,
      idleMs: env.HANDOFF_IDLE_MS,
      /** Null: twice the province timeout plus a second (createHandoff). */
      leaseMs: env.HANDOFF_LEASE_MS ?? null,
    },
    /** Online payment of fees (PAYMENT_*): the adapter, the gateway's pay URL, the merchant code and HMAC key. */
    payment: {
      adapter: env.PAYMENT_ADAPTER,
      gatewayUrl: env.PAYMENT_GATEWAY_URL ?? '',
      tmnCode: env.PAYMENT_TMN_CODE ?? DEMO_PAYMENT_TMN_CODE,
      hashSecret: env.PAYMENT_HASH_SECRET ?? DEMO_PAYMENT_SECRET,
      expireMs: env.PAYMENT_EXPIRE_MINUTES * 60_000,
    },
  };
}

export type Config = ReturnType<typeof configOf>;

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export type DatabaseOptions = Config['database'];

/**
 * What a configuration outside demo mode lacks (startServer checks it too, for configurations not read from the
 * environment): luot's own province credentials and webhook secret, not empty and not the demo ones.
 */
export function productionProblems(
  config: Pick<Config, 'provinceSystemUser' | 'provinceSystemPassword' | 'provinceWebhookSecret'> &
    Partial<Pick<Config, 'payment'>>,
): string[] {
  const own: Array<[string, string, string]> = [
    ['PROVINCE_SYSTEM_USER', config.provinceSystemUser, DEMO_PROVINCE_USER],
    ['PROVINCE_SYSTEM_PASSWORD', config.provinceSystemPassword, DEMO_PROVINCE_PASSWORD],
    ['PROVINCE_WEBHOOK_SECRET', config.provinceWebhookSecret, DEMO_WEBHOOK_SECRET],
  ];
  // A payment gateway's returns are trusted by their signature alone: never with the public demo key.
  if (config.payment && config.payment.adapter !== 'none')
    own.push(['PAYMENT_HASH_SECRET', config.payment.hashSecret, DEMO_PAYMENT_SECRET]);
  return own.flatMap(([name, value, demo]) =>
    !value.trim()
      ? [`${name}: required outside demo mode, and not empty`]
      : value === demo
        ? [`${name}: the public demo value is refused outside demo mode; set this deployment's own`]
        : [],
  );
}

/** A configuration the server refuses to start with; the message names every wrong variable, one a line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const shown = (value: unknown) =>
  typeof value === 'string' ? `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"` : String(value);

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '')
      raw[key] = key === 'SQLITE_SYNCHRONOUS' ? value.trim().toUpperCase() : value.trim();
  }
  const parsed = Value.Default(EnvSchema, Value.Convert(EnvSchema, { ...raw }));
  if (!Value.Check(EnvSchema, parsed)) {
    throw new ConfigError(
      [...Value.Errors(EnvSchema, parsed)].map((e) => {
        const name = e.instancePath.replace(/^\//, '');
        return `${name}: ${e.message} (got ${shown(raw[name])})`;
      }),
    );
  }
  const problems: string[] = [];
  const config = configOf(parsed, problems);
  if (problems.length) throw new ConfigError(problems);
  return config;
}
