import { randomUUID } from 'node:crypto';
import { importJWK, type JWK, type JWTPayload, SignJWT } from 'jose';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';

/** A key SignJWT signs with. */
export type SigningKey = Parameters<SignJWT['sign']>[0];

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is missing: run tests through \`npm test -- <pattern>\`, which starts the OpenID provider`);
  return value;
};

export const oidcIssuer = () => env('OIDC_ISSUER');
export const oidcAudience = () => process.env.OIDC_AUDIENCE ?? 'closer-api';

/**
 * The local provider's private signing key, which the test stack hands jest (IDP_JWKS, a JSON Web
 * Key Set), and its kid: to make tokens exactly as the provider does, then spoil them one way each.
 */
export async function providerSigningKey(): Promise<{ key: SigningKey; kid: string; publicJwk: JWK }> {
  const jwks = JSON.parse(env('IDP_JWKS')) as { keys: (JWK & { kid: string })[] };
  const [jwk] = jwks.keys;
  return { key: await importJWK(jwk, 'RS256'), kid: jwk.kid, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid: jwk.kid } };
}

export interface TokenOptions {
  sub?: string;
  iss?: string;
  aud?: string;
  /** Seconds since the epoch. */
  exp?: number;
  claims?: JWTPayload;
}

/** An access token as the provider makes them (RS256, its kid, typ at+jwt), for anna unless `o` says otherwise. */
export function providerStyleToken(signing: { key: SigningKey; kid: string }, o: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ scope: 'openid profile email closer', client_id: 'closer-cli', ...o.claims })
    .setProtectedHeader({ alg: 'RS256', kid: signing.kid, typ: 'at+jwt' })
    .setIssuer(o.iss ?? oidcIssuer())
    .setAudience(o.aud ?? oidcAudience())
    .setSubject(o.sub ?? DEMO_IDS.anna)
    .setJti(randomUUID())
    .setIssuedAt(now - 60)
    .setExpirationTime(o.exp ?? now + 300)
    .sign(signing.key);
}
