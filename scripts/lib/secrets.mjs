// Development secrets, made once per checkout and kept in .data/ (git-ignored, mode 600).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function newPayloadKeys(id = 'dev-1') {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function devSecrets(dataDir) {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { PAYLOAD_KEYS: newPayloadKeys() };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
