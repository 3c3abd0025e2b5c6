// The environment is validated by one schema at start: wrong values and missing production secrets stop the
// server with a message naming the variable.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv, DEMO_GATEWAY_SECRET, DEMO_WEBHOOK_SECRET } from '../../server/src/config.ts';
import { KNOWN_PUSH_SERVICES } from '../../server/src/notify/webpush.ts';
import { usableWebhookSecret } from '../../server/src/handoff/handoff.ts';

const PRODUCTION = {
  PROVINCE_SYSTEM_URL: 'https://dvc.cantho.gov.vn/luot',
  PROVINCE_SYSTEM_USER: 'luot-cantho',
  PROVINCE_SYSTEM_PASSWORD: 'a long province password',
  PROVINCE_WEBHOOK_SECRET: '0123456789abcdef0123456789abcdef',
};

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    configFromEnv(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('configuration from the environment', () => {
  it('hand-off timings: sane defaults, each from its variable, a lease longer than the timeout', () => {
    expect(configFromEnv({}).handoff).toEqual({
      backoff: { baseMs: 2_000, maxMs: 600_000 },
      maxAgeMs: 3 * 24 * 3_600_000,
      breakerThreshold: 5,
      breakerCooldownMs: 30_000,
      reconcilePeriodMs: 60 * 60_000,
      reconcilePage: 200,
      concurrency: 4,
      batch: 20,
      idleMs: 30_000,
      leaseMs: null,
    });
    expect(configFromEnv({}).provinceAdapter).toBe('json');
    expect(
      configFromEnv({ HANDOFF_MAX_AGE_HOURS: '0.5', HANDOFF_RECONCILE_MINUTES: '0', HANDOFF_LEASE_MS: '30000' })
        .handoff,
    ).toMatchObject({ maxAgeMs: 1_800_000, reconcilePeriodMs: 0, leaseMs: 30_000 });
    expect(problemsOf({ HANDOFF_LEASE_MS: '5000' })).toEqual([
      'HANDOFF_LEASE_MS: must be longer than PROVINCE_TIMEOUT_MS (10000)',
    ]);
    expect(problemsOf({ HANDOFF_RETRY_BASE_MS: '5000', HANDOFF_RETRY_MAX_MS: '1000' })).toEqual([
      'HANDOFF_RETRY_MAX_MS: must not be shorter than HANDOFF_RETRY_BASE_MS',
    ]);
    expect(problemsOf({ PROVINCE_ADAPTER: 'soap' })[0]).toMatch(/^PROVINCE_ADAPTER: /);
    expect(problemsOf({ HANDOFF_CONCURRENCY: '0' })[0]).toMatch(/^HANDOFF_CONCURRENCY: /);
  });

  it('notifications: VAPID keys both or neither, a contact URL, push service hosts, the gateway with its own secret outside demo mode', () => {
    expect(configFromEnv({})).toMatchObject({
      vapidPublicKey: null,
      vapidPrivateKey: null,
      vapidSubject: 'mailto:admin@luot.invalid',
      pushServices: KNOWN_PUSH_SERVICES,
      notifyGatewayUrl: null,
    });
    expect(
      configFromEnv({
        PUSH_SERVICES: 'http://127.0.0.1:9000, fcm.googleapis.com',
        VAPID_SUBJECT: 'https://cantho.gov.vn',
      }),
    ).toMatchObject({
      pushServices: ['http://127.0.0.1:9000', 'fcm.googleapis.com'],
      vapidSubject: 'https://cantho.gov.vn',
    });
    expect(
      problemsOf({
        VAPID_PUBLIC_KEY: 'BDd3_hVL9fZi9Ybo2UUzA284WG5FZR30_95YeZJsiApwXKpNcF1rRPF3foIiBHXRdJI2Qhumhf6_LFTeZaNndIo',
      }),
    ).toEqual([expect.stringContaining('VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both, or neither')]);
    expect(problemsOf({ VAPID_SUBJECT: 'admin' }).join('\n')).toContain('VAPID_SUBJECT');
    expect(problemsOf({ VAPID_PUBLIC_KEY: 'not base64url!', VAPID_PRIVATE_KEY: 'x' }).join('\n')).toContain(
      'VAPID_PUBLIC_KEY',
    );
    expect(problemsOf({ NOTIFY_GATEWAY_URL: 'ftp://gateway' }).join('\n')).toContain('NOTIFY_GATEWAY_URL');
    // Demo mode may use the demo gateway secret; a real deployment sets its own.
    expect(configFromEnv({ NOTIFY_GATEWAY_URL: 'http://127.0.0.1:3200/messages' })).toMatchObject({
      notifyGatewaySecret: DEMO_GATEWAY_SECRET,
    });
    expect(problemsOf({ ...PRODUCTION, NOTIFY_GATEWAY_URL: 'https://sms.cantho.gov.vn/luot' })).toEqual([
      expect.stringContaining('NOTIFY_GATEWAY_SECRET: required'),
    ]);
    expect(
      problemsOf({
        ...PRODUCTION,
        NOTIFY_GATEWAY_URL: 'https://sms.cantho.gov.vn/luot',
        NOTIFY_GATEWAY_SECRET: 'short',
      }).join('\n'),
    ).toContain('NOTIFY_GATEWAY_SECRET');
    expect(
      configFromEnv({
        ...PRODUCTION,
        NOTIFY_GATEWAY_URL: 'https://sms.cantho.gov.vn/luot',
        NOTIFY_GATEWAY_SECRET: 'a gateway secret of our own',
      }),
    ).toMatchObject({
      notifyGatewayUrl: 'https://sms.cantho.gov.vn/luot',
    });
  });

  it('demo mode starts on defaults', () => {
    const config = configFromEnv({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      demoProvince: true,
      trustProxy: false,
      logLevel: 'info',
      redisUrl: null,
      provinceWebhookSecret: DEMO_WEBHOOK_SECRET,
    });
  });

  it('a production environment with its own credentials starts', () => {
    const config = configFromEnv({ ...PRODUCTION, PORT: '8080', PROVINCE_TIMEOUT_MS: '5000' });
    expect(config).toMatchObject({
      port: 8080,
      demoProvince: false,
      provinceTimeoutMs: 5000,
      provinceSystemUser: 'luot-cantho',
    });
  });

  it('outside demo mode each missing, empty or demo credential is named', () => {
    const missing = problemsOf({ PROVINCE_SYSTEM_URL: PRODUCTION.PROVINCE_SYSTEM_URL });
    expect(missing).toHaveLength(3);
    for (const name of ['PROVINCE_SYSTEM_USER', 'PROVINCE_SYSTEM_PASSWORD', 'PROVINCE_WEBHOOK_SECRET'])
      expect(missing.join('\n')).toContain(`${name}: required outside demo mode`);
    expect(problemsOf({ ...PRODUCTION, PROVINCE_WEBHOOK_SECRET: '' })).toEqual([
      expect.stringContaining('PROVINCE_WEBHOOK_SECRET: required'),
    ]);
    expect(problemsOf({ ...PRODUCTION, PROVINCE_WEBHOOK_SECRET: '   ' })).toEqual([
      expect.stringContaining('PROVINCE_WEBHOOK_SECRET: required'),
    ]);
    expect(problemsOf({ ...PRODUCTION, PROVINCE_WEBHOOK_SECRET: DEMO_WEBHOOK_SECRET })).toEqual([
      expect.stringContaining('PROVINCE_WEBHOOK_SECRET: the public demo value is refused'),
    ]);
    expect(problemsOf({ ...PRODUCTION, PROVINCE_SYSTEM_PASSWORD: 'luot-demo' })).toEqual([
      expect.stringContaining('PROVINCE_SYSTEM_PASSWORD: the public demo value'),
    ]);
    // DEMO_PROVINCE=0 without a province URL is production too.
    expect(problemsOf({ DEMO_PROVINCE: '0' }).join('\n')).toContain('PROVINCE_SYSTEM_URL: required outside demo mode');
  });

  it('wrong values are refused with the variable, the rule and the value', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual(['PORT: must be integer (got "eighty")']);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT: must be <= 65535 (got "70000")']);
    expect(problemsOf({ PORT: '1e400' })[0]).toMatch(/^PORT: /);
    expect(problemsOf({ PROVINCE_TIMEOUT_MS: '-5' })[0]).toMatch(/^PROVINCE_TIMEOUT_MS: must be >= 100/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL: /);
    expect(problemsOf({ REDIS_URL: '127.0.0.1:6379' })[0]).toMatch(/^REDIS_URL: /);
    expect(problemsOf({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL: /);
    expect(problemsOf({ DEMO_PROVINCE: 'yes' })[0]).toMatch(/^DEMO_PROVINCE: /);
    expect(problemsOf({ ...PRODUCTION, PROVINCE_WEBHOOK_SECRET: 'short' })[0]).toMatch(
      /^PROVINCE_WEBHOOK_SECRET: must not have fewer than 16/,
    );
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' })).toHaveLength(2);
  });

  it('TRUST_PROXY takes false, true, a hop count or addresses and ranges', () => {
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(configFromEnv({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback,::1' }).trustProxy).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'loopback',
      '::1',
    ]);
    expect(problemsOf({ TRUST_PROXY: 'yes please' })[0]).toMatch(/^TRUST_PROXY: /);
    expect(problemsOf({ TRUST_PROXY: '10.0.0.0/33' })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it('the webhook never takes an empty secret, nor the demo one outside demo mode', () => {
    expect(usableWebhookSecret({ provinceWebhookSecret: '', demoProvince: true })).toBeNull();
    expect(usableWebhookSecret({ provinceWebhookSecret: DEMO_WEBHOOK_SECRET, demoProvince: false })).toBeNull();
    expect(usableWebhookSecret({ provinceWebhookSecret: DEMO_WEBHOOK_SECRET, demoProvince: true })).toBe(
      DEMO_WEBHOOK_SECRET,
    );
    expect(
      usableWebhookSecret({ provinceWebhookSecret: PRODUCTION.PROVINCE_WEBHOOK_SECRET, demoProvince: false }),
    ).toBe(PRODUCTION.PROVINCE_WEBHOOK_SECRET);
  });

  it('`npm start` outside demo mode without a webhook secret stops at once, naming the variable', () => {
    const env = {
      ...process.env,
      ...PRODUCTION,
      PROVINCE_WEBHOOK_SECRET: '',
      PORT: '0',
      DATABASE_URL: 'sqlite:/nonexistent-dir/never-opened.db',
    };
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('luot did not start. Invalid configuration:');
    expect(run.stderr).toContain('PROVINCE_WEBHOOK_SECRET: required outside demo mode');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

describe('startServer outside demo mode', () => {
  it('refuses the demo credentials or an empty secret before opening anything', async () => {
    const { startServer } = await import('../../server/src/server.ts');
    const base = {
      port: 0,
      host: '127.0.0.1',
      databaseUrl: 'sqlite:/nonexistent-dir/never-opened.db',
      demoProvince: false,
    };
    await expect(startServer({ config: base })).rejects.toThrow(
      /PROVINCE_WEBHOOK_SECRET: the public demo value is refused/,
    );
    await expect(
      startServer({
        config: { ...base, ...{ provinceSystemUser: 'u', provinceSystemPassword: 'p', provinceWebhookSecret: '' } },
      }),
    ).rejects.toThrow(/PROVINCE_WEBHOOK_SECRET: required outside demo mode/);
  });
});
