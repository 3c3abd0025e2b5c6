// Role and center boundaries over real HTTP and Socket.IO: every refusal is a 401/403 and changes nothing.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '@luot/contract';
import { newKey, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.ts';

const NK = 'ninh-kieu';
const CR = 'cai-rang';
const officer1 = `canbo1.${NK}`;
const officer2 = `canbo2.${NK}`;
const manager = `quanly.${NK}`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const seqOf = async (centerId: string) =>
  (await t.requestAs(null, 'GET', `/api/centers/${centerId}/snapshot`)).body.seq as number;
// A ticket for the tests, issued by the province administrator at the desk (kiosks need their credential).
const issue = (centerId: string, areaId: string) =>
  t.request('POST', `/api/centers/${centerId}/tickets`, { areaId }, { 'idempotency-key': newKey() });
const login = (username: string, password: string, headers: Record<string, string> = { [CSRF_HEADER]: '1' }) =>
  fetch(`${t.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

/** Runs a request that must be refused, and checks the center's log did not move. */
async function refused(
  centerId: string,
  run: () => Promise<{ status: number; body: any }>,
  status: number,
  code: string,
) {
  const before = await seqOf(centerId);
  const res = await run();
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.code).toBe(code);
  expect(await seqOf(centerId)).toBe(before);
}

describe('sign-in', () => {
  it('sets an HTTP-only, SameSite=Strict session cookie and keeps only a password hash', async () => {
    const res = await login(officer1, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      user: { username: officer1, role: 'officer', centerId: NK },
      centers: [{ id: NK }],
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const row = await t
      .db()
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', officer1)
      .executeTakeFirstOrThrow();
    const session = await t.db().selectFrom('sessions').select('token_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(row.password_hash).not.toContain(TEST_PASSWORD);
    expect(cookie).not.toContain(session.token_hash);
  });

  it('refuses a wrong password and an unknown user alike, then throttles', async () => {
    const victim = `canbo3.${CR}`;
    const wrong = await login(victim, 'not-the-password');
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).code).toBe('BAD_CREDENTIALS');
    const unknown = await login('nobody', 'whatever');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).code).toBe('BAD_CREDENTIALS');
    for (let i = 0; i < 4; i++) await login(victim, 'not-the-password');
    const blocked = await login(victim, TEST_PASSWORD);
    expect(blocked.status).toBe(429);
  });

  it('needs the CSRF header to sign in', async () => {
    const res = await login(officer1, TEST_PASSWORD, {});
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe('CSRF');
  });

  it('ends the session at sign-out', async () => {
    const res = await login(manager, TEST_PASSWORD);
    const cookie = res.headers.getSetCookie()[0].split(';')[0];
    const me = () => fetch(`${t.url}/api/auth/me`, { headers: { cookie } });
    expect((await me()).status).toBe(200);
    const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers: { cookie, [CSRF_HEADER]: '1' } });
    expect(out.status).toBe(204);
    expect((await me()).status).toBe(401);
  });
});

describe('set-password', () => {
  it('sets a new password from the command line and ends the old sessions', async () => {
    const user = `canbo3.${NK}`;
    const cookie = await t.cookieOf(user);
    // Asynchronously: the server runs in this process and must keep answering (and committing) meanwhile.
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/src/auth/set-password.ts', user], {
      env: { ...process.env, DATABASE_URL: t.databaseUrl, NEW_PASSWORD: 'a-new-password' },
    });
    expect((await fetch(`${t.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect((await login(user, TEST_PASSWORD)).status).toBe(401);
    expect((await login(user, 'a-new-password')).status).toBe(200);
  }, 90_000);
});

describe('without a session', () => {
  it('keeps the public routes open: snapshot, events, health (issuance needs an enrolled kiosk or staff)', async () => {
    const anonymous = await t.requestAs(
      null,
      'POST',
      `/api/centers/${NK}/tickets`,
      { areaId: 'ht' },
      { 'idempotency-key': newKey() },
    );
    expect(anonymous.status).toBe(401);
    expect((await t.requestAs(null, 'GET', `/api/centers/${NK}/snapshot`)).status).toBe(200);
    expect((await t.requestAs(null, 'GET', `/api/centers/${NK}/events?after=0`)).status).toBe(200);
    expect((await t.requestAs(null, 'GET', '/api/health')).status).toBe(200);
  });

  it('refuses every staff route with 401', async () => {
    const { body: issued } = await issue(NK, 'ht');
    const routes: [string, string, unknown?][] = [
      ['POST', `/api/centers/${NK}/counters/1/call-next`],
      ['POST', `/api/centers/${NK}/counters/1/open`],
      ['POST', `/api/centers/${NK}/counters/1/close`],
      ['POST', `/api/centers/${NK}/counters/1/pause`, { reason: 'Đi họp' }],
      ['PUT', `/api/centers/${NK}/counters/1/areas`, { areaIds: ['ht'] }],
      ['POST', `/api/centers/${NK}/areas/ht/close-today`],
      ['POST', `/api/tickets/${issued.ticket.id}/cancel`],
      ['POST', `/api/centers/${NK}/counters/1/ratings`, { ticketId: issued.ticket.id, score: 'satisfied' }],
    ];
    for (const [method, path, body] of routes)
      await refused(NK, () => t.requestAs(null, method, path, body), 401, 'UNAUTHENTICATED');
    for (const path of [
      `/api/tickets/${issued.ticket.id}`,
      `/api/centers/${NK}/board`,
      `/api/centers/${NK}/reports?from=2026-01-01&to=2026-01-31&by=day`,
      '/api/auth/me',
    ]) {
      expect((await t.requestAs(null, 'GET', path)).status).toBe(401);
    }
  });
});

describe('an officer', () => {
  it('picks a counter in their name, acts only there, and is written in the audit log', async () => {
    const open = await t.requestAs(officer1, 'POST', `/api/centers/${NK}/counters/1/open`);
    expect(open.status, JSON.stringify(open.body)).toBe(200);
    expect(open.body).toMatchObject({ state: 'open', officer: officer1 });
    // One counter per officer at a time.
    await refused(
      NK,
      () => t.requestAs(officer1, 'POST', `/api/centers/${NK}/counters/2/open`),
      409,
      'OFFICER_AT_OTHER_COUNTER',
    );
    // One officer per counter: another officer cannot take it, nor act at it.
    await refused(
      NK,
      () => t.requestAs(officer2, 'POST', `/api/centers/${NK}/counters/1/open`),
      403,
      'NOT_YOUR_COUNTER',
    );
    for (const action of ['call-next', 'recall', 'start', 'complete', 'no-show', 'close', 'resume']) {
      await refused(
        NK,
        () => t.requestAs(officer2, 'POST', `/api/centers/${NK}/counters/1/${action}`),
        403,
        'NOT_YOUR_COUNTER',
      );
    }
    await refused(
      NK,
      () => t.requestAs(officer2, 'POST', `/api/centers/${NK}/counters/1/pause`, { reason: 'Đi họp' }),
      403,
      'NOT_YOUR_COUNTER',
    );

    await issue(NK, 'ht');
    const called = await t.requestAs(officer1, 'POST', `/api/centers/${NK}/counters/1/call-next`);
    expect(called.status).toBe(200);
    const history = await t.requestAs(officer1, 'GET', `/api/tickets/${called.body.id}`);
    expect(history.body.history.at(-1)).toMatchObject({
      type: 'ticket:called',
      actor: `officer:${officer1}`,
      counterId: '1',
    });
    // Leaving frees the counter for someone else.
    expect((await t.requestAs(officer1, 'POST', `/api/centers/${NK}/counters/1/no-show`)).status).toBe(200);
    expect((await t.requestAs(officer1, 'POST', `/api/centers/${NK}/counters/1/close`)).body).toMatchObject({
      state: 'closed',
      officer: null,
    });
    expect((await t.requestAs(officer2, 'POST', `/api/centers/${NK}/counters/1/open`)).body).toMatchObject({
      officer: officer2,
    });
  });

  it('cannot call, see or change anything of another center', async () => {
    const { body: there } = await issue(CR, 'ht');
    await refused(CR, () => t.requestAs(officer1, 'POST', `/api/centers/${CR}/counters/1/open`), 403, 'WRONG_CENTER');
    await refused(
      CR,
      () => t.requestAs(officer1, 'POST', `/api/centers/${CR}/counters/1/call-next`),
      403,
      'WRONG_CENTER',
    );
    await refused(
      CR,
      () => t.requestAs(officer1, 'POST', `/api/tickets/${there.ticket.id}/cancel`),
      403,
      'WRONG_CENTER',
    );
    expect((await t.requestAs(officer1, 'GET', `/api/tickets/${there.ticket.id}`)).status).toBe(403);
  });

  it("has no manager's powers", async () => {
    await refused(
      NK,
      () => t.requestAs(officer2, 'PUT', `/api/centers/${NK}/counters/2/areas`, { areaIds: ['ct'] }),
      403,
      'FORBIDDEN',
    );
    await refused(NK, () => t.requestAs(officer2, 'POST', `/api/centers/${NK}/areas/ct/close-today`), 403, 'FORBIDDEN');
    expect((await t.requestAs(officer2, 'GET', `/api/centers/${NK}/board`)).body.code).toBe('FORBIDDEN');
    expect(
      (await t.requestAs(officer2, 'GET', `/api/centers/${NK}/reports.csv?from=2026-01-01&to=2026-01-02&by=day`))
        .status,
    ).toBe(403);
  });
});

describe('a manager', () => {
  it('runs their own center and nothing of another', async () => {
    const reassigned = await t.requestAs(manager, 'PUT', `/api/centers/${NK}/counters/3/areas`, {
      areaIds: ['ct', 'ht'],
    });
    expect(reassigned.body).toMatchObject({ areaIds: ['ct', 'ht'] });
    expect((await t.requestAs(manager, 'GET', `/api/centers/${NK}/board`)).status).toBe(200);
    await refused(
      CR,
      () => t.requestAs(manager, 'PUT', `/api/centers/${CR}/counters/3/areas`, { areaIds: ['dd'] }),
      403,
      'WRONG_CENTER',
    );
    await refused(
      CR,
      () => t.requestAs(manager, 'POST', `/api/centers/${CR}/areas/ht/close-today`),
      403,
      'WRONG_CENTER',
    );
    expect((await t.requestAs(manager, 'GET', `/api/centers/${CR}/board`)).body.code).toBe('WRONG_CENTER');
  });

  it('opens a counter only for an officer of the center', async () => {
    expect((await t.requestAs(manager, 'POST', `/api/centers/${NK}/counters/6/close`)).status).toBe(200);
    await refused(
      NK,
      () => t.requestAs(manager, 'POST', `/api/centers/${NK}/counters/6/open`, { officer: `canbo1.${CR}` }),
      422,
      'NOT_AN_OFFICER',
    );
    expect(
      (await t.requestAs(manager, 'POST', `/api/centers/${NK}/counters/6/open`, { officer: `canbo3.${NK}` })).body,
    ).toMatchObject({ officer: `canbo3.${NK}` });
  });
});

describe('CSRF', () => {
  it('refuses a state change without the header, or from another origin, and changes nothing', async () => {
    const cookie = await t.cookieOf(manager);
    const post = (headers: Record<string, string>) => async () => {
      const res = await fetch(`${t.url}/api/centers/${NK}/areas/dd/close-today`, {
        method: 'POST',
        headers: { cookie, ...headers },
      });
      return { status: res.status, body: await res.json() };
    };
    await refused(NK, post({}), 403, 'CSRF');
    await refused(NK, post({ [CSRF_HEADER]: '1', origin: 'https://evil.example' }), 403, 'CSRF');
    const ok = await post({ [CSRF_HEADER]: '1', origin: t.url })();
    expect(ok.status).toBe(200);
  });
});

describe('Socket.IO', () => {
  const subscribeReply = (socket: Awaited<ReturnType<TestServer['socketAs']>>, centerId: string) =>
    new Promise<{ ok: boolean; code?: string }>((resolve) => socket.emit('subscribe', { centerId }, resolve));

  it('lets displays follow any center without a session, and staff only their own', async () => {
    expect((await subscribeReply(t.socket(), CR)).ok).toBe(true);
    const staff = await t.socketAs(officer1);
    expect((await subscribeReply(staff, NK)).ok).toBe(true);
    expect(await subscribeReply(staff, CR)).toMatchObject({ ok: false, code: 'WRONG_CENTER' });
  });
});

describe('picking counters at the same instant', () => {
  const TP = 'tphcc-can-tho';
  it('gives an officer pressing two counters at once only one of them', async () => {
    const replies = await Promise.all(
      ['4', '5'].map((c) => t.requestAs('canbo1.tphcc-can-tho', 'POST', `/api/centers/${TP}/counters/${c}/open`)),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(replies.find((r) => r.status === 409)!.body.code).toBe('OFFICER_AT_OTHER_COUNTER');
    const held = (await t.request('GET', `/api/centers/${TP}/counters`)).body.filter(
      (c: { officer: unknown }) => c.officer !== null,
    );
    expect(held).toHaveLength(1);
  });

  it('gives a counter two officers press at once to one of them', async () => {
    const [a, b] = await Promise.all(
      ['canbo2.tphcc-can-tho', 'canbo3.tphcc-can-tho'].map((u) =>
        t.requestAs(u, 'POST', `/api/centers/${TP}/counters/3/open`),
      ),
    );
    expect([a.status, b.status].sort()).toEqual([200, 403]);
    const winner = a.status === 200 ? a.body.officer : b.body.officer;
    const counter = (await t.request('GET', `/api/centers/${TP}/counters`)).body.find(
      (c: { id: string }) => c.id === '3',
    );
    expect(counter.officer).toBe(winner);
  });
});
