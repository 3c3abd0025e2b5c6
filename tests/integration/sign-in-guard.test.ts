// Sign-in protection over HTTP: lockout per username and per address across usernames, the known-device escape,
// a manager's reset, X-Forwarded-For trusted only with TRUST_PROXY, a flood of unknown names that cannot hold
// back a real sign-in, and the counts shared by two instances through Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/auth/password.ts';
import { DEVICE_COOKIE, SIGN_IN_LIMITS } from '../../server/src/auth/sign-in-guard.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '@luot/contract';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';
import { freshChannel, redisForTests } from '../helpers/services.ts';

const redis = await redisForTests();

interface Attempt {
  status: number;
  code: string | undefined;
  retryAfter: string | null;
  session: string | undefined;
  device: string | undefined;
}

const cookieValue = (setCookies: string[], name: string) =>
  setCookies.find((c) => c.startsWith(`${name}=`))?.split(';')[0];

async function login(
  t: TestServer,
  username: string,
  password: string,
  options: { from?: string; device?: string } = {},
): Promise<Attempt> {
  const headers: Record<string, string> = { 'content-type': 'application/json', [CSRF_HEADER]: '1' };
  if (options.from) headers['x-forwarded-for'] = options.from;
  if (options.device) headers.cookie = options.device;
  const res = await fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { code?: string };
  const set = res.headers.getSetCookie();
  return {
    status: res.status,
    code: body.code,
    retryAfter: res.headers.get('retry-after'),
    session: cookieValue(set, SESSION_COOKIE),
    device: cookieValue(set, DEVICE_COOKIE),
  };
}

const failTimes = async (t: TestServer, n: number, username: (i: number) => string, from?: string) => {
  for (let i = 0; i < n; i++)
    expect((await login(t, username(i), 'wrong-password', { from })).code).toBe('BAD_CREDENTIALS');
};

describe('sign-in limits behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { trustProxy: ['loopback'] } });
  });
  afterAll(() => t.close());

  it('five failures lock the username from every address, not the other users of that address', async () => {
    const victim = 'canbo1.ninh-kieu';
    await failTimes(t, 5, () => victim, '203.0.113.10');
    const locked = await login(t, victim, TEST_PASSWORD, { from: '198.51.100.7' });
    expect(locked).toMatchObject({ status: 429, code: 'SIGN_IN_LOCKED', session: undefined });
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);
    // An unknown name is locked alike: no way to tell which names exist.
    await failTimes(t, 5, () => 'khong-co-ai', '203.0.113.10');
    expect((await login(t, 'khong-co-ai', 'x', { from: '198.51.100.8' })).code).toBe('SIGN_IN_LOCKED');
    // The address that failed ten times is not locked for everyone (the per-address bound is 30).
    expect((await login(t, 'canbo2.ninh-kieu', TEST_PASSWORD, { from: '203.0.113.10' })).status).toBe(200);
  });

  it('thirty failures from one address across usernames lock that address; X-Forwarded-For tells clients apart', async () => {
    await failTimes(t, SIGN_IN_LIMITS.perAddress, (i) => `doan-ten-${i}`, '192.0.2.50');
    const fromThere = await login(t, 'canbo3.ninh-kieu', TEST_PASSWORD, { from: '192.0.2.50' });
    expect(fromThere).toMatchObject({ status: 429, code: 'SIGN_IN_LOCKED' });
    expect((await login(t, 'canbo3.ninh-kieu', TEST_PASSWORD, { from: '192.0.2.51' })).status).toBe(200);
  });

  it('a locked-out officer still signs in from a device they signed in from before; others cannot borrow it', async () => {
    const officer = 'canbo1.cai-rang';
    const first = await login(t, officer, TEST_PASSWORD, { from: '10.1.1.1' });
    expect(first.status).toBe(200);
    expect(first.device).toBeDefined();
    const device = first.device!;
    await failTimes(t, 5, () => officer, '10.1.1.1'); // someone at the same address guesses
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.1.1.1' })).code).toBe('SIGN_IN_LOCKED');
    const own = await login(t, officer, TEST_PASSWORD, { from: '10.1.1.1', device });
    expect(own.status).toBe(200);
    expect(own.session).toBeDefined();
    // The device cookie proves nothing without the password, and is this officer's only.
    expect((await login(t, officer, 'wrong-password', { from: '10.1.1.1', device })).code).toBe('BAD_CREDENTIALS');
    const other = 'canbo2.cai-rang';
    await failTimes(t, 5, () => other, '10.1.1.9');
    expect((await login(t, other, TEST_PASSWORD, { from: '10.1.1.1', device })).code).toBe('SIGN_IN_LOCKED');
    // A forged or altered device cookie is no escape.
    const forged = device.replace(/\.(\d+)\./, (_, at: string) => `.${Number(at) + 1}.`);
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.1.1.1', device: forged })).code).toBe('SIGN_IN_LOCKED');
    expect(
      (await login(t, officer, TEST_PASSWORD, { from: '10.1.1.1', device: `${DEVICE_COOKIE}=garbage` })).code,
    ).toBe('SIGN_IN_LOCKED');
  });

  it('a browser still holding a valid session of the officer is a known device too', async () => {
    const officer = 'quanly.cai-rang';
    const session = (await login(t, officer, TEST_PASSWORD, { from: '10.4.4.4' })).session!;
    await failTimes(t, 5, () => officer, '10.4.4.5');
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.4.4.4' })).code).toBe('SIGN_IN_LOCKED');
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.4.4.4', device: session })).status).toBe(200);
    // Another user's session is no escape.
    const other = (await login(t, 'canbo1.tphcc-can-tho', TEST_PASSWORD, { from: '10.4.4.4' })).session!;
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.4.4.4', device: other })).code).toBe('SIGN_IN_LOCKED');
  });

  it('a known device loses its escape after ten failures of its own', async () => {
    const officer = 'canbo3.cai-rang';
    const device = (await login(t, officer, TEST_PASSWORD, { from: '10.2.2.2' })).device!;
    for (let i = 0; i < 10; i++)
      expect((await login(t, officer, 'wrong-password', { from: '10.2.2.2', device })).code).toBe('BAD_CREDENTIALS');
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.2.2.2', device })).code).toBe('SIGN_IN_LOCKED');
  });

  it("a manager's password reset ends the lock and voids the known devices", async () => {
    const officer = 'canbo1.tphcc-can-tho';
    const device = (await login(t, officer, TEST_PASSWORD, { from: '10.3.3.3' })).device!;
    await failTimes(t, 5, () => officer, '10.3.3.4');
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.3.3.3' })).code).toBe('SIGN_IN_LOCKED');
    const reset = await hashPassword('mat-khau-moi-2026', { N: 2 ** 10, r: 8, p: 1 });
    expect(await t.server.queue.store.transaction((tx) => tx.accounts.setPassword(officer, reset))).toBe(true);
    expect((await login(t, officer, TEST_PASSWORD, { from: '10.3.3.3', device })).code).toBe('BAD_CREDENTIALS');
    expect((await login(t, officer, 'mat-khau-moi-2026', { from: '10.3.3.3' })).status).toBe(200);
  });
});

describe('without TRUST_PROXY, X-Forwarded-For is ignored', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('failures sent with made-up forwarded addresses still count against the real address', async () => {
    await failTimes(t, SIGN_IN_LIMITS.perAddress, (i) => `gia-mao-${i}`, '198.18.0.1');
    const res = await login(t, 'canbo1.ninh-kieu', TEST_PASSWORD, { from: '198.18.9.9' });
    expect(res).toMatchObject({ status: 429, code: 'SIGN_IN_LOCKED' });
  });
});

describe('a flood of sign-ins with unknown names', () => {
  let t: TestServer;
  beforeAll(async () => {
    // Costly hashes, as in production, so the flood really competes for them.
    t = await startTestServer({ config: { trustProxy: ['loopback'] }, passwordCost: { N: 2 ** 14, r: 8, p: 1 } });
  });
  afterAll(() => t.close());

  it('does not keep a real officer from signing in, from another address or from a known device', async () => {
    const officer = 'canbo1.ninh-kieu';
    const device = (await login(t, officer, TEST_PASSWORD, { from: '10.9.9.9' })).device!;
    const flood = Array.from({ length: 80 }, (_, i) => login(t, `khach-la-${i}`, 'doan-mo', { from: '203.0.113.66' }));
    await new Promise((resolve) => setTimeout(resolve, 200)); // the flood is in flight
    const fromElsewhere = login(t, 'canbo2.ninh-kieu', TEST_PASSWORD, { from: '10.8.8.8' });
    const fromFloodAddress = login(t, officer, TEST_PASSWORD, { from: '203.0.113.66', device });
    expect((await fromElsewhere).status).toBe(200);
    expect((await fromFloodAddress).status).toBe(200);
    const answers = await Promise.all(flood);
    // Every flooding request is refused, quickly or after its hash; none is an error of the server.
    for (const a of answers)
      expect(['BAD_CREDENTIALS', 'RATE_LIMITED', 'SIGN_IN_LOCKED', 'SIGN_IN_BUSY']).toContain(a.code);
    // Beyond what one address may queue, refused at once.
    const excess = answers.filter((a) => a.code === 'RATE_LIMITED');
    expect(excess.length).toBeGreaterThan(0);
    expect(excess.every((a) => a.retryAfter === '1')).toBe(true);
  }, 60_000);

  it("24 unknown names at once from the officer's own address: the officer, waiting their turn, still signs in", async () => {
    const flood = Array.from({ length: 24 }, (_, i) => login(t, `nguoi-la-${i}`, 'doan-mo', { from: '10.7.7.7' }));
    const officer = login(t, 'canbo3.ninh-kieu', TEST_PASSWORD, { from: '10.7.7.7' });
    expect((await officer).status).toBe(200);
    for (const a of await Promise.all(flood)) expect(a.code).toBe('BAD_CREDENTIALS');
    // After the flood, from the same address too (24 failures stay under the address's bound of 30).
    expect((await login(t, 'canbo1.ninh-kieu', TEST_PASSWORD, { from: '10.7.7.7' })).status).toBe(200);
  }, 60_000);
});

describe.skipIf(!redis)('two instances share the counts through Redis', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    const channel = freshChannel();
    a = await startTestServer({ config: { redisUrl: redis!, redisChannel: channel } });
    b = await startTestServer({ config: { redisUrl: redis!, redisChannel: channel } });
    // Instances share one database in production: here each has its own, so give the victim one password hash.
    const hash = await hashPassword(TEST_PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
    for (const t of [a, b])
      await t.server.queue.store.transaction((tx) => tx.accounts.setPassword('canbo2.cai-rang', hash));
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('failures on one instance lock the username on the other', async () => {
    const victim = 'canbo2.cai-rang';
    await failTimes(a, 3, () => victim);
    await failTimes(b, 2, () => victim);
    expect((await login(a, victim, TEST_PASSWORD)).code).toBe('SIGN_IN_LOCKED');
    expect((await login(b, victim, TEST_PASSWORD)).code).toBe('SIGN_IN_LOCKED');
  });
});

describe('known devices on the injected clock', () => {
  let t: TestServer;
  let now = Date.parse('2026-03-10T00:05:00+07:00');
  beforeAll(async () => {
    t = await startTestServer({ clock: () => new Date(now) });
  });
  afterAll(() => t.close());

  it('a known-device cookie is an escape for 30 days of the server clock', async () => {
    const officer = 'canbo1.ninh-kieu';
    const device = (await login(t, officer, TEST_PASSWORD)).device!;
    now += 29 * 86_400_000;
    await failTimes(t, 5, () => officer);
    expect((await login(t, officer, TEST_PASSWORD, { device })).status).toBe(200);
    // The escape above set a fresh cookie; the old one, 31 days old, no longer counts. (The lock itself is still
    // on: rate-limit windows run on the wall clock.)
    now += 2 * 86_400_000;
    expect((await login(t, officer, TEST_PASSWORD, { device })).code).toBe('SIGN_IN_LOCKED');
  });
});
