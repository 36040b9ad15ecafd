import { Inject, Injectable, Logger, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { createRemoteJWKSet, errors as joseErrors, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import type { AuthConfig, Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';

/** What the browser's session keeps between /auth/login and /auth/callback. */
export interface PendingLogin {
  codeVerifier: string;
  state: string;
  nonce: string;
  returnTo: string;
}

/**
 * Closer's side of OpenID Connect, on openid-client and jose: the authorization-code flow with PKCE
 * for browsers, and bearer access tokens checked against the issuer's keys for API clients. The same
 * code talks to the local provider in dev and tests and to a municipality's provider in production.
 */
@Injectable()
export class OidcService {
  private readonly auth: AuthConfig;
  private discovered?: Promise<oidc.Configuration>;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;
  private readonly log = new Logger('OIDC');

  constructor(@Inject(CONFIG) config: Config) {
    if (!config.auth) throw new Error('the API needs the OIDC_* settings');
    this.auth = config.auth;
  }

  get callbackUrl(): string {
    return `${this.auth.publicUrl}/auth/callback`;
  }

  /** The provider's metadata, fetched once; a failed fetch is tried again on the next request. */
  private configuration(): Promise<oidc.Configuration> {
    if (!this.discovered) {
      const local = /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/|$)/.test(this.auth.issuer);
      this.discovered = oidc
        .discovery(
          new URL(this.auth.issuer),
          this.auth.clientId,
          { client_secret: this.auth.clientSecret },
          // client_secret_basic: what OpenID providers expect of a confidential client by default.
          oidc.ClientSecretBasic(this.auth.clientSecret),
          // Plain http only for a provider on this machine (the dev stack's and the tests').
          local ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((err: unknown) => {
          this.discovered = undefined;
          this.log.warn(`the OpenID provider could not be reached: ${(err as Error).message}`);
          throw new ServiceUnavailableException('the sign-in service cannot be reached right now; try again in a moment');
        });
    }
    return this.discovered;
  }

  async startLogin(returnTo: string): Promise<{ url: URL; pending: PendingLogin }> {
    const config = await this.configuration();
    const pending: PendingLogin = {
      codeVerifier: oidc.randomPKCECodeVerifier(),
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      returnTo,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.callbackUrl,
      scope: 'openid profile email closer',
      code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url, pending };
  }

  /** The provider sent the browser back: exchange the code, check state, nonce and the ID token. */
  async finishLogin(currentUrl: URL, pending: PendingLogin): Promise<{ subject: string; claims: JWTPayload; idToken?: string }> {
    const config = await this.configuration();
    try {
      const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims?.sub) throw new Error('the ID token names nobody');
      return { subject: claims.sub, claims: claims as JWTPayload, idToken: tokens.id_token };
    } catch (err) {
      if (err instanceof ServiceUnavailableException) throw err;
      this.log.warn(`a login could not be completed: ${(err as Error).message}`);
      throw new UnauthorizedException('the sign-in could not be completed; start again');
    }
  }

  async logoutUrl(idToken: string | undefined, postLogoutRedirect: string): Promise<string | undefined> {
    const config = await this.configuration().catch(() => undefined);
    if (!config?.serverMetadata().end_session_endpoint) return undefined;
    return oidc
      .buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirect,
        ...(idToken ? { id_token_hint: idToken } : { client_id: this.auth.clientId }),
      })
      .toString();
  }

  /**
   * A bearer access token: a JWT signed by one of the issuer's keys, for Closer's audience, from this
   * issuer, not expired. Anything else is 401 (expired, forged, another issuer or audience).
   */
  async verifyAccessToken(token: string): Promise<JWTPayload & { sub: string }> {
    const config = await this.configuration();
    const meta = config.serverMetadata();
    if (!this.jwks) {
      if (!meta.jwks_uri) throw new ServiceUnavailableException('the OpenID provider publishes no keys');
      this.jwks = createRemoteJWKSet(new URL(meta.jwks_uri));
    }
    try {
      const { payload } = await jwtVerify(token, this.jwks, { issuer: meta.issuer, audience: this.auth.audience, clockTolerance: 5 });
      if (!payload.sub) throw new Error('the token names nobody');
      return payload as JWTPayload & { sub: string };
    } catch (err) {
      const reason =
        err instanceof joseErrors.JWTExpired
          ? 'the access token has expired'
          : err instanceof joseErrors.JWTClaimValidationFailed
            ? `the access token's ${err.claim} is not accepted`
            : 'the access token is not valid';
      throw new UnauthorizedException(reason);
    }
  }
}
