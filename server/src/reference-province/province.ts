// The reference provincial processing system: a small separate Fastify service implementing the other side
// of the hand-off contract. It accepts dossiers (once per idempotency key), routes each to the competent
// authority of its procedure, advances it through its statuses over time and reports every step to the
// receiving system's webhook, signed. Switches inject faults, so it is also the fake the tests use.
import Fastify, { type FastifyInstance } from 'fastify';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Authority, type DossierStatus, NATIONAL_STATUS_CODE, type Procedure } from '@luot/contract';
import {
  type FeedbackAnswerEvent,
  IDEMPOTENCY_HEADER,
  type LookupReply,
  PROVINCE_ERRORS,
  PROVINCE_OK,
  PROVINCE_PATHS,
  type ProgressEvent,
  type PushDossier,
  type PushDocument,
  type PushDossierReply,
  type PushFeedback,
  type ProgressKind,
  type PushProgress,
  SIGNATURE_HEADER,
  signBody,
  TIMESTAMP_HEADER,
  toProvinceDate,
  type Unit,
} from '../handoff/province-contract.ts';

export interface Faults {
  /** up; down (connections dropped); error500 (refuses with 500); slow (the dossier services answer after
   *  slowMs); lose_replies (the dossier services do the work, then answer 500: the caller cannot know it worked). */
  mode: 'up' | 'down' | 'error500' | 'slow' | 'lose_replies';
  slowMs: number;
  /** Send every webhook twice. */
  duplicateWebhooks: boolean;
  /** Send a dossier's webhooks in swapped pairs (2 before 1, 4 before 3…). */
  reorderWebhooks: boolean;
  /** Never call the webhook: the receiving system must poll. */
  dropWebhooks: boolean;
  /**
   * Deduplicate on our own behalf (by idempotency key and by code). Off: every request counts, so a message the
   * receiving system sent twice shows as two receipts or two progress entries (tests see luot's duplicates).
   */
  dedupe: boolean;
}

export const NO_FAULTS: Faults = {
  mode: 'up',
  slowMs: 0,
  duplicateWebhooks: false,
  reorderWebhooks: false,
  dropWebhooks: false,
  dedupe: true,
};

/** Statuses after which the province waits for the receiving center: documents brought, fees paid. */
const WAITS_FOR: Partial<Record<DossierStatus, ProgressKind>> = {
  needs_documents: 'documents_added',
  fees_due: 'paid',
};
/** Statuses that end a dossier at the province: nothing of its script follows. */
const FINAL: readonly DossierStatus[] = ['not_accepted', 'withdrawn', 'stopped'];

export interface ProvinceOptions {
  username: string;
  password: string;
  webhookSecret: string;
  authorities: Authority[];
  procedures: Procedure[];
  /** Time between two statuses of a dossier. */
  stepMs: number;
  /** The statuses every dossier goes through. */
  script: DossierStatus[];
  /** Where to report when a dossier names no callback. */
  defaultCallbackUrl: string | null;
  /** First delay between webhook retries (doubles, at most 8 attempts). */
  webhookRetryMs: number;
  /**
   * After asking for documents or fees, wait until the receiving center reports them brought or paid (default);
   * false: go on with the script regardless (the supplement handled at the province's own desk).
   */
  waitForCenter?: boolean;
}

export interface ProvinceRecord {
  code: string;
  reference: string;
  dossier: PushDossier;
  /** Where the province routed the dossier: its competent authority. */
  routedTo: Unit & { level: 'province' | 'commune' };
  /** Dossiers created for this code: exactly 1 however many times it was sent (unless dedupe is off). */
  receipts: number;
  /** Pushes of this code under a new idempotency key: updates of the dossier (upsert by code). */
  updates: number;
  /** Set while the script waits for the receiving center (documents brought, fees paid). */
  waitingFor: ProgressKind | null;
  /** Requests that carried it, retries and replays included. */
  deliveries: number;
  status: DossierStatus;
  version: number;
  history: ProgressEvent[];
  /** Progress pushed by the receiving center (e.g. the result returned). */
  progress: PushProgress[];
  callbackUrl: string | null;
  nextStepAt: number;
  script: DossierStatus[];
  /** Files received for the dossier, each with its bytes' hash checked; a repeat shows only without dedupe. */
  documents: ProvinceDocument[];
  /** Citizens' feedback about the dossier, by luot's feedback id. */
  feedback: ProvinceFeedback[];
}

export interface ProvinceDocument {
  fileId: number;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  receivedAt: string;
}

export interface ProvinceFeedback {
  feedbackId: number;
  kind: PushFeedback['kind'];
  source: PushFeedback['source'];
  content: string;
  date: string;
  /** Pushes of this feedback (its first push, then the center's answer). */
  pushes: number;
  answer: string | null;
  answeredBy: 'center' | 'province' | null;
  callbackUrl: string | null;
}

export interface ReferenceProvince {
  app: FastifyInstance;
  records: Map<string, ProvinceRecord>;
  faults: Faults;
  setFaults(faults: Partial<Faults>): void;
  /** Webhook calls made (each try, duplicates included) and acknowledged. */
  webhookStats: { sent: number; acknowledged: number };
  /** Moves a dossier to its next scripted status now. */
  advance(code: string): void;
  /** The province answers a citizen's feedback: kept, and reported to the receiving system's feedback webhook. */
  answerFeedback(code: string, feedbackId: number, answer: string): boolean;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

export const DEFAULT_SCRIPT: DossierStatus[] = ['accepted', 'in_process', 'result_ready'];

const reply = (errorCode: string, message: string) => ({ errorCode, message });
/** The services that take a push (their replies can be lost). */
const PUSH_PATHS = new Set<string>([
  PROVINCE_PATHS.dossiers,
  PROVINCE_PATHS.progress,
  PROVINCE_PATHS.documents,
  PROVINCE_PATHS.feedback,
]);
/** A file of 100 MB in base64, with its fields. */
const DOCUMENT_BODY_LIMIT = 140 * 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function buildReferenceProvince(options: ProvinceOptions): ReferenceProvince {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
  const records = new Map<string, ProvinceRecord>();
  const byKey = new Map<string, { code: string; reply: object }>();
  const tokens = new Set<string>();
  const faults: Faults = { ...NO_FAULTS };
  const webhookStats = { sent: 0, acknowledged: 0 };
  const held = new Map<string, ProgressEvent>();
  let closed = false;
  let seq = 0;

  // Fault injection runs before anything else; the /__ admin routes stay reachable.
  app.addHook('onRequest', async (req, res) => {
    if (req.url.startsWith('/__')) return;
    if (faults.mode === 'down') {
      req.raw.socket.destroy();
      return res;
    }
    if (faults.mode === 'error500') return res.code(500).send(reply('99', 'injected fault: internal error'));
  });
  // Slow after the body is read: a caller that gives up does not stop the work, as with a real server.
  app.addHook('preHandler', async (req) => {
    if (faults.mode === 'slow' && req.url !== PROVINCE_PATHS.login && !req.url.startsWith('/__'))
      await sleep(faults.slowMs);
  });
  app.addHook('onSend', async (req, res, payload) => {
    if (faults.mode === 'lose_replies' && PUSH_PATHS.has(req.url) && res.statusCode < 300) {
      res.code(500);
      return JSON.stringify(reply('99', 'injected fault: reply lost'));
    }
    return payload;
  });

  app.post(PROVINCE_PATHS.login, async (req, res) => {
    const { username, password } = (req.body ?? {}) as { username?: string; password?: string };
    if (username !== options.username || password !== options.password)
      return res.code(401).send(reply(PROVINCE_ERRORS.unauthorized, 'wrong credentials'));
    const token = randomBytes(16).toString('hex');
    tokens.add(token);
    return { ...reply(PROVINCE_OK, 'ok'), token };
  });

  app.register(async (api) => {
    api.addHook('preHandler', async (req, res) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (!token || !tokens.has(token)) return res.code(401).send(reply(PROVINCE_ERRORS.unauthorized, 'log in first'));
    });

    api.post(PROVINCE_PATHS.dossiers, async (req, res) => {
      const key = req.headers[IDEMPOTENCY_HEADER];
      const d = req.body as PushDossier | undefined;
      if (typeof key !== 'string' || !key)
        return res.code(400).send(reply(PROVINCE_ERRORS.badRequest, `${IDEMPOTENCY_HEADER} header required`));
      if (!d || typeof d.code !== 'string' || typeof d.procedureCode !== 'string' || !d.handlingUnit)
        return res.code(400).send(reply(PROVINCE_ERRORS.badRequest, 'code, procedureCode and handlingUnit required'));
      const seen = byKey.get(key);
      if (seen && faults.dedupe) {
        const record = records.get(seen.code);
        if (record) record.deliveries++;
        return { ...seen.reply, duplicate: true };
      }
      const route = routeOf(d);
      if ('error' in route) return reply(route.error, route.message);
      const existing = records.get(d.code);
      if (existing) {
        existing.deliveries++;
        // Without dedupe a repeated key is one more receipt (a duplicate made visible); a new key for a known
        // code is an update of the dossier (upsert by code).
        if (seen) existing.receipts++;
        else existing.updates++;
        existing.dossier = d;
        existing.routedTo = route;
        const ok = { ...reply(PROVINCE_OK, 'updated'), reference: existing.reference };
        byKey.set(key, { code: d.code, reply: ok });
        return ok;
      }
      const record: ProvinceRecord = {
        code: d.code,
        reference: `TINH-${String(++seq).padStart(6, '0')}`,
        dossier: d,
        routedTo: route,
        receipts: 1,
        updates: 0,
        waitingFor: null,
        deliveries: 1,
        status: 'forwarded',
        version: 0,
        history: [],
        progress: [],
        callbackUrl: d.callbackUrl ?? options.defaultCallbackUrl,
        nextStepAt: Date.now() + options.stepMs,
        script: [...options.script],
        documents: [],
        feedback: [],
      };
      records.set(d.code, record);
      const ok: PushDossierReply = { ...reply(PROVINCE_OK, `routed to ${route.name}`), reference: record.reference };
      byKey.set(key, { code: d.code, reply: ok });
      return ok;
    });

    api.post(PROVINCE_PATHS.progress, async (req, res) => {
      const key = req.headers[IDEMPOTENCY_HEADER];
      const p = req.body as PushProgress | undefined;
      if (typeof key !== 'string' || !key || !p?.code)
        return res.code(400).send(reply(PROVINCE_ERRORS.badRequest, 'idempotency key and code required'));
      if (byKey.has(key) && faults.dedupe) return { ...byKey.get(key)!.reply, duplicate: true };
      const record = records.get(p.code);
      if (!record) return res.code(404).send(reply(PROVINCE_ERRORS.unknownDossier, `unknown dossier ${p.code}`));
      record.progress.push(p);
      record.status = p.status;
      // What the center reports resumes the script (documents brought, fees paid) or ends it (withdrawn).
      if (p.event && p.event === record.waitingFor) {
        record.waitingFor = null;
        record.nextStepAt = Date.now() + options.stepMs;
      }
      if (FINAL.includes(p.status)) record.script = [];
      const ok = reply(PROVINCE_OK, 'ok');
      byKey.set(key, { code: p.code, reply: ok });
      return ok;
    });

    api.post(PROVINCE_PATHS.documents, { bodyLimit: DOCUMENT_BODY_LIMIT }, async (req, res) => {
      const key = req.headers[IDEMPOTENCY_HEADER];
      const doc = req.body as PushDocument | undefined;
      if (typeof key !== 'string' || !key || !doc?.code || typeof doc.content !== 'string')
        return res.code(400).send(reply(PROVINCE_ERRORS.badRequest, 'idempotency key, code and content required'));
      if (byKey.has(key) && faults.dedupe) return { ...byKey.get(key)!.reply, duplicate: true };
      const record = records.get(doc.code);
      if (!record) return res.code(404).send(reply(PROVINCE_ERRORS.unknownDossier, `unknown dossier ${doc.code}`));
      const bytes = Buffer.from(doc.content, 'base64');
      if (bytes.length !== doc.size || createHash('sha256').update(bytes).digest('hex') !== doc.sha256)
        return res.code(400).send(reply(PROVINCE_ERRORS.badRequest, 'content does not match size and sha256'));
      record.documents.push({
        fileId: doc.fileId,
        name: doc.name,
        contentType: doc.contentType,
        size: doc.size,
        sha256: doc.sha256,
        receivedAt: new Date().toISOString(),
      });
      const ok = reply(PROVINCE_OK, 'ok');
      byKey.set(key, { code: doc.code, reply: ok });
      return ok;
    });

    api.post(PROVINCE_PATHS.feedback, async (req, res) => {
      const key = req.headers[IDEMPOTENCY_HEADER];
      const f = req.body as PushFeedback | undefined;
      if (typeof key !== 'string' || !key || !f?.code || typeof f.feedbackId !== 'number' || !f.content)
        return res
          .code(400)
          .send(reply(PROVINCE_ERRORS.badRequest, 'idempotency key, code, feedbackId, content required'));
      if (byKey.has(key) && faults.dedupe) return { ...byKey.get(key)!.reply, duplicate: true };
      const record = records.get(f.code);
      if (!record) return res.code(404).send(reply(PROVINCE_ERRORS.unknownDossier, `unknown dossier ${f.code}`));
      // Upsert by luot's feedback id: the second push carries the center's answer.
      let item = record.feedback.find((x) => x.feedbackId === f.feedbackId);
      if (!item) {
        item = {
          feedbackId: f.feedbackId,
          kind: f.kind,
          source: f.source,
          content: f.content,
          date: f.date,
          pushes: 0,
          answer: null,
          answeredBy: null,
          callbackUrl: f.callbackUrl ?? null,
        };
        record.feedback.push(item);
      }
      item.pushes++;
      if (f.answer && !item.answer) {
        item.answer = f.answer;
        item.answeredBy = 'center';
      }
      const ok = reply(PROVINCE_OK, 'ok');
      byKey.set(key, { code: f.code, reply: ok });
      return ok;
    });

    api.get('/api/v1/dossiers/:code', async (req, res) => {
      const record = records.get((req.params as { code: string }).code);
      if (!record) return res.code(404).send(reply(PROVINCE_ERRORS.unknownDossier, 'unknown dossier'));
      const body: LookupReply = {
        ...reply(PROVINCE_OK, 'ok'),
        dossier: {
          code: record.code,
          reference: record.reference,
          status: record.status,
          version: record.version,
          handlingUnit: record.routedTo,
          history: record.history,
        },
      };
      return body;
    });
  });

  // Admin and inspection, for tests and demos.
  app.get('/__dossiers', async () => [...records.values()].map(({ dossier: _d, ...r }) => r));
  app.get(
    '/__dossiers/:code',
    async (req, res) =>
      records.get((req.params as { code: string }).code) ?? res.code(404).send(reply('03', 'unknown')),
  );
  app.post('/__faults', async (req) => {
    province.setFaults(req.body ?? {});
    return faults;
  });
  app.post('/__feedback/:code/:feedbackId/answer', async (req, res) => {
    const { code, feedbackId } = req.params as { code: string; feedbackId: string };
    const answer = (req.body as { answer?: unknown } | null)?.answer;
    if (typeof answer !== 'string' || !answer.trim()) return res.code(400).send(reply('01', 'answer required'));
    if (!province.answerFeedback(code, Number(feedbackId), answer))
      return res.code(404).send(reply('03', 'unknown or already answered'));
    return records.get(code)!.feedback.find((f) => f.feedbackId === Number(feedbackId));
  });
  app.post('/__dossiers/:code/advance', async (req, res) => {
    const code = (req.params as { code: string }).code;
    if (!records.has(code)) return res.code(404).send(reply('03', 'unknown'));
    province.advance(code);
    return records.get(code);
  });

  /** Commune-level procedures go to the commune the receiving center names; others to their department. */
  function routeOf(d: PushDossier): (Unit & { level: 'province' | 'commune' }) | { error: string; message: string } {
    const procedure = options.procedures.find((p) => p.code === d.procedureCode);
    if (!procedure) return { error: PROVINCE_ERRORS.badRequest, message: `unknown procedure ${d.procedureCode}` };
    const unit = options.authorities.find((a) => a.code === d.handlingUnit.code);
    if (procedure.level === 'province') {
      const department = options.authorities.find((a) => a.id === procedure.departmentId);
      if (!department || unit?.code !== department.code)
        return {
          error: PROVINCE_ERRORS.unknownUnit,
          message: `${procedure.code} is handled by ${department?.name ?? '?'}`,
        };
      return { code: department.code, name: department.name, level: 'province' };
    }
    if (!unit || unit.level !== 'commune')
      return { error: PROVINCE_ERRORS.unknownUnit, message: `${d.handlingUnit.code} is not a commune of the province` };
    return { code: unit.code, name: unit.name, level: 'commune' };
  }

  function step(record: ProvinceRecord) {
    if (record.waitingFor) return;
    const status = record.script.shift();
    if (!status) return;
    record.waitingFor = options.waitForCenter === false ? null : (WAITS_FOR[status] ?? null);
    if (FINAL.includes(status)) record.script = [];
    record.status = status;
    record.version++;
    const event: ProgressEvent = {
      eventId: randomUUID(),
      code: record.code,
      version: record.version,
      status,
      statusCode: NATIONAL_STATUS_CODE[status],
      date: toProvinceDate(new Date()),
      unit: { code: record.routedTo.code, name: record.routedTo.name },
      note: null,
    };
    record.history.push(event);
    record.nextStepAt = Date.now() + options.stepMs;
    report(record, event);
  }

  function report(record: ProvinceRecord, event: ProgressEvent) {
    if (faults.reorderWebhooks) {
      const earlier = held.get(record.code);
      if (!earlier && record.script.length > 0 && !record.waitingFor) {
        held.set(record.code, event);
        return;
      }
      held.delete(record.code);
      send(record, event);
      if (earlier) send(record, earlier);
      return;
    }
    send(record, event);
  }

  function send(record: ProvinceRecord, event: ProgressEvent) {
    if (faults.dropWebhooks || !record.callbackUrl) return;
    void deliver(record.callbackUrl, event);
    if (faults.duplicateWebhooks) void deliver(record.callbackUrl, event);
  }

  async function deliver(url: string, event: ProgressEvent | FeedbackAnswerEvent) {
    const body = JSON.stringify(event);
    for (let attempt = 0; attempt < 8 && !closed; attempt++) {
      // A province that is down does not call out either.
      while (faults.mode === 'down' && !closed) await sleep(options.webhookRetryMs);
      const timestamp = String(Date.now());
      try {
        webhookStats.sent++;
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signBody(options.webhookSecret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(5_000),
        });
        if (res.ok) {
          webhookStats.acknowledged++;
          return;
        }
        if (res.status >= 400 && res.status < 500 && res.status !== 429) return;
      } catch {
        // Receiver down or restarting: retry below.
      }
      await sleep(options.webhookRetryMs * 2 ** attempt);
    }
  }

  const timer = setInterval(
    () => {
      if (faults.mode === 'down') return;
      const now = Date.now();
      for (const record of records.values())
        if (record.script.length > 0 && !record.waitingFor && record.nextStepAt <= now) step(record);
    },
    Math.max(10, Math.min(options.stepMs, 200)),
  );

  const province: ReferenceProvince = {
    app,
    records,
    faults,
    webhookStats,
    setFaults(next) {
      Object.assign(faults, next);
      // Turning reordering off releases what it held.
      if (!faults.reorderWebhooks)
        for (const [code, event] of held) {
          held.delete(code);
          const record = records.get(code);
          if (record) send(record, event);
        }
    },
    advance(code) {
      const record = records.get(code);
      if (record) step(record);
    },
    answerFeedback(code, feedbackId, answer) {
      const record = records.get(code);
      const item = record?.feedback.find((f) => f.feedbackId === feedbackId);
      if (!record || !item || item.answer) return false;
      item.answer = answer.trim();
      item.answeredBy = 'province';
      const event: FeedbackAnswerEvent = {
        eventId: randomUUID(),
        feedbackId,
        code,
        answer: item.answer,
        date: toProvinceDate(new Date()),
        unit: { code: record.routedTo.code, name: record.routedTo.name },
      };
      if (item.callbackUrl && !faults.dropWebhooks) void deliver(item.callbackUrl, event);
      return true;
    },
    async listen(port, host = '127.0.0.1') {
      return app.listen({ port, host });
    },
    async close() {
      closed = true;
      clearInterval(timer);
      await app.close();
    },
  };
  return province;
}
