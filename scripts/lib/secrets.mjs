// Development secrets, made once per checkout and kept in .data/ (git-ignored, mode 600).
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function newPayloadKeys(id = 'dev-1') {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/** The HMAC key that turns a child reference into an opaque id (CHILD_REFERENCE_KEY). */
export function newChildReferenceKey() {
  return randomBytes(32).toString('base64');
}

/** A random secret for signing (session cookies) or a client registration. */
export function newSecret() {
  return randomBytes(32).toString('base64url');
}

/** A JSON Web Key Set with one private RS256 signing key, for the local OpenID provider. */
export async function newSigningJwks() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return JSON.stringify({ keys: [{ ...jwk, kid: randomUUID(), alg: 'RS256', use: 'sig' }] });
}

export function devSecrets(dataDir) {
  const file = join(dataDir, 'secrets.json');
  const kept = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  // A checkout made before a secret existed gets it added; a secret once made is never replaced.
  const secrets = { PAYLOAD_KEYS: newPayloadKeys(), CHILD_REFERENCE_KEY: newChildReferenceKey(), SESSION_SECRET: newSecret(), ...kept };
  if (Object.keys(secrets).length !== Object.keys(kept).length) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
