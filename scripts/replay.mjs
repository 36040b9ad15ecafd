// `npm run replay -- <workflowId> [--save file]`: builds, then replays a live workflow's history.
// Reads TEMPORAL_ADDRESS and PAYLOAD_KEYS; in a dev checkout, the keys `npm run dev` made.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ensureNodeVersion, ensureNpmDependencies } from './lib/deps.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
ensureNodeVersion();
ensureNpmDependencies(root);
build(root);
const secrets = join(root, '.data', 'secrets.json');
const env = { ...process.env };
if (!env.PAYLOAD_KEYS && existsSync(secrets)) Object.assign(env, JSON.parse(readFileSync(secrets, 'utf8')));
const r = spawnSync(process.execPath, [join(root, 'dist', 'libs', 'temporal', 'replay-cli.js'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
