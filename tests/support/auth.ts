import { passwordToken } from '../../libs/oidc/headless-login';
import { DEMO_PASSWORD } from '../../libs/organisation/demo-organisation';

/**
 * Requests as a signed-in person. `signIn(apiUrl, 'anna')` gives a client whose requests carry
 * anna's bearer access token from the local OpenID provider that `npm test` runs (OIDC_ISSUER),
 * got through its login page as a script would.
 */
export interface ApiAnswer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface ApiClient {
  readonly username: string;
  get(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  put(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  delete(path: string, headers?: Record<string, string>): Promise<ApiAnswer>;
}

export async function send(url: string, method: string, body: unknown, headers: Record<string, string>): Promise<ApiAnswer> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, text, headers: res.headers };
}

export function clientWithHeaders(apiUrl: string, username: string, auth: Record<string, string>): ApiClient {
  return clientOf(
    () => apiUrl,
    username,
    async () => auth,
  );
}

/** A client whose API address and credentials are looked up as each request is sent. */
function clientOf(apiUrl: () => string, username: string, auth: () => Promise<Record<string, string>>): ApiClient {
  const at = async (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    send(`${apiUrl()}${path}`, method, body, { ...(await auth()), ...headers });
  return {
    username,
    get: (path, headers = {}) => at('GET', path, undefined, headers),
    post: (path, body, headers = {}) => at('POST', path, body ?? {}, headers),
    put: (path, body, headers = {}) => at('PUT', path, body ?? {}, headers),
    patch: (path, body, headers = {}) => at('PATCH', path, body ?? {}, headers),
    delete: (path, headers = {}) => at('DELETE', path, undefined, headers),
  };
}

// Per test file (jest loads this module once per file): one login per user, not one per request.
const tokens = new Map<string, Promise<string>>();

/** A demo user's access token (a JWT for OIDC_AUDIENCE) from the test stack's provider. */
export function tokenFor(username: string): Promise<string> {
  let token = tokens.get(username);
  if (!token) {
    const issuer = process.env.OIDC_ISSUER;
    if (!issuer) throw new Error('Signing in needs the OpenID provider that `npm test` starts: run tests through `npm test -- <pattern>`.');
    token = passwordToken({ issuer, username, password: DEMO_PASSWORD, audience: process.env.OIDC_AUDIENCE }).then((t) => t.accessToken);
    tokens.set(username, token);
    // A failed login is not remembered: the next call tries again.
    token.catch(() => tokens.delete(username));
  }
  return token;
}

export async function signIn(apiUrl: string, username: string): Promise<ApiClient> {
  const token = await tokenFor(username);
  return clientWithHeaders(apiUrl, username, { authorization: `Bearer ${token}` });
}

/**
 * `username` signed in on the API that `apiUrl()` names when a request goes: a client a test can
 * hold before its API has started (the harness's `as`), and that follows the API when it is restarted.
 */
export function signedInClient(apiUrl: () => string, username: string): ApiClient {
  return clientOf(apiUrl, username, async () => ({ authorization: `Bearer ${await tokenFor(username)}` }));
}
