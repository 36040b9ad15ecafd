// Starts and stops the parts Closer runs on: Temporal dev server, PostgreSQL, a mail catcher,
// the local OpenID provider, and the two apps. Shared by `npm run dev`, `npm test` and the
// benchmarks, so all of them run on the same real parts.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 60_000, name = `port ${port}`, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) throw new Error(`${name} exited with code ${proc.exitCode} before it was ready`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${name} did not open within ${timeoutMs / 1000}s`);
}

/** Spawns a long-running child whose output goes to a log file (and, if asked, to the console). */
export function startProcess(name, cmd, args, { env = process.env, cwd, logDir, echo = false } = {}) {
  const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const sinks = [];
  if (logDir) {
    mkdirSync(logDir, { recursive: true });
    sinks.push(createWriteStream(join(logDir, `${name}.log`), { flags: 'a' }));
  }
  if (echo) sinks.push({ write: (chunk) => process.stdout.write(prefixLines(name, chunk)) });
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (c) => sinks.forEach((s) => s.write(c)));
  // A restarted app gets a new child and a new stream: close this one's file when it is done.
  child.once('close', () => sinks.forEach((s) => s.end?.()));
  child.name = name;
  return child;
}

function prefixLines(name, chunk) {
  return chunk
    .toString()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => `[${name}] ${l}\n`)
    .join('');
}

export async function stopProcess(child, { timeoutMs = 10_000 } = {}) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

/**
 * The Temporal dev server. With `dbFile` its state survives restarts (dev); without, it lives in
 * memory (tests). Search attributes are registered at start so workflows can upsert them at once.
 */
export async function startTemporal({
  cli,
  port,
  uiPort,
  dbFile,
  searchAttributes,
  codecEndpoint,
  dynamicConfig = {},
  logDir,
  headless = false,
}) {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'warn'];
  if (headless) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (dbFile) args.push('--db-filename', dbFile);
  for (const [key, type] of Object.entries(searchAttributes)) args.push('--search-attribute', `${key}=${type}`);
  if (codecEndpoint) args.push('--ui-codec-endpoint', codecEndpoint);
  for (const [key, value] of Object.entries(dynamicConfig)) args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  const proc = startProcess('temporal', cli, args, { logDir });
  await waitForPort(port, { name: 'Temporal dev server', proc, timeoutMs: 90_000 });
  return proc;
}

/**
 * PostgreSQL from the npm-installed binaries (see postgres.mjs: as root it runs as the `postgres`
 * user, from copies that user can reach).
 */
export async function startEmbeddedPostgres({ dataDir, port, persistent = true, logDir }) {
  const { startPostgres } = await import('./postgres.mjs');
  return startPostgres({ dataDir, port, persistent, logDir });
}

/** Creates a database if it does not exist, on any PostgreSQL reachable at `adminUrl`. */
export async function ensureDatabase(adminUrl, name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl, name) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database named `prefix_<random>` on the server at `adminUrl`, with the migrations applied,
 * so a run never touches anyone's data. On a server of the user's own (`dropAfter`) it is dropped
 * again through `cleanups`. Returns its URL.
 */
export async function throwAwayDatabase({ adminUrl, prefix, dropAfter, cleanups, runMigrations }) {
  const { randomBytes } = await import('node:crypto');
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  if (dropAfter) cleanups.push(() => dropDatabase(adminUrl, name));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return url.toString();
}

/**
 * What one run of `npm test` or a benchmark keeps and undoes: a folder of its own under the system's
 * temp (open to the `postgres` user, which embedded PostgreSQL runs as under root), and `cleanups`,
 * run last first by `cleanup()` and on Ctrl-C (and SIGTERM, with `onSigterm`). The folder is the
 * first cleanup, so it goes last.
 */
export function runScratch(prefix, { onSigterm = false } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(tmp, 0o755);
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e) => console.error(e?.message ?? e));
    cleanups.length = 0;
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));
  if (onSigterm) process.on('SIGTERM', () => void cleanup().then(() => process.exit(143)));
  return { tmp, cleanups, cleanup };
}

/**
 * The PostgreSQL server a run of `npm test` or a benchmark uses: the user's own (DATABASE_URL), or
 * an embedded one under `dataDir`, thrown away after (through `cleanups`). Returns its admin URL
 * and, for an embedded one, its process id.
 */
export async function runPostgres({ dataDir, logDir, cleanups }) {
  if (process.env.DATABASE_URL) return { adminUrl: process.env.DATABASE_URL, pid: undefined };
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, logDir });
  cleanups.push(() => pg.stop());
  return { adminUrl: pg.url('postgres'), pid: pg.proc.pid };
}

/**
 * Closer's read model for a run: a throw-away database (throwAwayDatabase; dropped after on the
 * user's own server) with the migrations of the built code and the demo organisation, the people
 * sign-ins and deadlines resolve to. Returns its URL.
 */
export async function closerDatabase({ root, adminUrl, prefix, cleanups }) {
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const { runMigrations } = require(join(root, 'dist', 'libs', 'db', 'migrate.js'));
  const databaseUrl = await throwAwayDatabase({ adminUrl, prefix, dropAfter: !!process.env.DATABASE_URL, cleanups, runMigrations });
  await require(join(root, 'dist', 'libs', 'organisation', 'organisation-seed.js')).seedDemoOrganisationAt(databaseUrl);
  return databaseUrl;
}

/** maildev: an SMTP server that keeps every mail and shows it in a web inbox. */
export async function startMailCatcher({ root, smtpPort, webPort, logDir, mailDir }) {
  const bin = join(root, 'node_modules', 'maildev', 'dist', 'bin', 'maildev.js');
  const proc = startProcess(
    'maildev',
    process.execPath,
    [
      bin,
      '--smtp',
      String(smtpPort),
      '--web',
      String(webPort),
      '--ip',
      '127.0.0.1',
      '--web-ip',
      '127.0.0.1',
      ...(mailDir ? ['--mail-directory', mailDir] : []),
    ],
    { logDir },
  );
  await waitForPort(smtpPort, { name: 'maildev SMTP', proc });
  await waitForPort(webPort, { name: 'maildev web', proc });
  return proc;
}

/**
 * What Closer's apps need to log in through the local OpenID provider (apps/idp) on `port`: its
 * issuer, Closer's client and a secret made for this run (the provider keeps no state across runs).
 */
export function localOidcEnv({ port, audience }) {
  return {
    OIDC_ISSUER: `http://localhost:${port}`,
    OIDC_CLIENT_ID: 'closer-web',
    OIDC_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    OIDC_AUDIENCE: audience || 'closer-api',
  };
}

/** The local OpenID provider with the demo organisation's users (needs `npm run build`). */
export async function startIdp({ root, port, env = process.env, logDir, echo = false }) {
  const main = join(root, 'dist', 'apps', 'idp', 'src', 'main.js');
  const proc = startProcess('idp', process.execPath, [main], { env: { ...env, IDP_PORT: String(port) }, logDir, echo });
  await waitForPort(port, { name: 'OpenID provider', proc });
  return proc;
}
