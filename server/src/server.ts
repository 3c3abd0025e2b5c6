// Assembles a running server: store, queue service, HTTP app and realtime, listening on HOST:PORT.
import type { FastifyInstance } from 'fastify';
import { type Config, ConfigError, configFromEnv, productionProblems } from './config.ts';
import { roomOfCenter, roomOfStaff } from '@luot/contract';
import { createHandoff, type Handoff } from './handoff/handoff.ts';
import type { HandoffOptions } from './handoff/worker.ts';
import { buildApp } from './http/app.ts';
import { clientAddressOf } from './http/client-address.ts';
import { HttpGatewayNotifier } from './notify/http-gateway.ts';
import type { Notifier } from './notify/port.ts';
import { NotificationService } from './notify/service.ts';
import { vapidKeys } from './notify/vapid.ts';
import { WebPushNotifier } from './notify/webpush.ts';
import { attachPrinting } from './print/hub.ts';
import { ReceiptPrinting } from './print/receipt-hub.ts';
import { DEFAULT_PRINT_JOB_TTL_MS } from './print/jobs.ts';
import { DeviceService } from './devices/service.ts';
import { type Clock, type IdSource, QueueService, randomIds } from './queue/service.ts';
import { attachRedisAdapter, connectRateLimitRedis } from './realtime/redis.ts';
import { attachRealtime, type RealtimeServer } from './realtime/socket.ts';
import type { ScryptCost } from './auth/password.ts';
import type { SignInLimits } from './auth/sign-in-guard.ts';
import { type DemoAccount, seedDemoAccounts } from './seed/accounts.ts';
import { seedDemo, seedDemoHours } from './seed/demo.ts';
import { openStore } from './store/open.ts';
import { SetupService } from './setup/service.ts';
import { AdminService } from './setup/admin.ts';
import { TRACK_RATE_PER_MINUTE } from './http/routes/track.ts';
import { AddressLimiter } from './track/limiter.ts';
import { attachTracking, type LiveTracking } from './track/live.ts';
import { CitizenSecrets, citizenKey } from './online/codes.ts';
import { OnlineService } from './online/service.ts';
import { AlertService } from './operations/alerts.ts';
import { PrivacyService } from './privacy/service.ts';
import { paymentAdapterOf } from './payment/adapters.ts';
import { PaymentService } from './payment/service.ts';

/** How long a closing server lets requests in flight finish before it cuts their connections. */
const CLOSE_GRACE_MS = 2_000;

export interface RunningServer {
  app: FastifyInstance;
  io: RealtimeServer;
  queue: QueueService;
  handoff: Handoff;
  notifications: NotificationService;
  tracking: LiveTracking;
  devices: DeviceService;
  online: OnlineService;
  alerts: AlertService;
  privacy: PrivacyService;
  payments: PaymentService;
  /** Demo accounts created by this start, with their passwords (only on a new database). */
  demoAccounts: DemoAccount[];
  /** http://host:port actually bound (port 0 picks a free one). */
  url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Pick<Config, 'port' | 'host' | 'databaseUrl'> & Partial<Config>;
  clock?: Clock;
  ids?: IdSource;
  seed?: boolean;
  /** Password hashing cost of the demo accounts (tests make it cheap). */
  passwordCost?: ScryptCost;
  /** Hand-off timing (tests make it fast). */
  handoff?: Partial<HandoffOptions>;
  /** Sign-in limits (README "Security"); tests may change them. */
  signInLimits?: Partial<SignInLimits>;
  /** Office hours for the demo centers at their first seed (DEMO_HOURS=1 in npm start); without, they issue at any hour. */
  seedHours?: boolean;
  /** How often devices whose heartbeat stopped are looked for (default: a tenth of DEVICE_OFFLINE_SECONDS). */
  deviceSweepMs?: number;
  /** How often alert rules are evaluated (default ALERT_EVALUATE_SECONDS; tests make it short or evaluate by hand). */
  alertEvaluateMs?: number;
  /** Where the server's log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** How often the nightly retention checks whether its hour has come (default: every 10 minutes). */
  retentionTickMs?: number;
}

export async function startServer({
  config,
  clock,
  ids = randomIds,
  seed = true,
  handoff: handoffOptions,
  passwordCost,
  signInLimits,
  seedHours = false,
  deviceSweepMs,
  alertEvaluateMs,
  logStream,
  retentionTickMs = 600_000,
}: StartOptions): Promise<RunningServer> {
  // Outside demo mode, never the demo credentials or an empty secret, however the configuration was made.
  const problems = config.demoProvince === false ? productionProblems({ ...configFromEnv({}), ...config }) : [];
  if (problems.length) throw new ConfigError(problems);
  const store = await openStore(config.databaseUrl, {
    synchronous: config.sqliteSynchronous,
    database: config.database,
  });
  const queue = new QueueService(store, clock, ids);
  const seeded = seed ? await seedDemo(store, new AdminService(store, queue, passwordCost)) : false;
  const setup = new SetupService(store, queue.clock);
  if (seeded && seedHours) await seedDemoHours(setup);
  const calendars = await setup.seedCalendars();
  const demoAccounts = seeded
    ? await seedDemoAccounts(store, { password: config.demoPassword, cost: passwordCost })
    : [];
  let url = '';
  const publicBase = () => config.publicUrl ?? url;
  const handoff = createHandoff({
    store,
    config: { ...configFromEnv({}), ...config },
    options: handoffOptions,
    clock: queue.clock,
    publicUrl: publicBase,
    log: {
      info: (obj, msg) => app.log.info(obj, msg),
      warn: (obj, msg) => app.log.warn(obj, msg),
      error: (obj, msg) => app.log.error(obj, msg),
    },
  });
  // Notifications: Web Push always (VAPID keys from the environment or the database), a message gateway if configured.
  const full = { ...configFromEnv({}), ...config };
  const now = queue.clock;
  const vapid = await vapidKeys(store, full, now);
  const notifiers: Notifier[] = [new WebPushNotifier(vapid, full.pushServices)];
  if (full.notifyGatewayUrl)
    notifiers.push(new HttpGatewayNotifier(full.notifyGatewayUrl, full.notifyGatewaySecret, now));
  const log = { warn: (obj: object, msg: string) => app.log.warn(obj, msg) };
  const notifications = new NotificationService(store, {
    clock: now,
    publicBase,
    notifiers,
    webPushKey: vapid.publicKey,
    pushServices: full.pushServices,
    log,
  });
  queue.onEvent((event) => notifications.onQueueEvent(event));
  handoff.dossiers.onStatus((change) => notifications.onDossierStatus(change));
  const rateLimitRedis = config.redisUrl ? await connectRateLimitRedis(config.redisUrl) : null;
  const trackLimiter = new AddressLimiter(
    TRACK_RATE_PER_MINUTE,
    60_000,
    undefined,
    rateLimitRedis ? { client: rateLimitRedis, prefix: `${config.redisChannel ?? 'luot'}:track-budget:` } : null,
  );
  const devices = new DeviceService(store, {
    clock: now,
    pairingMs: full.devicePairingMs,
    offlineMs: full.deviceOfflineMs,
    publicBase,
  });
  // Kiosk issuance budgets, on the server's clock; shared through Redis like the tracking budget.
  const issueLimiter = (max: number, kind: string) =>
    new AddressLimiter(
      max,
      60_000,
      () => now().getTime(),
      rateLimitRedis ? { client: rateLimitRedis, prefix: `${config.redisChannel ?? 'luot'}:issue-${kind}:` } : null,
    );
  const secrets = new CitizenSecrets(await citizenKey(store, now));
  const privacy = new PrivacyService(store, { clock: now, retention: full.retention, secrets });
  // Online numbers and appointments: one-time codes through the message gateway, when there is one.
  const online = new OnlineService(store, queue, secrets, {
    clock: now,
    publicBase,
    sms: notifiers.find((n) => n.channel === 'sms') ?? null,
  });
  const onlineCodeLimiter = new AddressLimiter(
    full.onlineCodesPer10Minutes,
    10 * 60_000,
    undefined,
    rateLimitRedis ? { client: rateLimitRedis, prefix: `${config.redisChannel ?? 'luot'}:online-codes:` } : null,
  );
  const alerts = new AlertService(store, {
    clock: now,
    offlineMs: full.deviceOfflineMs,
    link: () => handoff.worker.breaker.state,
    sms: notifiers.find((n) => n.channel === 'sms') ?? null,
    publicBase,
    log,
  });
  const receiptPrinting = new ReceiptPrinting({
    store,
    dossiers: handoff.dossiers,
    clock: queue.clock,
    jobTtlMs: config.printJobTtlMs ?? DEFAULT_PRINT_JOB_TTL_MS,
  });
  const payments = new PaymentService(store, handoff.dossiers, paymentAdapterOf(full.payment), {
    clock: now,
    publicBase,
    expireMs: full.payment.expireMs,
    log: { warn: (obj, msg) => app.log.warn(obj, msg), info: (obj, msg) => app.log.info(obj, msg) },
  });
  const app = await buildApp({
    alerts,
    payments,
    devices,
    receiptPrinting,
    issueLimits: {
      kiosk: issueLimiter(full.kioskTicketsPerMinute, 'kiosk'),
      address: issueLimiter(full.issuePerAddressPerMinute, 'address'),
    },
    queue,
    handoff,
    publicBase,
    logLevel: config.logLevel,
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    rateLimitRedis,
    redisChannel: config.redisChannel,
    passwordCost,
    signInLimits,
    setup,
    notifications,
    trackLimiter,
    online,
    onlineCodeLimiter,
    onlineRatePerMinute: full.onlineRatePerMinute,
    privacy,
    logStream,
  });
  // A year without calendar data is said at start, never silently counted as weekends only.
  for (const { provinceId, warnings } of calendars)
    for (const w of warnings) app.log.warn({ provinceId, year: w.year, kind: w.kind }, w.message);
  const io = attachRealtime(app.server, queue, devices);
  const sweep = () => void devices.sweep().catch((err: unknown) => log.warn({ err }, 'device sweep failed'));
  const sweepTimer = setInterval(sweep, deviceSweepMs ?? full.deviceOfflineMs / 10);
  sweepTimer.unref();
  // Alerts go to the center's staff room (the board), like device status changes.
  alerts.onAlert((type, alert) => io.to(roomOfStaff(alert.centerId)).emit(type, alert));
  const evaluate = () => void alerts.evaluate().catch((err: unknown) => log.warn({ err }, 'alert evaluation failed'));
  const alertTimer = setInterval(evaluate, alertEvaluateMs ?? full.alertEvaluateMs);
  alertTimer.unref();
  // A call to collect a result goes to the center's room, for the hall display.
  handoff.dossiers.onResultCall((call) => io.to(roomOfCenter(call.centerId)).emit('dossier:result_call', call));
  setup.onHours((event) => io.to(roomOfCenter(event.centerId)).emit('center:hours', event));
  const closeRedis = config.redisUrl
    ? await attachRedisAdapter(io, config.redisUrl, config.redisChannel ?? 'luot')
    : null;
  const tracking = attachTracking(io, {
    queue,
    dossiers: handoff.dossiers,
    limiter: trackLimiter,
    clientAddress: clientAddressOf(config.trustProxy ?? false),
    clustered: closeRedis !== null,
    log,
  });
  // What was kept for notifications of past days' tickets without a dossier goes: at start, then hourly.
  const purge = () =>
    void notifications.purge().catch((err: unknown) => log.warn({ err }, 'notification purge failed'));
  purge();
  const purgeTimer = setInterval(purge, 3_600_000);
  purgeTimer.unref();
  // Online numbers not confirmed are void once the center closes: checked every minute.
  const onlineSweepTimer = setInterval(
    () => void online.sweep().catch((err: unknown) => log.warn({ err }, 'online sweep failed')),
    60_000,
  );
  onlineSweepTimer.unref();
  // Retention runs nightly (RETENTION_HOUR, local time), on the server's clock.
  const retentionTimer = setInterval(
    () => void privacy.tick().catch((err: unknown) => log.warn({ err }, 'retention run failed')),
    retentionTickMs,
  );
  retentionTimer.unref();
  const stopPrinting = attachPrinting(io, queue, { publicBase, clock: queue.clock, jobTtlMs: config.printJobTtlMs });
  const stopReceiptPrinting = receiptPrinting.attach(io);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  url = `http://${host}:${port}`;
  handoff.worker.start();
  return {
    app,
    io,
    queue,
    handoff,
    notifications,
    tracking,
    devices,
    online,
    alerts,
    privacy,
    payments,
    demoAccounts,
    url,
    async close() {
      // First the hand-off: an attempt in flight is abandoned, its message stays in the outbox.
      await handoff.worker.stop();
      stopPrinting();
      stopReceiptPrinting();
      clearInterval(purgeTimer);
      clearInterval(sweepTimer);
      clearInterval(alertTimer);
      await alerts.idle();
      clearInterval(onlineSweepTimer);
      clearInterval(retentionTimer);
      await Promise.all([notifications.idle(), tracking.idle()]);
      // Closing the engine drops the transports without a "server disconnect": clients reconnect by themselves.
      // Closing the HTTP server waits for every open connection; a browser's spare keep-alive or preconnected
      // socket can hold it for many seconds, so whatever is still open after a short grace is cut (a kiosk retries
      // its request with the same idempotency key).
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      await io.close();
      clearTimeout(cut);
      await closeRedis?.();
      await rateLimitRedis?.quit().catch(() => undefined);
      await app.close().catch(() => undefined);
      await store.close();
    },
  };
}
