// Bearer tokens Closer must not take: expired, forged, from another issuer or for another API, with
// no signature at all (401, with WWW-Authenticate: Bearer); and valid tokens for people Closer does
// not know or an admin has deactivated (403). The test stack hands jest the local provider's private
// signing key (IDP_JWKS), so tokens can be made exactly as the provider makes them, then spoiled in
// one way each.
import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { type ApiAnswer, send } from '../support/auth';
import {
  oidcAudience as audience,
  oidcIssuer as issuer,
  providerSigningKey,
  providerStyleToken,
  type SigningKey,
  type TokenOptions,
} from '../support/tokens';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('tokens', ['admin'], { worker: false });
const { admin } = h.as;
let signing: Awaited<ReturnType<typeof providerSigningKey>>;
let kid: string;

beforeAll(async () => {
  signing = await providerSigningKey();
  kid = signing.kid;
});

/** A token made as the provider makes them, changed as `o` says; signed with `key` when one is given. */
const token = ({ key, ...o }: TokenOptions & { key?: SigningKey } = {}) => providerStyleToken(key ? { key, kid } : signing, o);

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function me(authorization: string): Promise<ApiAnswer> {
  return send(`${h.api.url}/auth/me`, 'GET', undefined, { authorization });
}

/**
 * A coordinator's request that needs no case: where a report went. Refused tokens are tried here
 * rather than on /auth/me, where failed requests from one address are slowed down (login throttling).
 */
function work(authorization: string): Promise<ApiAnswer> {
  return send(`${h.api.url}/reports/${randomUUID()}`, 'GET', undefined, { authorization });
}

/** A refusal for the token itself: 401, telling the client to come back with a bearer token. */
function expectUnauthorized(res: ApiAnswer, what: string) {
  expect({ what, status: res.status, challenge: res.headers.get('www-authenticate')?.startsWith('Bearer') }).toEqual({
    what,
    status: 401,
    challenge: true,
  });
  expect(res.body).not.toHaveProperty('userId');
}

it("takes a token made as the provider makes them: anna's, on /auth/me and on her work", async () => {
  const res = await me(`Bearer ${await token()}`);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ userId: DEMO_IDS.anna, roles: ['coordinator'], teamId: 'team-north', via: 'bearer' });
  // Bearer requests carry no session, so no CSRF token either.
  expect(res.body).not.toHaveProperty('csrfToken');
  expect((await work(`Bearer ${await token()}`)).status).toBe(200);
});

it('refuses expired, wrong-issuer, wrong-audience and forged tokens with 401', async () => {
  const now = Math.floor(Date.now() / 1000);
  expectUnauthorized(await work(`Bearer ${await token({ exp: now - 60 })}`), 'expired a minute ago');
  expectUnauthorized(await work(`Bearer ${await token({ iss: 'http://localhost:1/' })}`), 'another issuer');
  expectUnauthorized(await work(`Bearer ${await token({ iss: `${issuer()}/other` })}`), 'an issuer that only begins like ours');
  expectUnauthorized(await work(`Bearer ${await token({ aud: 'some-other-api' })}`), 'another audience');
  // Signed with a key of the forger's own that claims the provider's kid.
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  expectUnauthorized(await work(`Bearer ${await token({ key: privateKey })}`), 'forged with another key and the same kid');
  // A head of department's powers written into a token of anna's do not count either.
  const real = await token({ claims: { closer_roles: ['head-of-department'] } });
  const [header, , signature] = real.split('.');
  const raised = `${header}.${b64({ iss: issuer(), aud: audience(), sub: DEMO_IDS.head, exp: now + 300 })}.${signature}`;
  expectUnauthorized(await work(`Bearer ${raised}`), "another payload under a real token's signature");
});

it('refuses tokens without a real signature, and anything that is no token, with 401', async () => {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer(), aud: audience(), sub: DEMO_IDS.anna, iat: now, exp: now + 300 };
  const unsigned = `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${b64(claims)}.`;
  expectUnauthorized(await work(`Bearer ${unsigned}`), 'alg none');
  // The RSA public key used as an HMAC secret (the algorithm confusion attack).
  const hmac = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' })
    .sign(new TextEncoder().encode(JSON.stringify(signing.publicJwk)));
  expectUnauthorized(await work(`Bearer ${hmac}`), 'HS256 with the public key');
  for (const garbage of [
    'Bearer x',
    'Bearer a.b.c',
    `Bearer ${'A'.repeat(9000)}`,
    'Basic YWRtaW46YWRtaW4=',
    'Bearer',
    `Bearer ${await token()} extra`,
  ]) {
    expectUnauthorized(await work(garbage), garbage.slice(0, 30));
  }
  // No token at all is 401 too, on /auth/me as anywhere; a public route does not care.
  expectUnauthorized(await send(`${h.api.url}/auth/me`, 'GET', undefined, {}), 'no token');
  expectUnauthorized(await me(`Bearer ${await token({ exp: now - 60 })}`), 'expired, on /auth/me');
  expect((await send(`${h.api.url}/health`, 'GET', undefined, { authorization: 'Bearer x' })).status).toBe(200);
});

it('answers a valid token for someone Closer does not know with 403', async () => {
  const res = await me(`Bearer ${await token({ sub: randomUUID() })}`);
  expect(res.status).toBe(403);
  expect(res.body.message).toMatch(/not registered/);
  // The same on case data: a stranger learns nothing, not even whether a case exists.
  const other = await send(`${h.api.url}/cases/${randomUUID()}`, 'GET', undefined, {
    authorization: `Bearer ${await token({ sub: 'nobody' })}`,
  });
  expect(other.status).toBe(403);
});

it('refuses a user an admin deactivated with 403 at once, though their token has not expired', async () => {
  const tag = randomUUID().slice(0, 8);
  const created = await admin.post('/admin/users', {
    username: `tokens-${tag}`,
    displayName: `Token ${tag}`,
    email: `tokens-${tag}@closer.test`,
    roles: ['coordinator'],
    teamId: 'team-south',
  });
  expect(created.status).toBe(201);
  const user = created.body as { id: string; subject: string };
  const bearer = `Bearer ${await token({ sub: user.subject })}`;
  const before = await me(bearer);
  expect(before.status).toBe(200);
  expect(before.body).toMatchObject({ userId: user.id, roles: ['coordinator'], teamId: 'team-south' });

  expect((await admin.patch(`/admin/users/${user.id}`, { active: false })).status).toBe(200);
  const after = await me(bearer);
  expect(after.status).toBe(403);
  expect(after.body.message).toMatch(/deactivated/);
  expect((await work(bearer)).status).toBe(403);

  // Active again, the same token works again: the users table decides, on every request.
  expect((await admin.patch(`/admin/users/${user.id}`, { active: true })).status).toBe(200);
  expect((await me(bearer)).status).toBe(200);
});
