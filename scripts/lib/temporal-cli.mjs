// Finds the Temporal CLI (dev server + Web UI) or builds the pinned version once per machine.
// Order: $TEMPORAL_CLI, a `temporal` on PATH, the per-user cache, else `go install` into the cache.
// The SDK's own download is never used: this machine (and many municipal networks) has no internet.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'closer', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function ensureTemporalCli({ log = console.log } = {}) {
  if (process.env.TEMPORAL_CLI) {
    if (!existsSync(process.env.TEMPORAL_CLI)) {
      throw new Error(`TEMPORAL_CLI points to ${process.env.TEMPORAL_CLI}, which does not exist.`);
    }
    return process.env.TEMPORAL_CLI;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;

  const dir = cacheDir();
  const cached = join(dir, 'temporal');
  if (existsSync(cached)) return cached;

  const go = onPath('go');
  if (!go) {
    throw new Error(
      [
        'The Temporal CLI was not found and cannot be built: Go is not installed.',
        'Either install Go >= 1.25 (https://go.dev/dl/) and run again, so that the pinned',
        `Temporal CLI ${TEMPORAL_CLI_VERSION} is built into ${dir},`,
        'or install the Temporal CLI yourself (https://docs.temporal.io/cli) and put it on PATH',
        'or set TEMPORAL_CLI=/path/to/temporal.',
      ].join('\n'),
    );
  }
  mkdirSync(dir, { recursive: true });
  log(`Building Temporal CLI ${TEMPORAL_CLI_VERSION} into ${dir} (once per machine, a few minutes)...`);
  try {
    execFileSync(go, ['install', `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`], {
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' },
      stdio: 'inherit',
    });
  } catch (err) {
    throw new Error(
      `go install of the Temporal CLI ${TEMPORAL_CLI_VERSION} failed (${err.message}). ` +
        'Check that Go >= 1.25 can reach its module proxy, or set TEMPORAL_CLI to an existing binary.',
    );
  }
  if (!existsSync(cached)) throw new Error(`go install finished but ${cached} is missing.`);
  return cached;
}
