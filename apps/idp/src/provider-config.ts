import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { resourceIndicatorFor } from '../../../libs/oidc/resource-indicator';
import { CLOSER_CLAIMS, closerClaims, userById, userClaims } from './accounts';
import type { IdpSettings } from './idp-settings';
import { errorPage, loggedOutPage, logoutPage, PAGE_CSP } from './login-page';

/** The public client scripts and tests log in with to get a bearer token (PKCE, no secret). */
export const CLI_CLIENT_ID = 'closer-cli';
/** A loopback redirect: as a native client's, it is accepted on any port (RFC 8252 section 7.3). */
export const CLI_REDIRECT_URI = 'http://127.0.0.1/callback';

export const SCOPES = ['openid', 'offline_access', 'profile', 'email', 'closer'];

/** One RS256 key per start: tokens from a previous run stop verifying, as after a key rotation. */
export function generatedJwks(): { keys: Record<string, unknown>[] } {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { keys: [{ ...jwk, kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' }] };
}

function webClient(settings: IdpSettings): ClientMetadata {
  const loopbackPaths = (uris: string[], fallback: string[]) => (uris.length ? uris : fallback);
  return {
    client_id: settings.webClientId,
    client_secret: settings.webClientSecret,
    client_name: 'Closer',
    token_endpoint_auth_method: settings.webClientAuthMethod,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    ...(settings.allowLoopbackRedirects
      ? {
          // Tests start Closer's API on free ports. oidc-provider accepts a native client's loopback
          // redirect on any port, so in that mode the web client is registered as native with
          // loopback URIs; nothing but loopback hosts can then be redirected to.
          application_type: 'native',
          redirect_uris: loopbackPaths(settings.redirectUris, ['http://127.0.0.1/auth/callback', 'http://localhost/auth/callback']),
          post_logout_redirect_uris: loopbackPaths(settings.postLogoutRedirectUris, ['http://127.0.0.1/', 'http://localhost/']),
        }
      : {
          application_type: 'web',
          redirect_uris: settings.redirectUris,
          post_logout_redirect_uris: settings.postLogoutRedirectUris,
        }),
  };
}

const cliClient: ClientMetadata = {
  client_id: CLI_CLIENT_ID,
  client_name: 'Closer command line and tests',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code'],
  response_types: ['code'],
  redirect_uris: [CLI_REDIRECT_URI],
};

function page(ctx: KoaContextWithOIDC, html: string): void {
  ctx.type = 'html';
  ctx.set('content-security-policy', PAGE_CSP);
  ctx.body = html;
}

export function providerConfiguration(settings: IdpSettings): Configuration {
  const resource = resourceIndicatorFor(settings.audience);
  const ttl = settings.accessTokenTtlSeconds;
  return {
    clients: [webClient(settings), cliClient],
    // Statically configured clients only: dynamic registration stays off (the default).
    scopes: SCOPES,
    responseTypes: ['code'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      closer: [...CLOSER_CLAIMS],
    },
    // The ID token carries the scope's claims: the access token is for Closer's API, not for the
    // userinfo endpoint, so a client reads the person from the ID token.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const user = userById(sub);
      if (!user) return undefined;
      return { accountId: user.id, claims: () => userClaims(user) };
    },
    async extraTokenClaims(_ctx, token) {
      const user = 'accountId' in token && token.accountId ? userById(token.accountId) : undefined;
      return user ? { name: user.displayName, preferred_username: user.username, ...closerClaims(user) } : undefined;
    },
    jwks: (settings.jwks ?? generatedJwks()) as Configuration['jwks'],
    cookies: { keys: settings.cookieKeys },
    pkce: { required: () => true },
    features: {
      // The built-in development login takes any password: never on, not even in tests.
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => page(ctx, logoutPage(form)),
        postLogoutSuccessSource: (ctx) => page(ctx, loggedOutPage()),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resource) throw new errors.InvalidTarget();
          return {
            scope: 'closer',
            audience: settings.audience,
            accessTokenFormat: 'jwt',
            accessTokenTTL: ttl,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
      revocation: { enabled: true },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: ttl,
      IdToken: ttl,
      AuthorizationCode: 60,
      Interaction: 10 * 60,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
    renderError: (ctx, out) => {
      // The error code and description name what was wrong with the request; nothing personal.
      page(ctx, errorPage(`${out.error}${out.error_description ? `: ${out.error_description}` : ''}`));
    },
  };
}

export function createProvider(settings: IdpSettings): Provider {
  return new Provider(settings.issuer, providerConfiguration(settings));
}
