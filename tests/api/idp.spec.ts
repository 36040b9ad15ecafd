// The local OpenID provider that dev and tests log in through (apps/idp): real tokens signed with
// its keys, the demo users' claims, PKCE required, logout, and password guessing slowed then stopped.
import { createHash, randomBytes } from 'node:crypto';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from 'jose';
import { CookieJar, headlessLogin, LoginRefusedError, passwordToken } from '../../libs/oidc/headless-login';
import { DEMO_IDS, DEMO_PASSWORD } from '../../libs/organisation/demo-organisation';
import { tokenFor } from '../support/auth';
import { startIdp, type RunningIdp } from '../support/idp';

const issuer = () => {
  const value = process.env.OIDC_ISSUER;
  if (!value) throw new Error('run through `npm test -- idp`: it starts the OpenID provider');
  return value;
};
const audience = () => process.env.OIDC_AUDIENCE ?? 'closer-api';
const webClientId = () => process.env.OIDC_CLIENT_ID ?? 'closer-web';
const webClientSecret = () => process.env.OIDC_CLIENT_SECRET ?? '';

async function discovery(iss: string): Promise<Record<string, any>> {
  const res = await fetch(`${iss}/.well-known/openid-configuration`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** An authorization request of Closer's web client, as its /auth/login would redirect a browser. */
function webAuthorizationUrl(
  iss: string,
  { redirectUri, challenge, state = randomBytes(8).toString('hex') }: { redirectUri: string; challenge?: string; state?: string },
) {
  const url = new URL(`${iss}/auth`);
  url.search = new URLSearchParams({
    client_id: webClientId(),
    response_type: 'code',
    scope: 'openid profile email closer',
    redirect_uri: redirectUri,
    state,
    ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}),
  }).toString();
  return url;
}

// Any loopback port: tests start Closer's API on free ports.
const callback = 'http://127.0.0.1:41234/auth/callback';

describe('local OpenID provider', () => {
  it('publishes its issuer, its public signing keys and PKCE with S256', async () => {
    const doc = await discovery(issuer());
    expect(doc.issuer).toBe(issuer());
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.response_types_supported).toEqual(['code']);
    const jwks = (await (await fetch(doc.jwks_uri)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) expect(key).not.toHaveProperty('d');
  });

  it("gives anna an access token for Closer's API, signed with its keys, naming her and her role", async () => {
    const token = await tokenFor('anna');
    const doc = await discovery(issuer());
    const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(doc.jwks_uri)), {
      issuer: issuer(),
      audience: audience(),
    });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload.aud).toBe(audience());
    expect(payload.sub).toBe(DEMO_IDS.anna);
    expect(payload.closer_roles).toEqual(['coordinator']);
    expect(payload.closer_team).toBe('team-north');
    expect(payload.closer_partner_department).toBeUndefined();
    expect(payload.exp! - payload.iat!).toBe(3600);

    const lene = decodeJwt(await tokenFor('lene'));
    expect(lene.closer_roles).toEqual(['partner']);
    expect(lene.closer_partner_department).toBe('partner-jobcenter');
    expect(lene.closer_team).toBeUndefined();
  });

  it("does not accept a token signed with anyone else's key as its own", async () => {
    const doc = await discovery(issuer());
    const token = await tokenFor('anna');
    const { kid } = decodeProtectedHeader(token);
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    // anna's own token with a role she does not have, claiming the provider's key id.
    const forged = await new SignJWT({ ...decodeJwt(token), closer_roles: ['head-of-department'] })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
      .sign(privateKey);
    await expect(
      jwtVerify(forged, createRemoteJWKSet(new URL(doc.jwks_uri)), { issuer: issuer(), audience: audience() }),
    ).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
    // The forgery itself is well made: it verifies with the forger's key.
    const forgersKeys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid }] });
    await expect(jwtVerify(forged, forgersKeys, { issuer: issuer(), audience: audience() })).resolves.toBeDefined();
  });

  it('refuses the web client without PKCE, and any redirect address it does not know', async () => {
    const withoutPkce = await fetch(webAuthorizationUrl(issuer(), { redirectUri: callback, state: 's1' }), { redirect: 'manual' });
    expect(withoutPkce.status).toBe(303);
    const back = new URL(withoutPkce.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(callback);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
    expect(back.searchParams.get('code')).toBeNull();

    const { challenge } = pkce();
    const elsewhere = await fetch(webAuthorizationUrl(issuer(), { redirectUri: 'http://attacker.example/auth/callback', challenge }), {
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.headers.get('location')).toBeNull();

    // With PKCE and a loopback callback the same request goes on to the login page.
    const withPkce = await fetch(webAuthorizationUrl(issuer(), { redirectUri: callback, challenge }), { redirect: 'manual' });
    expect(withPkce.status).toBe(303);
    expect(withPkce.headers.get('location')).toMatch(/^\/interaction\//);
  });

  it("lets Closer's web client log sofie in, exchange the code only with its secret and verifier, and log her out", async () => {
    const { verifier, challenge } = pkce();
    const jar = new CookieJar();
    const login = await headlessLogin({
      url: webAuthorizationUrl(issuer(), { redirectUri: callback, challenge, state: 'st-1' }),
      username: 'sofie',
      password: DEMO_PASSWORD,
      jar,
    });
    const back = login.callbackUrl!;
    expect(back.origin + back.pathname).toBe(callback);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('iss')).toBe(issuer());
    const code = back.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const doc = await discovery(issuer());
    const exchange = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(doc.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: callback, ...body }),
      });
    const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`${webClientId()}:${secret}`).toString('base64')}` });

    expect((await exchange({ code_verifier: verifier }, basic('not-the-secret'))).status).toBe(401);
    expect((await exchange({ code_verifier: pkce().verifier }, basic(webClientSecret()))).status).toBe(400);
    // A code that was tried with a wrong verifier is spent: start again, the right way.
    const again = pkce();
    const second = await headlessLogin({
      url: webAuthorizationUrl(issuer(), { redirectUri: callback, challenge: again.challenge }),
      username: 'sofie',
      password: DEMO_PASSWORD,
      jar,
    });
    const res = await fetch(doc.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic(webClientSecret()) },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: second.callbackUrl!.searchParams.get('code')!,
        redirect_uri: callback,
        code_verifier: again.verifier,
      }),
    });
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; id_token: string };
    const idToken = decodeJwt(tokens.id_token);
    expect(idToken).toMatchObject({
      sub: DEMO_IDS.supervisorNorth,
      aud: webClientId(),
      name: 'Sofie Lund',
      preferred_username: 'sofie',
      closer_roles: ['supervisor'],
      closer_team: 'team-north',
    });
    expect(decodeJwt(tokens.access_token).aud).toBe(audience());

    // RP-initiated logout: the confirmation form, then back to the registered address.
    const afterLogout = 'http://127.0.0.1:41234/';
    const endSession = new URL(doc.end_session_endpoint);
    endSession.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: afterLogout,
      client_id: webClientId(),
    }).toString();
    const confirm = await fetch(endSession, { redirect: 'manual', headers: { cookie: jar.header(issuer())! } });
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page)![1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)![1];
    const logout = await fetch(new URL(action, issuer()), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(issuer())! },
      body: new URLSearchParams({ xsrf, logout: 'yes' }),
    });
    jar.store(issuer(), logout.headers);
    expect(logout.status).toBe(303);
    expect(logout.headers.get('location')).toBe(afterLogout);

    // Signed out at the provider: the next login asks for the password again.
    const next = await fetch(webAuthorizationUrl(issuer(), { redirectUri: callback, challenge: pkce().challenge }), {
      redirect: 'manual',
      headers: { cookie: jar.header(issuer()) ?? '' },
    });
    jar.store(issuer(), next.headers);
    const loginPage = await fetch(new URL(next.headers.get('location')!, issuer()), { headers: { cookie: jar.header(issuer()) ?? '' } });
    expect(loginPage.status).toBe(200);
    expect(await loginPage.text()).toContain('type="password"');
  });

  describe('failed logins (on a provider of this test alone)', () => {
    let idp: RunningIdp;
    beforeAll(async () => {
      // A shorter cap than the default 8 s keeps the test short; the doubling is the same.
      idp = await startIdp({ IDP_LOGIN_MAX_DELAY_MS: '2000' });
    });
    afterAll(async () => {
      await idp?.stop();
    });

    const attempt = async (username: string, password: string): Promise<{ ms: number; status: number }> => {
      const { challenge } = pkce();
      const url = new URL(`${idp.issuer}/auth`);
      url.search = new URLSearchParams({
        client_id: 'closer-cli',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: 'http://127.0.0.1/callback',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).toString();
      const started = Date.now();
      try {
        await headlessLogin({ url, username, password });
        return { ms: Date.now() - started, status: 200 };
      } catch (err) {
        if (!(err instanceof LoginRefusedError)) throw err;
        return { ms: Date.now() - started, status: err.status };
      }
    };

    it('refuses a wrong password and an unknown user with the login form again', async () => {
      await expect(passwordToken({ issuer: idp.issuer, username: 'mikkel', password: 'wrong' })).rejects.toMatchObject({
        name: 'LoginRefusedError',
        status: 401,
        message: expect.stringContaining('Wrong username or password'),
      });
      await expect(passwordToken({ issuer: idp.issuer, username: 'nobody', password: DEMO_PASSWORD })).rejects.toMatchObject({
        status: 401,
      });
      const { accessToken } = await passwordToken({ issuer: idp.issuer, username: 'mikkel', password: DEMO_PASSWORD });
      expect(decodeJwt(accessToken).sub).toBe(DEMO_IDS.mikkel);
    });

    it('answers later and later after the third failure, then refuses the username altogether', async () => {
      const first = [await attempt('omar', 'guess-1'), await attempt('omar', 'guess-2'), await attempt('omar', 'guess-3')];
      expect(first.map((a) => a.status)).toEqual([401, 401, 401]);
      const fourth = await attempt('omar', 'guess-4');
      const fifth = await attempt('omar', 'guess-5');
      expect([fourth.status, fifth.status]).toEqual([401, 401]);
      // Held back 500 ms, then 1 s, before answering: lower bounds, which load only makes longer.
      expect(fourth.ms).toBeGreaterThanOrEqual(480);
      expect(fourth.ms - Math.min(...first.map((a) => a.ms))).toBeGreaterThanOrEqual(300);
      expect(fifth.ms).toBeGreaterThanOrEqual(980);

      for (let i = 6; i <= 10; i++) expect((await attempt('omar', `guess-${i}`)).status).toBe(401);
      // Ten failures in 15 minutes: the username is locked, even for the right password.
      expect((await attempt('omar', 'guess-11')).status).toBe(429);
      expect((await attempt('omar', DEMO_PASSWORD)).status).toBe(429);
      // Other people still log in.
      expect((await attempt('freja', DEMO_PASSWORD)).status).toBe(200);
    });
  });
});
