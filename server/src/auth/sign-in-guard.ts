// Sign-in protection (README "Security"):
// - failed sign-ins are counted per username (5 in 15 minutes lock the name) and per address across usernames
//   (30 in 15 minutes lock the address), with @fastify/rate-limit's stores: in memory (bounded LRU) on one
//   instance, in Redis (REDIS_URL) shared by every instance;
// - a locked-out user still signs in from a device where they signed in before (a "known device" cookie set at
//   each successful sign-in, signed with a key derived from their password hash, valid 30 days; or a browser still
//   holding a valid session of that user) — so five wrong
//   passwords typed by someone else lock out the stranger, not the officer at their own desk — and a manager's
//   password reset ends the lock (the username's count is kept per password hash) and every known device;
// - at most two password hashes (scrypt) run at once; waiting sign-ins queue fairly per address, known devices
//   first, and beyond the queue's bound are refused at once (429 for one address's excess, 503 overall), so a
//   flood of sign-ins with made-up names from some addresses cannot hold back a real one from another (from the
//   same address it waits its turn, and still signs in). Unknown names are hashed like known ones.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../engine/domain-error.ts';
import type { Clock } from '../queue/service.ts';
import type { Store } from '../store/store.ts';
import type { UserRecord } from './accounts.ts';
import { DEFAULT_COST, decoyHash, type ScryptCost, verifyPassword } from './password.ts';
import { openSession, type Session } from './sessions.ts';

export interface SignInLimits {
  windowMs: number;
  /** Failures per username (whatever the address) before the name is locked for the rest of the window. */
  perUsername: number;
  /** Failures per address, across usernames. */
  perAddress: number;
  /** Failures from one known device of a user before that device loses its escape. */
  perDevice: number;
  /** How long a known-device cookie stays valid after the sign-in that set it. */
  knownDeviceDays: number;
  /** Password hashes running at once. */
  hashConcurrency: number;
  /** Sign-ins waiting for a hash, in all; per address. */
  hashQueue: number;
  hashQueuePerAddress: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  windowMs: 15 * 60_000,
  perUsername: 5,
  perAddress: 30,
  perDevice: 10,
  knownDeviceDays: 30,
  hashConcurrency: 2,
  hashQueue: 128,
  hashQueuePerAddress: 32,
};

export const DEVICE_COOKIE = 'luot_device';
const DEVICE_COOKIE_PATH = '/api/auth';
/** Users remembered by one browser (a shared desk computer). */
const DEVICES_PER_COOKIE = 4;

/**
 * At most `concurrency` tasks at once. Waiting tasks queue in lanes (one per address) served round-robin, so one
 * address's burst waits behind itself; the priority lane (known devices) goes first. A full lane or a full queue
 * is refused at once, never queued for long.
 */
export class HashGate {
  private running = 0;
  private waiting = 0;
  private readonly lanes = new Map<string, Array<() => void>>();
  private readonly priority: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueue: number,
    private readonly maxPerLane: number,
  ) {}

  async run<T>(lane: string | null, task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) this.running++;
    else await this.enqueue(lane);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private enqueue(lane: string | null): Promise<void> {
    if (lane === null) {
      if (this.priority.length >= this.maxQueue) throw new DomainError('SIGN_IN_BUSY');
      return new Promise((resolve) => this.priority.push(resolve));
    }
    const queue = this.lanes.get(lane) ?? [];
    if (queue.length >= this.maxPerLane) throw new DomainError('RATE_LIMITED');
    if (this.waiting >= this.maxQueue) throw new DomainError('SIGN_IN_BUSY');
    this.waiting++;
    if (!this.lanes.has(lane)) this.lanes.set(lane, queue);
    return new Promise((resolve) => queue.push(resolve));
  }

  private release() {
    const next = this.priority.shift() ?? this.nextOfLanes();
    // A waiting task takes over the slot; else the slot frees.
    if (next) next();
    else this.running--;
  }

  private nextOfLanes(): (() => void) | undefined {
    for (const [lane, queue] of this.lanes) {
      this.lanes.delete(lane);
      const next = queue.shift();
      if (queue.length) this.lanes.set(lane, queue); // to the back: the next address goes first
      if (next) {
        this.waiting--;
        return next;
      }
    }
    return undefined;
  }
}

// Known devices: `<username, base64url>.<issued at, ms>.<MAC>`, the MAC keyed by the user's password hash (which
// never leaves the server): no table, valid on every instance, void once the password changes.
const macOf = (record: UserRecord, issuedAt: number) =>
  createHmac('sha256', record.passwordHash)
    .update(`luot-known-device|${record.username}|${issuedAt}`)
    .digest()
    .subarray(0, 18)
    .toString('base64url');

export const deviceToken = (record: UserRecord, issuedAt: number) =>
  `${Buffer.from(record.username).toString('base64url')}.${issuedAt}.${macOf(record, issuedAt)}`;

interface DeviceToken {
  username: string;
  issuedAt: number;
  mac: string;
  raw: string;
}

function parseDeviceCookie(cookie: string | undefined): DeviceToken[] {
  if (!cookie) return [];
  return cookie
    .split('~')
    .slice(0, DEVICES_PER_COOKIE)
    .flatMap((raw) => {
      const [name, issued, mac, ...rest] = raw.split('.');
      if (!name || !issued || !mac || rest.length || !/^\d{1,15}$/.test(issued)) return [];
      return [{ username: Buffer.from(name, 'base64url').toString(), issuedAt: Number(issued), mac, raw }];
    });
}

/** The issue time of this user's valid known-device token on this request, or null. */
function knownDevice(
  tokens: DeviceToken[],
  record: UserRecord | null,
  now: number,
  limits: SignInLimits,
): number | null {
  if (!record?.active) return null;
  for (const token of tokens) {
    if (token.username !== record.username) continue;
    if (token.issuedAt > now + 60_000 || now - token.issuedAt > limits.knownDeviceDays * 86_400_000) continue;
    const expected = Buffer.from(macOf(record, token.issuedAt));
    const given = Buffer.from(token.mac);
    if (expected.length === given.length && timingSafeEqual(expected, given)) return token.issuedAt;
  }
  return null;
}

export interface SignInGuardOptions {
  store: Store;
  clock: Clock;
  /** The accounts' scrypt cost: an unknown username is checked against a decoy hashed at the same cost. */
  passwordCost?: ScryptCost;
  secureCookies: boolean;
  limits?: Partial<SignInLimits>;
}

interface Keys {
  username: string;
  address: string;
  device: string;
}

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Needs @fastify/rate-limit registered on `app` (see app.ts: Redis store when REDIS_URL is set). */
export function createSignInGuard(app: FastifyInstance, options: SignInGuardOptions) {
  const limits = { ...SIGN_IN_LIMITS, ...options.limits };
  const gate = new HashGate(limits.hashConcurrency, limits.hashQueue, limits.hashQueuePerAddress);
  const keys = new WeakMap<FastifyRequest, Keys>();
  const limiter = (max: number, key: keyof Keys): Limiter =>
    app.createRateLimit({
      max,
      timeWindow: limits.windowMs,
      keyGenerator: (req) => `signin:${key}:${keys.get(req)?.[key] ?? ''}`,
    });
  const byUsername = limiter(limits.perUsername, 'username');
  const byAddress = limiter(limits.perAddress, 'address');
  const byDevice = limiter(limits.perDevice, 'device');

  /** Seconds until the limit lets this request through, or 0 when it may go on now (counts nothing). */
  const lockedFor = async (limit: Limiter, req: FastifyRequest): Promise<number> => {
    const state = await limit(req, { increment: false });
    return !state.isAllowed && state.remaining === 0 ? Math.max(1, state.ttlInSeconds) : 0;
  };

  function setDeviceCookie(
    req: FastifyRequest,
    reply: FastifyReply,
    record: UserRecord,
    now: number,
    tokens: DeviceToken[],
  ) {
    const others = tokens.filter((t) => t.username !== record.username).map((t) => t.raw);
    const value = [deviceToken(record, now), ...others].slice(0, DEVICES_PER_COOKIE).join('~');
    reply.setCookie(DEVICE_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies || req.protocol === 'https',
      path: DEVICE_COOKIE_PATH,
      maxAge: limits.knownDeviceDays * 86_400,
    });
  }

  return {
    limits,
    /** Checks the limits and the password; on success sets the session and known-device cookies. */
    async signIn(req: FastifyRequest, reply: FastifyReply, username: string, password: string): Promise<Session> {
      const now = options.clock();
      const record = await options.store.transaction((tx) => tx.accounts.user(username));
      const tokens = parseDeviceCookie(req.cookies[DEVICE_COOKIE]);
      // A known device: this user's device cookie, or a browser still holding a valid session of the same user.
      const issuedAt = knownDevice(tokens, record, now.getTime(), limits);
      const device =
        issuedAt !== null
          ? String(issuedAt)
          : record?.active && req.user?.username === record.username
            ? 'session'
            : null;
      // A reset password starts a new count: the key carries a digest of the hash (unknown names: none).
      const generation = record
        ? createHash('sha256').update(record.passwordHash).digest('base64url').slice(0, 12)
        : '-';
      // An IPv6 client is its /64: one machine can take any address of it.
      const address = normalizeIP(req.ip);
      keys.set(req, {
        username: `${username.normalize('NFC').toLowerCase()}:${generation}`,
        address,
        device: `${username}:${device ?? ''}`,
      });

      const checks = device !== null ? [byDevice] : [byUsername, byAddress];
      const wait = Math.max(...(await Promise.all(checks.map((limit) => lockedFor(limit, req)))));
      if (wait > 0) {
        reply.header('retry-after', String(wait));
        throw new DomainError('SIGN_IN_LOCKED'); // the wait is in Retry-After
      }

      const ok = await gate
        .run(device !== null ? null : address, async () =>
          verifyPassword(password, record?.passwordHash ?? (await decoyHash(options.passwordCost ?? DEFAULT_COST))),
        )
        .catch((err: unknown) => {
          if (err instanceof DomainError) reply.header('retry-after', '1');
          throw err;
        });
      if (!record || !record.active || !ok) {
        await Promise.all(checks.map((limit) => limit(req)));
        throw new DomainError('BAD_CREDENTIALS');
      }
      const session = await openSession(options.store, record, now);
      app.sessionCookie.set(req, reply, session);
      setDeviceCookie(req, reply, record, now.getTime(), tokens);
      return session;
    },
  };
}
