// The adapter layer: how an outbox message reaches a provincial system. `JsonProvinceClient` speaks luot's
// clean JSON contract (province-contract.ts); a province's real platform gets its own ProvinceClient.
import type { OutboxMessage } from '../store/dossiers.ts';
import {
  IDEMPOTENCY_HEADER,
  type LoginReply,
  type LookupReply,
  PROVINCE_OK,
  PROVINCE_PATHS,
  type ProgressEvent,
  type PushDocument,
  type PushDossier,
  type PushDossierReply,
  type PushFeedback,
  type ProvinceReply,
} from './province-contract.ts';

/** A failed delivery; `retryable` false means retrying the same message cannot help (dead letter now). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Sent with each delivery attempt: the province's logs and our sync log name the same attempt. */
export const REQUEST_ID_HEADER = 'x-request-id';

export interface ProvinceClient {
  /** One attempt; `requestId` names it in the sync log (and at the province, when its API takes one). */
  deliver(message: OutboxMessage, signal: AbortSignal, requestId: string): Promise<{ reference: string | null }>;
  /** The province's progress of a dossier, or null when it does not know the code. */
  lookup(code: string, signal: AbortSignal): Promise<ProgressEvent[] | null>;
}

export interface JsonProvinceOptions {
  baseUrl: string;
  username: string;
  password: string;
  /** Per-request limit; a slower answer counts as a failure and the message is retried. */
  timeoutMs: number;
  /** Our webhook, sent with each dossier. */
  callbackUrl: () => string | undefined;
  /** Our feedback webhook, sent with each feedback. */
  feedbackCallbackUrl: () => string | undefined;
  /** A file's bytes by SHA-256, from the file storage (null: not there). */
  fileContent: (sha256: string) => Promise<Buffer | null>;
}

const PATH_OF_KIND: Record<OutboxMessage['kind'], string> = {
  dossier: PROVINCE_PATHS.dossiers,
  progress: PROVINCE_PATHS.progress,
  document: PROVINCE_PATHS.documents,
  feedback: PROVINCE_PATHS.feedback,
};

export class JsonProvinceClient implements ProvinceClient {
  private token: string | null = null;

  constructor(private readonly options: JsonProvinceOptions) {}

  async deliver(message: OutboxMessage, signal: AbortSignal, requestId: string): Promise<{ reference: string | null }> {
    const reply = await this.call<PushDossierReply>(
      'POST',
      PATH_OF_KIND[message.kind],
      await this.bodyOf(message),
      signal,
      { [IDEMPOTENCY_HEADER]: message.idempotencyKey, [REQUEST_ID_HEADER]: requestId },
    );
    return { reference: reply.reference ?? null };
  }

  /** The request body: the outbox's, with our webhooks and a file's bytes, which the outbox does not keep. */
  private async bodyOf(message: OutboxMessage): Promise<unknown> {
    switch (message.kind) {
      case 'dossier':
        return { ...(message.payload as PushDossier), callbackUrl: this.options.callbackUrl() };
      case 'feedback':
        return { ...(message.payload as PushFeedback), callbackUrl: this.options.feedbackCallbackUrl() };
      case 'document': {
        const document = message.payload as PushDocument;
        const bytes = await this.options.fileContent(document.sha256);
        if (!bytes) throw new DeliveryError(`file ${document.sha256} is not in the file storage`, false);
        return { ...document, content: bytes.toString('base64') };
      }
      case 'progress':
        return message.payload;
    }
  }

  async lookup(code: string, signal: AbortSignal): Promise<ProgressEvent[] | null> {
    try {
      const reply = await this.call<LookupReply>('GET', PROVINCE_PATHS.lookup(code), undefined, signal);
      return reply.dossier?.history ?? [];
    } catch (err) {
      if (err instanceof DeliveryError && !err.retryable && err.message.includes('HTTP 404')) return null;
      throw err;
    }
  }

  private async login(signal: AbortSignal): Promise<string> {
    const reply = await this.request<LoginReply>(
      'POST',
      PROVINCE_PATHS.login,
      { username: this.options.username, password: this.options.password },
      signal,
      {},
    );
    if (!reply.token) throw new DeliveryError('login: no token in the reply', false);
    this.token = reply.token;
    return reply.token;
  }

  /** A call within the session; an expired session is renewed once. */
  private async call<T extends ProvinceReply>(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const token = this.token ?? (await this.login(signal));
    try {
      return await this.request<T>(method, path, body, signal, { ...headers, authorization: `Bearer ${token}` });
    } catch (err) {
      if (!(err instanceof SessionExpired)) throw err;
      this.token = null;
      return this.request<T>(method, path, body, signal, {
        ...headers,
        authorization: `Bearer ${await this.login(signal)}`,
      });
    }
  }

  private async request<T extends ProvinceReply>(
    method: string,
    path: string,
    body: unknown,
    signal: AbortSignal,
    headers: Record<string, string>,
  ): Promise<T> {
    let res: Response;
    try {
      res = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
      });
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      const why =
        e.name === 'TimeoutError' ? `no answer within ${this.options.timeoutMs} ms` : (e.cause?.code ?? e.message);
      throw new DeliveryError(`${method} ${path}: ${why}`, true);
    }
    const text = await res.text().catch(() => '');
    if (res.status === 401 && path !== PROVINCE_PATHS.login) throw new SessionExpired();
    // Overload, timeouts and server faults pass; other refusals will not change on a retry.
    if (!res.ok)
      throw new DeliveryError(
        `${method} ${path}: HTTP ${res.status} ${text.slice(0, 200)}`,
        res.status >= 500 || res.status === 408 || res.status === 429,
      );
    let reply: T;
    try {
      reply = JSON.parse(text) as T;
    } catch {
      throw new DeliveryError(`${method} ${path}: the reply is not JSON`, true);
    }
    if (reply.errorCode !== PROVINCE_OK)
      throw new DeliveryError(`${method} ${path}: error ${reply.errorCode} ${reply.message}`, false);
    return reply;
  }
}

class SessionExpired extends Error {}
