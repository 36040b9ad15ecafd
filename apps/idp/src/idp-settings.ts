import { randomBytes } from 'node:crypto';

/**
 * The local OpenID provider's settings, read once at start. A bad value stops the process with a
 * message naming the key, as Closer's own config does.
 */
export type WebClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface IdpSettings {
  port: number;
  /** Loopback by default: a provider that takes a published demo password stays off the network. */
  host: string;
  issuer: string;
  /** The confidential client Closer's API logs people in with (OIDC_CLIENT_ID, default closer-web). */
  webClientId: string;
  webClientSecret: string;
  webClientAuthMethod: WebClientAuthMethod;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Tests start APIs on free ports: any loopback port is then accepted for the registered paths. */
  allowLoopbackRedirects: boolean;
  audience: string;
  accessTokenTtlSeconds: number;
  /** Private signing keys as a JWK Set; generated at start when IDP_JWKS is not given. */
  jwks?: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
  /** The longest a failed login is held back before the answer. */
  loginMaxDelayMs: number;
}

export class IdpSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid OpenID provider configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'IdpSettingsError';
  }
}

type Env = Record<string, string | undefined>;

export function loadIdpSettings(env: Env = process.env): IdpSettings {
  const problems: string[] = [];
  const integer = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}, got "${raw.slice(0, 40)}"`);
      return fallback;
    }
    return n;
  };
  const httpUrl = (key: string, raw: string): string | undefined => {
    const u = URL.parse(raw);
    if (!u || !['http:', 'https:'].includes(u.protocol)) {
      problems.push(`${key}: "${raw.slice(0, 200)}" is not an http(s) URL`);
      return undefined;
    }
    if (u.hash) problems.push(`${key}: "${raw.slice(0, 200)}" must not have a #fragment`);
    return raw;
  };
  const urlList = (key: string): string[] =>
    (env[key] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .flatMap((s) => httpUrl(key, s) ?? []);

  const port = integer('IDP_PORT', 3100, 1, 65535);
  let issuer = env.IDP_ISSUER?.trim() || `http://localhost:${port}`;
  const issuerUrl = URL.parse(issuer);
  if (!issuerUrl || !['http:', 'https:'].includes(issuerUrl.protocol)) {
    problems.push('IDP_ISSUER must be an http(s) URL');
  } else if (issuerUrl.pathname !== '/' || issuerUrl.search || issuerUrl.hash) {
    // The provider serves its endpoints at the root of its origin.
    problems.push('IDP_ISSUER must be an origin without a path, query or fragment');
  } else {
    issuer = issuerUrl.origin;
  }

  const webClientSecret = env.OIDC_CLIENT_SECRET?.trim() ?? '';
  if (webClientSecret.length < 16) problems.push('OIDC_CLIENT_SECRET is required (at least 16 characters)');

  const authMethod = env.IDP_CLIENT_AUTH_METHOD?.trim() || 'client_secret_basic';
  if (authMethod !== 'client_secret_basic' && authMethod !== 'client_secret_post') {
    problems.push('IDP_CLIENT_AUTH_METHOD must be client_secret_basic or client_secret_post');
  }

  const allowLoopbackRedirects = env.IDP_ALLOW_LOOPBACK_REDIRECTS === '1';
  const redirectUris = urlList('IDP_REDIRECT_URIS');
  if (!redirectUris.length && !allowLoopbackRedirects) {
    problems.push('IDP_REDIRECT_URIS is required: the comma-separated callback URLs of Closer (e.g. http://localhost:3000/auth/callback)');
  }
  const postLogoutRedirectUris = urlList('IDP_POST_LOGOUT_REDIRECT_URIS');

  const audience = env.OIDC_AUDIENCE?.trim() || 'closer-api';
  if (audience.length > 200) problems.push('OIDC_AUDIENCE must be at most 200 characters');

  let jwks: IdpSettings['jwks'];
  const rawJwks = env.IDP_JWKS?.trim();
  if (rawJwks) {
    try {
      const parsed = JSON.parse(rawJwks) as { keys?: unknown };
      if (!Array.isArray(parsed.keys) || !parsed.keys.length || !parsed.keys.every((k) => typeof k === 'object' && k && 'd' in k)) {
        throw new Error('not a set of private keys');
      }
      jwks = { keys: parsed.keys as Record<string, unknown>[] };
    } catch {
      problems.push('IDP_JWKS must be a JSON Web Key Set ({"keys":[...]}) of private signing keys');
    }
  }

  const cookieKeys = (env.IDP_COOKIE_KEYS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (cookieKeys.some((k) => k.length < 16)) problems.push('IDP_COOKIE_KEYS must be comma-separated keys of at least 16 characters');

  const settings: IdpSettings = {
    port,
    host: env.IDP_HOST?.trim() || '127.0.0.1',
    issuer,
    webClientId: env.OIDC_CLIENT_ID?.trim() || 'closer-web',
    webClientSecret,
    webClientAuthMethod: authMethod as WebClientAuthMethod,
    redirectUris,
    postLogoutRedirectUris,
    allowLoopbackRedirects,
    audience,
    accessTokenTtlSeconds: integer('IDP_ACCESS_TOKEN_TTL_SECONDS', 3600, 1, 24 * 3600),
    jwks,
    // Random per start: a restart logs everyone out of the provider, which dev and tests can afford.
    cookieKeys: cookieKeys.length ? cookieKeys : [randomBytes(32).toString('base64url')],
    loginMaxDelayMs: integer('IDP_LOGIN_MAX_DELAY_MS', 8000, 0, 60_000),
  };
  if (problems.length) throw new IdpSettingsError(problems);
  return settings;
}
