import * as client from 'openid-client';
import { resourceIndicatorFor } from './resource-indicator';

/**
 * Logging in without a browser, through the provider's real login page: for tests and scripts.
 * It walks the redirects a browser would (fetch with redirect: 'manual' and a cookie jar), fills in
 * the login form it finds, and stops where the provider sends the browser back to the client.
 */

/** Cookies per origin, as a browser keeps them for these flows (paths and expiry dates ignored). */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  /** Keeps the cookies a response sets; one set with an expiry in the past or Max-Age=0 is removed. */
  store(url: string | URL, headers: Headers): void {
    const origin = new URL(url).origin;
    for (const line of headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const removed = attributes.some((a) => {
        const [key, v = ''] = a.split('=').map((s) => s.trim());
        if (/^max-age$/i.test(key)) return Number(v) <= 0;
        if (/^expires$/i.test(key)) return Date.parse(v) <= Date.now();
        return false;
      });
      const jar = this.byOrigin.get(origin) ?? new Map<string, string>();
      this.byOrigin.set(origin, jar);
      if (removed) jar.delete(name);
      else jar.set(name, value);
    }
  }

  /** The `cookie` request header for a URL, or undefined when the jar has nothing for its origin. */
  header(url: string | URL): string | undefined {
    const jar = this.byOrigin.get(new URL(url).origin);
    if (!jar?.size) return undefined;
    return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(origin: string, name: string): string | undefined {
    return this.byOrigin.get(new URL(origin).origin)?.get(name);
  }

  /** All cookies of an origin, e.g. a client's session cookie after its callback was followed. */
  cookies(origin: string): Record<string, string> {
    return Object.fromEntries(this.byOrigin.get(new URL(origin).origin) ?? []);
  }
}

/** The provider refused the credentials (401), or locked the username after too many failures (429). */
export class LoginRefusedError extends Error {
  constructor(
    readonly status: number,
    readonly page: string,
  ) {
    super(`the provider refused the login with HTTP ${status}${pageMessage(page) ? `: ${pageMessage(page)}` : ''}`);
    this.name = 'LoginRefusedError';
  }
}

export interface HeadlessLoginOptions {
  /**
   * Where a browser would start: the provider's authorization URL, or a client's own login route
   * that redirects there (then give `provider` too).
   */
  url: string | URL;
  username: string;
  password: string;
  /** The provider's issuer or origin; default: the origin of `url`. Redirects into it are followed. */
  provider?: string;
  /**
   * More origins to follow redirects into, e.g. the client's own, to let its callback run and set
   * its session cookie in the jar. The origin of `url` is always followed.
   */
  follow?: string[];
  jar?: CookieJar;
  /** Redirects and pages in all; a loop ends in an error instead of running forever. */
  maxSteps?: number;
}

export interface HeadlessLoginResult {
  /**
   * Where the provider sent the browser back to the client: its redirect URI with `code`, `state`
   * and `iss` (or `error`). Undefined only if the walk ended before the provider redirected away.
   */
  callbackUrl?: URL;
  /** Where the walk stopped: a redirect into an origin not followed (not fetched), or the last page fetched. */
  finalUrl: URL;
  /** The last response fetched, its body read. */
  last: { url: URL; status: number; headers: Headers; text: string };
  jar: CookieJar;
}

/**
 * Walks a login as a browser would. Redirects are followed while they stay in the provider's
 * origin, the origin of `url`, or one of `follow`; the provider's login form (a form with a
 * password field) is filled in and posted once. A refused login throws LoginRefusedError.
 */
export async function headlessLogin(options: HeadlessLoginOptions): Promise<HeadlessLoginResult> {
  const start = new URL(options.url);
  const providerOrigin = new URL(options.provider ?? start).origin;
  const followed = new Set([providerOrigin, start.origin, ...(options.follow ?? []).map((o) => new URL(o).origin)]);
  const jar = options.jar ?? new CookieJar();
  const maxSteps = options.maxSteps ?? 30;

  let url = start;
  let request: { method: 'GET' | 'POST'; body?: URLSearchParams } = { method: 'GET' };
  let submitted = false;
  let callbackUrl: URL | undefined;

  for (let step = 0; step < maxSteps; step++) {
    const cookie = jar.header(url);
    const res = await fetch(url, {
      method: request.method,
      redirect: 'manual',
      headers: {
        accept: 'text/html,application/json',
        ...(cookie ? { cookie } : {}),
        ...(request.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: request.body,
    });
    jar.store(url, res.headers);
    const location = res.headers.get('location');

    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, url);
      if (!callbackUrl && url.origin === providerOrigin && next.origin !== providerOrigin) callbackUrl = next;
      if (!followed.has(next.origin)) {
        return { callbackUrl, finalUrl: next, last: { url, status: res.status, headers: res.headers, text: '' }, jar };
      }
      url = next;
      request = { method: 'GET' };
      continue;
    }

    const text = await res.text();
    const form = url.origin === providerOrigin ? loginForm(text, url) : undefined;
    if (submitted && (res.status === 401 || res.status === 429 || form)) throw new LoginRefusedError(res.status, text);
    if (form && !submitted) {
      const body = new URLSearchParams(form.hidden);
      body.set(form.usernameField, options.username);
      body.set(form.passwordField, options.password);
      url = form.action;
      request = { method: 'POST', body };
      submitted = true;
      continue;
    }
    return { callbackUrl, finalUrl: url, last: { url, status: res.status, headers: res.headers, text }, jar };
  }
  throw new Error(`headless login did not finish within ${maxSteps} steps (last at ${url.origin}${url.pathname})`);
}

interface LoginForm {
  action: URL;
  hidden: [string, string][];
  usernameField: string;
  passwordField: string;
}

const attr = (tag: string, name: string): string | undefined => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return m ? decodeEntities(m[1] ?? m[2]) : undefined;
};

/** The first form with a password input: enough HTML reading for the provider's own login page. */
function loginForm(html: string, base: URL): LoginForm | undefined {
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const inputs = [...m[2].matchAll(/<input\b[^>]*>/gi)].map((i) => i[0]);
    const password = inputs.find((i) => (attr(i, 'type') ?? '').toLowerCase() === 'password');
    if (!password) continue;
    const method = (attr(m[1], 'method') ?? 'get').toLowerCase();
    if (method !== 'post') continue;
    const text = inputs.find((i) => ['text', 'email', ''].includes((attr(i, 'type') ?? '').toLowerCase()) && attr(i, 'name'));
    const hidden = inputs
      .filter((i) => (attr(i, 'type') ?? '').toLowerCase() === 'hidden' && attr(i, 'name'))
      .map((i): [string, string] => [attr(i, 'name')!, attr(i, 'value') ?? '']);
    return {
      action: new URL(attr(m[1], 'action') ?? base.href, base),
      hidden,
      usernameField: (text && attr(text, 'name')) ?? 'username',
      passwordField: attr(password, 'name') ?? 'password',
    };
  }
  return undefined;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCharCode(parseInt(n, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function pageMessage(html: string): string | undefined {
  const m = /<p class="error"[^>]*>([\s\S]*?)<\/p>/i.exec(html);
  return m ? decodeEntities(m[1].replace(/<[^>]+>/g, '')).trim() : undefined;
}

/** The public client of the local provider for scripts and tests (no secret; PKCE). */
export const CLI_CLIENT_ID = 'closer-cli';
export const CLI_REDIRECT_URI = 'http://127.0.0.1/callback';
export const CLOSER_SCOPES = 'openid profile email closer';

export interface PasswordTokenOptions {
  issuer: string;
  username: string;
  password: string;
  /** The API the token is for; default: the provider's default (OIDC_AUDIENCE there). */
  audience?: string;
  clientId?: string;
  redirectUri?: string;
}

export interface PasswordTokens {
  accessToken: string;
  idToken?: string;
  /** Seconds, as the provider answered. */
  expiresIn?: number;
}

/**
 * A bearer token for a user, as a script gets one: the authorization-code flow with PKCE of the
 * public closer-cli client, through the login page (not a password grant, which OpenID providers
 * rightly no longer offer). openid-client does discovery and checks the answers.
 */
export async function passwordToken(options: PasswordTokenOptions): Promise<PasswordTokens> {
  const issuer = new URL(options.issuer);
  const config = await client.discovery(
    issuer,
    options.clientId ?? CLI_CLIENT_ID,
    undefined,
    client.None(),
    issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined,
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const resource: Record<string, string> = options.audience ? { resource: resourceIndicatorFor(options.audience) } : {};
  const authorizationUrl = client.buildAuthorizationUrl(config, {
    redirect_uri: options.redirectUri ?? CLI_REDIRECT_URI,
    scope: CLOSER_SCOPES,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    ...resource,
  });
  const { callbackUrl, last } = await headlessLogin({ url: authorizationUrl, username: options.username, password: options.password });
  if (!callbackUrl) {
    const message = pageMessage(last.text);
    throw new Error(`the provider did not redirect back to the client (HTTP ${last.status}${message ? `: ${message}` : ''})`);
  }
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: verifier, expectedState: state }, resource);
  return { accessToken: tokens.access_token, idToken: tokens.id_token, expiresIn: tokens.expiresIn() };
}
