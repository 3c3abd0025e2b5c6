// The HTTP edge: plugins, then routes. Handlers validate with the contract's schemas and call the queue service.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { ScryptCost } from '../auth/password.ts';
import { registerAuth } from '../auth/plugin.ts';
import type { SignInLimits } from '../auth/sign-in-guard.ts';
import type { TrustProxy } from '../config.ts';
import type { Handoff } from '../handoff/handoff.ts';
import type { NotificationService } from '../notify/service.ts';
import type { QueueService } from '../queue/service.ts';
import type { AddressLimiter } from '../track/limiter.ts';
import { fastifyTrust } from './client-address.ts';
import { registerErrorHandling } from './errors.ts';
import { refuseInfiniteNumbers } from './numbers.ts';
import { registerPages } from './pages.ts';
import { authRoutes } from './routes/auth.ts';
import { feedbackRoutes } from './routes/feedback.ts';
import { fileRoutes } from './routes/files.ts';
import { centerRoutes } from './routes/centers.ts';
import { counterRoutes } from './routes/counters.ts';
import { dossierRoutes } from './routes/dossiers.ts';
import { handoffRoutes } from './routes/handoff.ts';
import { ratingRoutes } from './routes/ratings.ts';
import { reportRoutes } from './routes/reports.ts';
import { ticketRoutes } from './routes/tickets.ts';
import { setupRoutes } from './routes/setup.ts';
import { adminRoutes } from './routes/admin.ts';
import { AdminService } from '../setup/admin.ts';
import { SetupService } from '../setup/service.ts';
import { notifyRoutes } from './routes/notify.ts';
import { trackRoutes } from './routes/track.ts';
import type { DeviceService } from '../devices/service.ts';
import { deviceRoutes, type IssueLimits } from './routes/devices.ts';
import type { OnlineService } from '../online/service.ts';
import { onlineRoutes } from './routes/online.ts';
import type { AlertService } from '../operations/alerts.ts';
import { operationsRoutes } from './routes/operations.ts';
import type { ReceiptPrinting } from '../print/receipt-hub.ts';
import { receiptPrintRoutes } from './routes/receipt-print.ts';
import { loggerOptions } from '../privacy/log-redaction.ts';
import type { PrivacyService } from '../privacy/service.ts';
import { privacyRoutes } from './routes/privacy.ts';
import type { PaymentService } from '../payment/service.ts';
import { paymentRoutes } from './routes/payment.ts';

declare module 'fastify' {
  interface FastifyInstance {
    queue: QueueService;
    publicBase: () => string;
    notifications: NotificationService;
    /** One per-address budget of tracking look-ups (HTTP, live feed, notification opt-ins). */
    trackLimiter: AddressLimiter;
    /** Online numbers and appointments. */
    online: OnlineService;
    /** Per-address budget of one-time code requests. */
    onlineCodeLimiter: AddressLimiter;
  }
  interface FastifyRequest {
    /** Who acts, for the audit log. Sign-in sets it; until then, the caller's address. */
    actor: string;
  }
}

export interface AppOptions {
  queue: QueueService;
  /** Dossiers and the hand-off to the provincial system. */
  handoff: Handoff;
  logLevel?: string;
  /** The base URL citizens' phones reach (PUBLIC_URL, else the server's own): tracking links start with it. */
  publicBase: () => string;
  /** Session cookies only over HTTPS. */
  secureCookies?: boolean;
  /** Opening hours, calendar, audit log (by default on the queue's store and clock). */
  setup?: SetupService;
  notifications: NotificationService;
  trackLimiter: AddressLimiter;
  /** Whose X-Forwarded-For names the client (TRUST_PROXY): false unless behind a reverse proxy. */
  trustProxy?: TrustProxy;
  /** Rate limits (sign-in, tracking) shared by every instance through this Redis; else counted in memory. */
  rateLimitRedis?: Redis | null;
  /** Prefix of the Redis keys (REDIS_CHANNEL). */
  redisChannel?: string;
  /** The accounts' password hashing cost (tests make it cheap). */
  passwordCost?: ScryptCost;
  signInLimits?: Partial<SignInLimits>;
  /** Enrolled devices, and the budgets of kiosk issuance. */
  devices: DeviceService;
  issueLimits: IssueLimits;
  online: OnlineService;
  onlineCodeLimiter: AddressLimiter;
  /** Requests per minute and address of the public online routes. */
  onlineRatePerMinute: number;
  /** Alerts and the province dashboard. */
  alerts: AlertService;
  /** Receipts on the counters' thermal printers. */
  receiptPrinting: ReceiptPrinting;
  /** Personal data: register, consents, requests, views. */
  privacy: PrivacyService;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** Online payment of fees (a gateway, or none). */
  payments: PaymentService;
}

/** Request bodies are small JSON objects; anything larger is refused with 413. */
export const BODY_LIMIT = 64 * 1024;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const {
    queue,
    handoff,
    publicBase,
    logLevel = 'warn',
    secureCookies = false,
    trustProxy = false,
    setup,
    notifications,
    trackLimiter,
  } = options;
  // A hop count as the function Fastify makes of it (its types take no number): trust the nearest `hops` proxies.
  const trust = fastifyTrust(trustProxy);
  const app = Fastify({
    logger: loggerOptions(logLevel, options.logStream),
    trustProxy: trust,
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.decorate('queue', queue);
  app.decorate('publicBase', publicBase);
  app.decorate('handoff', handoff);
  app.decorate('setup', setup ?? new SetupService(queue.store, queue.clock));
  app.decorate('admin', new AdminService(queue.store, queue, options.passwordCost));
  app.decorate('notifications', notifications);
  app.decorate('trackLimiter', trackLimiter);
  app.decorate('devices', options.devices);
  app.decorate('issueLimits', options.issueLimits);
  app.decorate('online', options.online);
  app.decorate('onlineCodeLimiter', options.onlineCodeLimiter);
  app.decorate('alerts', options.alerts);
  app.decorate('privacy', options.privacy);
  app.decorate('payments', options.payments);
  app.decorateRequest('actor', '');
  app.addHook('onRequest', async (req) => {
    req.actor = `anonymous@${req.ip}`;
  });
  // An action sent without a body is validated as an empty object: optional fields pass, required ones fail clearly.
  app.addHook('preValidation', async (req) => {
    if (req.body === undefined && (req.method === 'POST' || req.method === 'PUT')) req.body = {};
  });
  registerErrorHandling(app);
  refuseInfiniteNumbers(app);
  // Sign-in and roles: after the hook above, so a session's user replaces the anonymous actor.
  await registerAuth(app, { secureCookies });
  // Rate limits only where a route asks (sign-in, tracking); one store for all, in Redis when there is one.
  await app.register(rateLimit, {
    global: false,
    skipOnError: true,
    ...(options.rateLimitRedis
      ? { redis: options.rateLimitRedis, nameSpace: `${options.redisChannel ?? 'luot'}:rate-limit:` }
      : {}),
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'luot API',
        description: 'Queue tickets for Public Administration Service Centers',
        version: '0.1.0',
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/api/health', { schema: { hide: true } }, async () => ({ ok: true }));
  await app.register(centerRoutes);
  await app.register(ticketRoutes);
  await app.register(counterRoutes);
  await app.register(dossierRoutes);
  await app.register(handoffRoutes);
  await app.register(trackRoutes);
  await app.register(fileRoutes);
  await app.register(feedbackRoutes);
  await app.register(notifyRoutes);
  await app.register(authRoutes, {
    secureCookies,
    passwordCost: options.passwordCost,
    signInLimits: options.signInLimits,
  });
  await app.register(reportRoutes);
  await app.register(ratingRoutes);
  await app.register(setupRoutes);
  await app.register(adminRoutes);
  await app.register(deviceRoutes);
  await app.register(onlineRoutes, { ratePerMinute: options.onlineRatePerMinute });
  await app.register(operationsRoutes);
  await app.register(receiptPrintRoutes, { printing: options.receiptPrinting });
  await app.register(privacyRoutes);
  await app.register(paymentRoutes);
  await registerPages(app);
  return app;
}
