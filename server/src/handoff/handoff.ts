// Assembles the hand-off: the dossier service, the client of the provincial system and the worker.
import { type Config, DEMO_WEBHOOK_SECRET } from '../config.ts';
import { DatabaseFileStorage, DossierFileService } from '../attachments/files.ts';
import { FeedbackService } from '../attachments/feedback.ts';
import { DossierService } from '../dossier/service.ts';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';
import { PROVINCE_ADAPTERS } from './adapters.ts';
import type { ProvinceClient } from './client.ts';
import { type HandoffOptions, HandoffWorker } from './worker.ts';

export type HandoffConfig = Pick<
  Config,
  | 'provinceSystemUrl'
  | 'provinceSystemUser'
  | 'provinceSystemPassword'
  | 'provinceWebhookSecret'
  | 'provinceTimeoutMs'
  | 'provinceAdapter'
  | 'handoff'
  | 'documentMaxBytes'
  | 'feedbackPerHour'
> &
  Partial<Pick<Config, 'demoProvince' | 'payment'>>;

export interface Handoff {
  dossiers: DossierService;
  worker: HandoffWorker;
  /** Dossiers' files, sent to the province as `document` messages. */
  files: DossierFileService;
  /** Citizens' feedback, sent as `feedback` messages; answered by a manager or the province. */
  feedback: FeedbackService;
  /** Shared with the province: progress webhooks are signed with it. Null: no usable secret, every webhook is refused. */
  webhookSecret: string | null;
}

export interface HandoffDeps {
  store: Store;
  config: HandoffConfig;
  options?: Partial<HandoffOptions>;
  clock?: Clock;
  /** This server's public base URL, known once it listens. */
  publicUrl: () => string;
  log: ConstructorParameters<typeof HandoffWorker>[3];
  client?: ProvinceClient;
}

export const WEBHOOK_PATH = '/api/province/webhook';
/** Where the province answers feedback (signed like progress). */
export const FEEDBACK_WEBHOOK_PATH = '/api/province/feedback-webhook';

export function createHandoff({
  store,
  config,
  options,
  clock = () => new Date(),
  publicUrl,
  log,
  client,
}: HandoffDeps): Handoff {
  let worker: HandoffWorker | null = null;
  const dossiers = new DossierService(store, {
    clock,
    publicUrl,
    onOutbox: () => worker?.kick(),
    onCalendarWarning: (msg) => log.warn({}, msg),
    payOnline: (config.payment?.adapter ?? 'none') !== 'none',
  });
  const storage = new DatabaseFileStorage(store, clock);
  const onOutbox = () => worker?.kick();
  const files = new DossierFileService(store, storage, { clock, maxBytes: config.documentMaxBytes, onOutbox });
  const feedback = new FeedbackService(store, { clock, perHour: config.feedbackPerHour, onOutbox });
  const province =
    client ??
    PROVINCE_ADAPTERS[config.provinceAdapter]({
      baseUrl: config.provinceSystemUrl,
      username: config.provinceSystemUser,
      password: config.provinceSystemPassword,
      timeoutMs: config.provinceTimeoutMs,
      callbackUrl: () => `${publicUrl()}${WEBHOOK_PATH}`,
      feedbackCallbackUrl: () => `${publicUrl()}${FEEDBACK_WEBHOOK_PATH}`,
      fileContent: (sha256) => storage.get(sha256),
    });
  // A lease outlasts any attempt (the client gives up after its timeout), yet is short enough to resume soon after a crash.
  const leaseMs = config.handoff.leaseMs ?? 2 * config.provinceTimeoutMs + 1_000;
  worker = new HandoffWorker(dossiers, province, { ...config.handoff, leaseMs, ...options }, log, () =>
    clock().getTime(),
  );
  return { dossiers, worker, files, feedback, webhookSecret: usableWebhookSecret(config) };
}

/** Never an empty secret, and the public demo secret only in demo mode (configFromEnv refuses both at start too). */
export function usableWebhookSecret(
  config: Pick<HandoffConfig, 'provinceWebhookSecret' | 'demoProvince'>,
): string | null {
  const secret = config.provinceWebhookSecret;
  if (!secret) return null;
  if (secret === DEMO_WEBHOOK_SECRET && config.demoProvince === false) return null;
  return secret;
}
