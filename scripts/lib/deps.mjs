// Makes sure npm dependencies are installed before anything imports them.
// Only Node built-ins are imported here, so this runs on a fresh clone.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function ensureNodeVersion() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    throw new Error(`Closer needs Node.js >= 20.19 (found ${process.versions.node}). Install a newer Node.js.`);
  }
}

export function ensureNpmDependencies(root) {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const fresh = existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs;
  if (fresh) return;
  // `npm install --no-save` rather than `npm ci`: it installs the locked versions too, but
  // tolerates optional platform packages (other OSes' native binaries) that a registry mirror
  // does not carry, where `npm ci` refuses the whole lock file.
  console.log('Installing npm dependencies (locked versions)...');
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    throw new Error('npm install failed: check that the npm registry is reachable, then run again.');
  }
}

/** The TypeScript projects the build compiles: the server code, and the pages' browser script (compiled apart, with the DOM's types). */
const PROJECTS = ['tsconfig.build.json', 'apps/api/src/web/assets/tsconfig.json'];

export function build(root) {
  for (const project of PROJECTS) {
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], {
      cwd: root,
      stdio: 'inherit',
    });
    if (r.status !== 0) throw new Error(`TypeScript build failed (${project}: see the errors above).`);
  }
  const b = spawnSync(process.execPath, [join(root, 'dist', 'libs', 'temporal', 'bundle-workflows.js')], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('Bundling the workflows failed (see the errors above).');
}

/**
 * Which Temporal `npm run dev` and `npm test` run on: `cli` (the default, the Temporal CLI's dev
 * server) or `server` (CLOSER_TEMPORAL=server: the real server's four services on PostgreSQL).
 */
export function temporalMode() {
  const v = (process.env.CLOSER_TEMPORAL || '').trim().toLowerCase();
  if (v === '' || v === 'cli' || v === 'dev') return 'cli';
  if (v === 'server') return 'server';
  throw new Error(
    `CLOSER_TEMPORAL=${process.env.CLOSER_TEMPORAL} is not known: leave it unset (the Temporal CLI's dev server) or set it to "server".`,
  );
}
