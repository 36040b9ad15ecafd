// The browser's way in, through Closer itself: /auth/login sends the browser to the OpenID
// provider's login page, the provider sends it back to /auth/callback, and Closer answers with its
// own session cookie (httpOnly, SameSite=Lax, not Secure on http://127.0.0.1). Writes with the cookie
// need the CSRF token /auth/me gives; a wrong password never yields a session; sessions live in
// PostgreSQL, so they outlast the API process that made them.
import { randomUUID } from 'node:crypto';
import { CookieJar, headlessLogin, LoginRefusedError } from '../../libs/oidc/headless-login';
import { DEMO_IDS, DEMO_PASSWORD } from '../../libs/organisation/demo-organisation';
import { type ApiAnswer, send } from '../support/auth';
import { startApi } from '../support/processes';
import { useSignedInApi } from '../support/workflow-harness';

const SESSION_COOKIE = 'closer.sid';
const UI_ORIGIN = 'http://localhost:8233';

const h = useSignedInApi('browser-login', [], { worker: false, api: { CODEC_CORS_ORIGINS: UI_ORIGIN } });

const provider = () => {
  const issuer = process.env.OIDC_ISSUER;
  if (!issuer) throw new Error('run through `npm test -- tests/api/browser-login.spec`: it starts the OpenID provider');
  return issuer;
};

/** A cookie jar that also keeps every Set-Cookie line it was given, to read the cookies' attributes. */
class RecordingJar extends CookieJar {
  readonly lines: { url: URL; line: string }[] = [];

  override store(url: string | URL, headers: Headers): void {
    for (const line of headers.getSetCookie()) this.lines.push({ url: new URL(url), line });
    super.store(url, headers);
  }

  /** The session cookies Closer set, in order, with the path of the response that set each. */
  sessionCookies(): { path: string; value: string; attributes: string[] }[] {
    return this.lines
      .filter((l) => l.line.startsWith(`${SESSION_COOKIE}=`))
      .map((l) => {
        const [pair, ...attributes] = l.line.split(';').map((p) => p.trim());
        return { path: l.url.pathname, value: pair.slice(SESSION_COOKIE.length + 1), attributes };
      });
  }
}

/** Signs in as a browser would, starting at Closer's own login route. */
async function browserLogin(username: string, { password = DEMO_PASSWORD, returnTo = '/auth/me', at = h.api } = {}) {
  const jar = new RecordingJar();
  const result = await headlessLogin({
    url: `${at.url}/auth/login?returnTo=${encodeURIComponent(returnTo)}`,
    provider: provider(),
    username,
    password,
    jar,
  });
  return { jar, result, cookie: `${SESSION_COOKIE}=${jar.get(at.url, SESSION_COOKIE)}` };
}

/** A request as the browser sends it: the session cookie, nothing else unless given. */
function withCookie(url: string, method: string, cookie: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  return send(url, method, body, { cookie, ...headers });
}

it('signs anna in through the provider and gives her browser an httpOnly, SameSite=Lax session cookie', async () => {
  const { jar, result, cookie } = await browserLogin('anna');
  // The walk ended where returnTo pointed, signed in.
  expect(result.finalUrl.toString()).toBe(`${h.api.url}/auth/me`);
  expect(result.last.status).toBe(200);
  expect(JSON.parse(result.last.text)).toMatchObject({ userId: DEMO_IDS.anna, via: 'session' });

  const set = jar.sessionCookies();
  const signedIn = set.find((c) => c.path === '/auth/callback');
  expect(signedIn).toBeDefined();
  const attributes = signedIn!.attributes.map((a) => a.toLowerCase());
  expect(attributes).toContain('httponly');
  expect(attributes).toContain('samesite=lax');
  expect(attributes).toContain('path=/');
  expect(attributes.filter((a) => a === 'secure')).toEqual([]);
  // A new session at sign-in: the one that started the login (before anyone was known) is worth nothing.
  const started = set.find((c) => c.path === '/auth/login');
  expect(started).toBeDefined();
  expect(started!.value).not.toBe(signedIn!.value);
  const before = await withCookie(`${h.api.url}/auth/me`, 'GET', `${SESSION_COOKIE}=${started!.value}`);
  expect(before.status).toBe(401);

  const me = await withCookie(`${h.api.url}/auth/me`, 'GET', cookie);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ userId: DEMO_IDS.anna, roles: ['coordinator'], teamId: 'team-north', via: 'session' });
  expect(typeof me.body.csrfToken).toBe('string');
  expect(me.body.csrfToken.length).toBeGreaterThan(16);
});

it('sends the browser back only within Closer, whatever returnTo says', async () => {
  for (const returnTo of ['https://evil.example/phish', '//evil.example/phish', '/\\evil.example']) {
    const { result } = await browserLogin('anna', { returnTo });
    // Her home page (/app sends a coordinator to her inbox), never the other site.
    expect({ returnTo, landed: result.finalUrl.toString() }).toEqual({ returnTo, landed: `${h.api.url}/app/inbox` });
  }
});

it('takes writes with the session cookie only with the CSRF token /auth/me gives', async () => {
  const { cookie } = await browserLogin('admin');
  const me = await withCookie(`${h.api.url}/auth/me`, 'GET', cookie);
  expect(me.body).toMatchObject({ userId: DEMO_IDS.admin, via: 'session' });
  const { csrfToken } = me.body;
  const team = { id: `team-${randomUUID().slice(0, 8)}`, name: 'Team Browser' };
  const teams = async () => ((await withCookie(`${h.api.url}/admin/teams`, 'GET', cookie)).body as { id: string }[]).map((t) => t.id);

  // A write without the token (as another site's page would send it) is refused, and nothing is written.
  const forged = await withCookie(`${h.api.url}/admin/teams`, 'POST', cookie, team);
  expect(forged.status).toBe(403);
  expect(forged.body.message).toMatch(/CSRF/);
  const wrong = await withCookie(`${h.api.url}/admin/teams`, 'POST', cookie, team, { 'x-csrf-token': `${csrfToken}x` });
  expect(wrong.status).toBe(403);
  expect(await teams()).not.toContain(team.id);
  const taken = await withCookie(`${h.api.url}/admin/teams`, 'POST', cookie, team, { 'x-csrf-token': csrfToken });
  expect(taken.status).toBe(201);
  expect(await teams()).toContain(team.id);
});

it('signs out only with the CSRF token, and the session is gone on the server', async () => {
  const { cookie } = await browserLogin('anna');
  const { csrfToken } = (await withCookie(`${h.api.url}/auth/me`, 'GET', cookie)).body;
  // A sign-out another page forges is refused, and the session goes on.
  expect((await withCookie(`${h.api.url}/auth/logout`, 'POST', cookie)).status).toBe(403);
  expect((await withCookie(`${h.api.url}/auth/me`, 'GET', cookie)).status).toBe(200);
  const out = await withCookie(`${h.api.url}/auth/logout`, 'POST', cookie, undefined, { 'x-csrf-token': csrfToken });
  expect(out.status).toBe(200);
  expect(out.body).toMatchObject({ signedOut: true });
  // Not only forgotten by this browser: the same cookie sent again signs nobody in.
  const after = await withCookie(`${h.api.url}/auth/me`, 'GET', cookie);
  expect(after.status).toBe(401);
});

it('gives no session for a wrong password', async () => {
  const jar = new RecordingJar();
  await expect(
    headlessLogin({
      url: `${h.api.url}/auth/login?returnTo=/auth/me`,
      provider: provider(),
      username: 'peter',
      password: 'not-the-password',
      jar,
    }),
  ).rejects.toBeInstanceOf(LoginRefusedError);
  // Closer never got the browser back, and the cookie of the started login signs nobody in.
  expect(jar.sessionCookies().map((c) => c.path)).toEqual(['/auth/login']);
  const me = await withCookie(`${h.api.url}/auth/me`, 'GET', `${SESSION_COOKIE}=${jar.get(h.api.url, SESSION_COOKIE)}`);
  expect(me.status).toBe(401);
});

it("lets Temporal UI decode with the admin's session, from its own origin only", async () => {
  const { cookie } = await browserLogin('admin');
  const headers = { origin: UI_ORIGIN, 'x-namespace': 'default' };
  // Temporal UI sends the cookie ("include cross-origin credentials") but knows nothing of Closer's CSRF token.
  const decoded = await withCookie(`${h.api.url}/codec/decode`, 'POST', cookie, { payloads: [] }, headers);
  expect({ status: decoded.status, body: decoded.body }).toEqual({ status: 200, body: { payloads: [] } });
  expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
  // From any other page, the cookie alone is not enough.
  const elsewhere = await withCookie(
    `${h.api.url}/codec/decode`,
    'POST',
    cookie,
    { payloads: [] },
    { ...headers, origin: 'http://evil.example' },
  );
  expect(elsewhere.status).toBe(403);
  const noOrigin = await withCookie(`${h.api.url}/codec/decode`, 'POST', cookie, { payloads: [] }, { 'x-namespace': 'default' });
  expect(noOrigin.status).toBe(403);
  // And a coordinator's session opens nothing there.
  const anna = await browserLogin('anna');
  expect((await withCookie(`${h.api.url}/codec/decode`, 'POST', anna.cookie, { payloads: [] }, headers)).status).toBe(403);
});

it('keeps the session when the API restarts: sessions live in PostgreSQL', async () => {
  const { cookie } = await browserLogin('anna');
  expect((await withCookie(`${h.api.url}/auth/me`, 'GET', cookie)).status).toBe(200);
  await h.api.stop();
  // Another API process on the same database and session secret (startApi passes the test env on).
  h.api = await startApi({ taskQueue: h.taskQueue, CODEC_CORS_ORIGINS: UI_ORIGIN });
  const me = await withCookie(`${h.api.url}/auth/me`, 'GET', cookie);
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ userId: DEMO_IDS.anna, via: 'session' });
});
