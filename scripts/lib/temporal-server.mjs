// The real Temporal server (`CLOSER_TEMPORAL=server`): frontend, history, matching and worker as
// separate processes on PostgreSQL, the way a municipality runs it, instead of the CLI's dev server.
//
// - ensureTemporalServer(): builds the pinned server and its SQL tool once per machine with
//   `go install` into ~/.cache/closer/temporal-server/<version>/, and keeps there, beside them, the
//   PostgreSQL schema of the same version (from Go's module cache), so later runs need neither Go
//   nor the module cache. The config written here follows the server's config/development-postgres12.yaml.
// - startTemporalServer(): creates and migrates Temporal's two databases on the stack's PostgreSQL,
//   writes a config and a dynamic config, starts the four services, creates the namespace and
//   Closer's search attributes, and waits until they can be used.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startProcess, stopProcess, waitForPort } from './stack.mjs';

export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const MODULE = 'go.temporal.io/server';
/** The four services, each its own process. */
export const SERVICES = ['history', 'matching', 'frontend', 'worker'];

/**
 * A free port below 32768. The services record their membership ports in PostgreSQL's
 * cluster_membership table as a smallint, so the kernel's ephemeral ports (32768 and up) would stop
 * them at start. All their ports are taken from that range.
 */
async function freeLowPort(taken) {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (taken.has(port)) continue;
    const free = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) {
      taken.add(port);
      return port;
    }
  }
  throw new Error('Found no free port between 20000 and 32000 for the Temporal services.');
}

function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'closer', 'temporal-server', TEMPORAL_SERVER_VERSION);
}

function onPath(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The server, SQL tool and schema of the pinned version in `dir` (as ensureTemporalServer() leaves them). */
export function temporalServerAt(dir) {
  const found = {
    dir,
    version: TEMPORAL_SERVER_VERSION,
    server: join(dir, 'server'),
    sqlTool: join(dir, 'sql'),
    schemaDir: join(dir, 'schema', 'postgresql', 'v12'),
  };
  const missing = [found.server, found.sqlTool, found.schemaDir].filter((p) => !existsSync(p));
  if (missing.length) throw new Error(`The Temporal server in ${dir} is incomplete: ${missing.join(', ')} missing.`);
  return found;
}

/**
 * The server binary, the SQL tool and the schema/config files of the pinned version, built into
 * the per-user cache the first time (a few minutes per binary).
 */
export function ensureTemporalServer({ log = console.log } = {}) {
  const dir = cacheDir();
  const found = {
    dir,
    version: TEMPORAL_SERVER_VERSION,
    server: join(dir, 'server'),
    sqlTool: join(dir, 'sql'),
    schemaDir: join(dir, 'schema', 'postgresql', 'v12'),
  };
  const complete = () => [found.server, found.sqlTool, found.schemaDir].every((p) => existsSync(p));
  if (complete()) return found;

  const go = onPath('go');
  if (!go) {
    throw new Error(
      [
        `CLOSER_TEMPORAL=server needs the Temporal server ${TEMPORAL_SERVER_VERSION}, which is built once per machine`,
        `into ${dir}, but Go is not installed.`,
        "Install Go >= 1.25 (https://go.dev/dl/; a distribution's older Go cannot build it) and run again,",
        "or leave CLOSER_TEMPORAL unset to run on the Temporal CLI's dev server.",
      ].join('\n'),
    );
  }
  mkdirSync(dir, { recursive: true });
  const env = { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' };
  for (const [name, pkg] of [
    ['server', `${MODULE}/cmd/server`],
    ['sql', `${MODULE}/cmd/tools/sql`],
  ]) {
    if (existsSync(join(dir, name))) continue;
    log(`Building the Temporal server's ${name} binary ${TEMPORAL_SERVER_VERSION} into ${dir} (once per machine, a few minutes)...`);
    const started = Date.now();
    try {
      execFileSync(go, ['install', `${pkg}@${TEMPORAL_SERVER_VERSION}`], { env, stdio: 'inherit' });
    } catch (err) {
      throw new Error(
        `go install of ${pkg}@${TEMPORAL_SERVER_VERSION} failed (${err.message}). ` +
          'Check that Go >= 1.25 can reach its module proxy (GOPROXY), then run again.',
      );
    }
    log(`Built ${name} in ${Math.round((Date.now() - started) / 1000)} s.`);
  }
  // The schema comes with the module's source, which `go install` left in the module cache: keep
  // this version's copy beside the binaries.
  let moduleDir;
  try {
    const out = execFileSync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], { env, encoding: 'utf8' });
    moduleDir = JSON.parse(out).Dir;
  } catch (err) {
    throw new Error(`Could not find ${MODULE}@${TEMPORAL_SERVER_VERSION} in Go's module cache (${err.message}).`);
  }
  for (const part of [join('schema', 'postgresql', 'v12')]) {
    const from = join(moduleDir, part);
    if (!existsSync(from)) throw new Error(`${from} is missing from the module source of ${MODULE}@${TEMPORAL_SERVER_VERSION}.`);
    const to = join(dir, part);
    const partial = `${to}.partial`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(from, partial, { recursive: true });
    rmSync(to, { recursive: true, force: true });
    renameSync(partial, to);
  }
  if (!complete()) throw new Error(`Building the Temporal server finished, but ${dir} is still incomplete.`);
  return found;
}

/** host, port, user, password of a postgres:// URL (the admin URL of the stack's PostgreSQL). */
function connection(adminUrl) {
  const u = new URL(adminUrl);
  return {
    host: u.hostname || '127.0.0.1',
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || 'postgres'),
    password: decodeURIComponent(u.password || ''),
  };
}

async function hasSchemaVersionTable(adminUrl, database) {
  const { default: pg } = await import('pg');
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query("SELECT to_regclass('public.schema_version') IS NOT NULL AS present");
    return rows[0].present;
  } finally {
    await client.end();
  }
}

/**
 * Creates (if missing) and migrates one of Temporal's databases with the server's own SQL tool:
 * `setup-schema -v 0.0` once, then `update-schema` to the newest versioned schema (idempotent).
 */
async function migrateDatabase({ tool, adminUrl, database, schema, ensureDatabase }) {
  await ensureDatabase(adminUrl, database);
  const c = connection(adminUrl);
  const base = ['--plugin', 'postgres12', '--ep', c.host, '-p', String(c.port), '-u', c.user, '--db', database];
  // The password goes through the environment, not the command line (ps would show it).
  const env = { ...process.env, SQL_PASSWORD: c.password };
  const run = (args) => {
    const r = spawnSync(tool.sqlTool, [...base, ...args], { env, encoding: 'utf8' });
    if (r.status !== 0) {
      throw new Error(
        `temporal-sql-tool ${args[0]} on ${database} failed (code ${r.status}):\n${(r.stderr || r.stdout || r.error?.message || '').slice(-3000)}`,
      );
    }
  };
  if (!(await hasSchemaVersionTable(adminUrl, database))) run(['setup-schema', '-v', '0.0']);
  run(['update-schema', '-d', join(tool.schemaDir, schema, 'versioned')]);
}

const yamlString = (s) => JSON.stringify(String(s));

/** The server config: the sample development-postgres12.yaml, with this stack's database and ports. */
function serverConfig({ c, shards, databases, ports, dynamicConfigFile, logLevel, faultInjection }) {
  // The server's own persistence fault injection (config.FaultInjection in common/config/config.go):
  // { ExecutionStore: { UpdateWorkflowExecution: { Timeout: 0.02 } } } becomes
  // targets.dataStores.<store>.methods.<method>.errors. JSON is YAML: it goes on one line.
  const faults = faultInjection
    ? `      faultInjection: ${JSON.stringify({
        targets: {
          dataStores: Object.fromEntries(
            Object.entries(faultInjection).map(([store, methods]) => [
              store,
              { methods: Object.fromEntries(Object.entries(methods).map(([method, errors]) => [method, { errors }])) },
            ]),
          ),
        },
      })}\n`
    : '';
  const store = (database, maxConns) => `      sql:
        pluginName: "postgres12"
        databaseName: ${yamlString(database)}
        connectAddr: ${yamlString(`${c.host}:${c.port}`)}
        connectProtocol: "tcp"
        user: ${yamlString(c.user)}
        password: ${yamlString(c.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const service = (name) => `  ${name}:
    rpc:
      grpcPort: ${ports[name].grpc}
      membershipPort: ${ports[name].membership}
      bindOnLocalHost: true${ports[name].http ? `\n      httpPort: ${ports[name].http}` : ''}`;
  // Four processes, each with its own connection pools: kept small, so that they and Closer's apps
  // fit in PostgreSQL's default 100 connections.
  return `# Written by scripts/lib/temporal-server.mjs from the server's config/development-postgres12.yaml (${TEMPORAL_SERVER_VERSION}).
log:
  stdout: true
  level: ${logLevel}

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${shards}
  datastores:
    postgres-default:
${faults}${store(databases.temporal, 8)}
    postgres-visibility:
${store(databases.visibility, 3)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"

services:
${SERVICES.map(service).join('\n\n')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: ${yamlString(`127.0.0.1:${ports.frontend.grpc}`)}

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: ${yamlString(dynamicConfigFile)}
  pollInterval: "10s"
`;
}

/** A dynamic config file: every key gets one value for all namespaces. */
function dynamicConfigYaml(values) {
  return (
    '# Written by scripts/lib/temporal-server.mjs.\n' +
    Object.entries(values)
      .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n    constraints: {}\n`)
      .join('')
  );
}

/**
 * Settings of the server's own sample (config/dynamicconfig/development-sql.yaml) and of the CLI's
 * dev server that Closer relies on; `dynamicConfig` (the same values `startTemporal` passes to the
 * dev server) comes on top.
 */
function dynamicConfigValues(extra) {
  return {
    'limit.maxIDLength': 255,
    // Like the dev server: search attributes are usable as soon as they are created.
    'system.forceSearchAttributesCacheRefreshOnRead': true,
    'frontend.persistenceMaxQPS': 10000,
    'history.persistenceMaxQPS': 45000,
    // The dev server's visibility rate (the default, 10/s, throttles tests that poll lists).
    'frontend.namespaceRPS.visibility': 100,
    'history.hostLevelCacheMaxSize': 8192,
    ...extra,
  };
}

function runCli(cli, args, { timeoutMs = 30_000 } = {}) {
  const r = spawnSync(cli, args, { encoding: 'utf8', timeout: timeoutMs });
  return { ok: r.status === 0, out: r.stdout ?? '', err: (r.stderr || r.error?.message || '').trim() };
}

/** Throws when one of the services has exited. */
function checkRunning(procs) {
  for (const p of procs) {
    if (p.exitCode !== null || p.signalCode !== null) throw new ServiceExited(`${p.name} exited (${p.signalCode ?? `code ${p.exitCode}`})`);
  }
}
class ServiceExited extends Error {}

async function retry(what, fn, { timeoutMs, intervalMs = 1000, procs = [] }) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    checkRunning(procs);
    try {
      const v = await fn();
      if (v !== false && v !== undefined) return v;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not succeed within ${timeoutMs / 1000} s${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Creates the namespace (if missing) and the search attributes (those missing), then waits until
 * a visibility query on all of them is accepted, i.e. workflows can upsert and list them.
 */
async function prepareNamespace({ cli, address, namespace, retention, searchAttributes, timeoutMs, procs }) {
  const common = ['--address', address, '--namespace', namespace];
  await retry(
    `Creating the Temporal namespace "${namespace}"`,
    () => {
      if (runCli(cli, ['operator', 'namespace', 'describe', ...common]).ok) return true;
      const r = runCli(cli, ['operator', 'namespace', 'create', ...common, '--retention', retention]);
      if (r.ok || /already exists|AlreadyExists/i.test(r.err)) return true;
      throw new Error(r.err);
    },
    { timeoutMs, procs },
  );
  const wanted = Object.entries(searchAttributes);
  await retry(
    'Creating the search attributes',
    () => {
      const list = runCli(cli, ['operator', 'search-attribute', 'list', ...common, '--output', 'json']);
      if (!list.ok) throw new Error(list.err);
      const text = list.out;
      const missing = wanted.filter(([name]) => !text.includes(`"${name}"`));
      if (missing.length === 0) return true;
      const args = ['operator', 'search-attribute', 'create', ...common];
      for (const [name, type] of missing) args.push('--name', name, '--type', type);
      const r = runCli(cli, args);
      if (!r.ok && !/already exists|AlreadyExists/i.test(r.err)) throw new Error(r.err);
      return false; // list again to see them
    },
    { timeoutMs, procs },
  );
  // The frontend validates a visibility query against the namespace's search attributes.
  const query = wanted.map(([name]) => `${name} IS NULL`).join(' AND ') || 'WorkflowType = "none"';
  await retry(
    'Waiting for the namespace and its search attributes to be visible',
    () => {
      const r = runCli(cli, ['workflow', 'count', ...common, '--query', query]);
      if (!r.ok) throw new Error(r.err);
      return true;
    },
    { timeoutMs, procs },
  );
}

/**
 * Starts the real Temporal server on the PostgreSQL at `adminUrl` (a superuser's URL; the two
 * databases `databases.temporal` and `databases.visibility` are created there if missing) and
 * returns { address, procs, ports, stop, startService, stopService }. `frontendPort` defaults to a free
 * port; every other port is picked free. Config and dynamic config go to `workDir`, logs (one per
 * service) to `logDir`. `faultInjection` ({ <data store>: { <method>: { <error>: <rate> } } }, e.g.
 * { ExecutionStore: { UpdateWorkflowExecution: { Timeout: 0.02 } } }) makes the server fail that
 * share of its own persistence calls (the fault tests); the error names are the server's
 * (common/persistence/faultinjection/fault.go: ShardOwnershipLost, Timeout, ExecuteAndTimeout,
 * ResourceExhausted, Unavailable).
 */
export async function startTemporalServer({
  tool,
  cli,
  adminUrl,
  databases = { temporal: 'temporal', visibility: 'temporal_visibility' },
  workDir,
  logDir,
  frontendPort,
  shards = Number(process.env.CLOSER_TEMPORAL_SHARDS || 4),
  searchAttributes = {},
  dynamicConfig = {},
  namespace = 'default',
  retention = '24h',
  logLevel = 'warn',
  faultInjection,
  ensureDatabase,
  timeoutMs = 180_000,
  log = () => {},
}) {
  if (!Number.isInteger(shards) || shards < 1)
    throw new Error(`CLOSER_TEMPORAL_SHARDS must be a whole number >= 1 (got ${process.env.CLOSER_TEMPORAL_SHARDS}).`);
  const started = Date.now();
  await migrateDatabase({ tool, adminUrl, database: databases.temporal, schema: 'temporal', ensureDatabase });
  await migrateDatabase({ tool, adminUrl, database: databases.visibility, schema: 'visibility', ensureDatabase });
  log(
    `Temporal databases ${databases.temporal} and ${databases.visibility} are ready (${Math.round((Date.now() - started) / 100) / 10} s).`,
  );

  const ports = {};
  const taken = new Set(frontendPort ? [frontendPort] : []);
  for (const name of SERVICES) {
    ports[name] = {
      grpc: name === 'frontend' && frontendPort ? frontendPort : await freeLowPort(taken),
      membership: await freeLowPort(taken),
    };
  }
  ports.frontend.http = await freeLowPort(taken);

  const configDir = join(workDir, 'config');
  mkdirSync(configDir, { recursive: true });
  const dynamicConfigFile = join(configDir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfigYaml(dynamicConfigValues(dynamicConfig)));
  const envName = 'closer';
  writeFileSync(
    join(configDir, `${envName}.yaml`),
    serverConfig({ c: connection(adminUrl), shards, databases, ports, dynamicConfigFile, logLevel, faultInjection }),
    { mode: 0o600 }, // it holds the database password
  );

  // The services' processes as started first (what `npm run dev` watches), and as running now
  // (a service stopped and started again by a fault test is a new process on the same ports).
  const procs = [];
  const running = new Map();
  const stop = async () => {
    // All at once: each drains and leaves the membership ring on SIGTERM.
    await Promise.all([...running.values()].map((p) => stopProcess(p, { timeoutMs: 15_000 })));
  };
  /** Starts one service (again) with the same config and ports; resolves once it serves. */
  const startService = async (name) => {
    if (!SERVICES.includes(name)) throw new Error(`No Temporal service "${name}" (one of ${SERVICES.join(', ')}).`);
    const old = running.get(name);
    if (old && old.exitCode === null && old.signalCode === null) throw new Error(`Temporal ${name} is running already.`);
    const proc = startProcess(
      `temporal-${name}`,
      tool.server,
      ['--root', workDir, '--config', 'config', '--env', envName, '--allow-no-auth', 'start', '--service', name],
      { logDir, cwd: workDir },
    );
    running.set(name, proc);
    // The worker service serves no gRPC of its own: it is up once it has joined the membership ring.
    await waitForPort(name === 'worker' ? ports[name].membership : ports[name].grpc, { name: `Temporal ${name}`, proc, timeoutMs });
    return proc;
  };
  /**
   * Stops one service: SIGTERM (it drains and leaves the membership ring) or, as a crash, SIGKILL
   * (no draining, its shards and membership record left behind). Resolves once it has exited.
   */
  const stopService = async (name, { signal = 'SIGTERM' } = {}) => {
    const proc = running.get(name);
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    if (signal === 'SIGTERM') return stopProcess(proc, { timeoutMs: 15_000 });
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill(signal);
    await exited;
  };
  try {
    // One after the other, each once the one before serves: on a new database the first one
    // writes the cluster's metadata, and services started together race to write it (and fail).
    for (const name of SERVICES) procs.push(await startService(name));
    const address = `127.0.0.1:${ports.frontend.grpc}`;
    await prepareNamespace({ cli, address, namespace, retention, searchAttributes, timeoutMs, procs });
    checkRunning(procs);
    log(
      `Temporal server ${TEMPORAL_SERVER_VERSION} is up on ${address} (${shards} history shards, ${Math.round((Date.now() - started) / 100) / 10} s).`,
    );
    return { address, procs, ports, stop, startService, stopService };
  } catch (err) {
    await stop();
    const tails = [...running.values()]
      .map((p) => {
        const file = join(logDir, `${p.name}.log`);
        if (!existsSync(file)) return '';
        const lines = readFileSync(file, 'utf8').trim().split('\n').slice(-3);
        return `--- ${p.name} (last lines of ${file}):\n${lines.map((l) => (l.length > 500 ? `${l.slice(0, 500)}…` : l)).join('\n')}`;
      })
      .filter(Boolean)
      .join('\n');
    throw new Error(`${err.message}${tails ? `\n${tails}` : ''}`);
  }
}
