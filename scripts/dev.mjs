// `npm run dev`: the whole system on one machine with embedded defaults.
// Temporal dev server (state in .data/), PostgreSQL (DATABASE_URL or embedded, data in .data/),
// maildev, a local OpenID provider (unless OIDC_ISSUER is set), the worker and the API. Ctrl-C stops all of it.
// `npm run dev -- --reset` starts from empty state; state from before the workflow baseline is named at start.
// With CLOSER_TEMPORAL=server, Temporal is the real server instead of the dev server: its four
// services on databases of the same PostgreSQL (scripts/lib/temporal-server.mjs), and no Web UI.
import { existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, ensureNodeVersion, ensureNpmDependencies, temporalMode } from './lib/deps.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dataDir = join(root, '.data');
const env = process.env;
const port = (name, fallback) => Number(env[name] || fallback);

/**
 * The workflow baseline the state in .data/ was made with (CHANGELOG.md). Raised only by a release
 * whose workflow code cannot replay the cases an earlier one left running (1.0.0 folded every
 * patch), never by an ordinary release: those patch their changes (docs/operations/changing-workflows.md).
 */
const WORKFLOW_BASELINE = '1.0.0';
const baselineFile = join(dataDir, 'workflow-baseline');
/** What holds running cases and their read model: the Temporal dev server's or real server's state, PostgreSQL's data. */
const STATE = ['temporal.db', 'temporal-server', 'postgres'];
const older = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if ((x[i] || 0) !== (y[i] || 0)) return (x[i] || 0) < (y[i] || 0);
  return false;
};

/**
 * `npm run dev -- --reset` starts from empty state; otherwise state made before the workflow
 * baseline is named at start, with that command, and Closer starts anyway: its cases' workflow tasks
 * fail to replay (the worker logs it and Temporal retries them), nothing else breaks.
 */
let baselineNote = '';
function checkWorkflowBaseline() {
  if (process.argv.includes('--reset')) {
    console.log('Resetting: removing the state in .data/ (cases, their workflows, the read model, mail, logs)...');
    const pg = join(dataDir, 'postgres');
    if (lstatSync(pg, { throwIfNoEntry: false })?.isSymbolicLink() && existsSync(pg))
      rmSync(dirname(realpathSync(pg)), { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
    if (env.DATABASE_URL)
      console.log('DATABASE_URL is set: its databases are yours; drop closer (and closer_temporal*, if any) there by hand.');
  }
  const made = existsSync(baselineFile) ? readFileSync(baselineFile, 'utf8').trim() : undefined;
  const state = STATE.filter((name) => existsSync(join(dataDir, name)));
  if (state.length === 0) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(baselineFile, `${WORKFLOW_BASELINE}\n`);
    return;
  }
  if (made && !older(made, WORKFLOW_BASELINE)) return;
  baselineNote = `\n  NOTE: .data/ is from before workflow baseline ${WORKFLOW_BASELINE}; \`npm run dev -- --reset\` starts from empty state.`;
  console.warn(
    `\nWARNING: the state in .data/ (${state.join(', ')}) was made before workflow baseline ${WORKFLOW_BASELINE} ` +
      `(${made ? `it says ${made}` : 'it has no .data/workflow-baseline'}). Cases it left running cannot be replayed by this ` +
      'code: their workflow tasks will fail (see .data/logs/worker.log), and new cases run normally. See CHANGELOG.md.\n' +
      '  To start from empty state:  npm run dev -- --reset   (or: rm -rf .data)\n',
  );
}

const running = [];
let stopping = false;
const stopAll = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Closer...');
  for (const stop of running.reverse()) await stop().catch((e) => console.error(e?.message ?? e));
  process.exit(code);
};

/** Infrastructure the apps cannot do without: when it exits, everything stops, saying why. */
const watch = (stack, proc, { what = proc.name, log = `.data/logs/${proc.name}.log`, stop = () => stack.stopProcess(proc) } = {}) => {
  running.push(stop);
  proc.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${what} exited (${signal ?? `code ${code}`}); see ${log}. Closer cannot run without it: stopping everything.`);
      void stopAll(1);
    }
  });
  return proc;
};

const FIRST_RESTART_DELAY_MS = 1_000;
const MAX_RESTART_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
const seconds = (ms) => `${Math.round(ms / 100) / 10} s`;

/**
 * An app (worker, API) that dies once it has been up is started again, 1 s later, doubling up to
 * 30 s while it keeps dying; the delay goes back to 1 s once a run lasted a minute. The rest of the
 * stack keeps running: cases wait in Temporal and the API keeps taking reports while a worker is
 * down. An app that fails before it was ever up (a bad setting, a taken port) stops everything,
 * so a mistake is shown once instead of being retried forever.
 */
const supervise = (stack, name, start, { ready }) => {
  let proc;
  let timer;
  let delay = FIRST_RESTART_DELAY_MS;
  let restarts = 0;
  let everReady = false;
  const launch = () => {
    timer = undefined;
    if (stopping) return;
    const startedAt = Date.now();
    const child = start();
    proc = child;
    const onData = (chunk) => {
      if (!ready.test(chunk.toString())) return;
      child.stdout.off('data', onData);
      everReady = true;
      if (restarts > 0) console.log(`${name} is running again (restart ${restarts}).`);
    };
    child.stdout.on('data', onData);
    let ended = false;
    const onEnd = (how) => {
      if (ended || stopping) return;
      ended = true;
      const ran = Date.now() - startedAt;
      const log = `.data/logs/${name}.log`;
      if (!everReady) {
        console.error(`\n${name} ${how} before it was ever up; see ${log}. Stopping everything.`);
        void stopAll(1);
        return;
      }
      if (ran >= STABLE_AFTER_MS) delay = FIRST_RESTART_DELAY_MS;
      restarts++;
      console.error(
        `\n${name} ${how} after ${seconds(ran)}; its log is ${log}. ` +
          `Restarting it in ${seconds(delay)} (restart ${restarts}); the rest of Closer keeps running.`,
      );
      timer = setTimeout(launch, delay);
      delay = Math.min(delay * 2, MAX_RESTART_DELAY_MS);
    };
    child.on('exit', (code, signal) => onEnd(`exited (${signal ?? `code ${code}`})`));
    child.on('error', (err) => onEnd(`could not run (${err.message})`));
  };
  launch();
  running.push(async () => {
    clearTimeout(timer);
    await stack.stopProcess(proc);
  });
  return {
    get proc() {
      return proc;
    },
  };
};

async function main() {
  ensureNodeVersion();
  checkWorkflowBaseline();
  const realServer = temporalMode() === 'server' && !env.TEMPORAL_ADDRESS;
  ensureNpmDependencies(root);
  const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
  const stack = await import('./lib/stack.mjs');
  const { devSecrets } = await import('./lib/secrets.mjs');
  const cli = env.TEMPORAL_ADDRESS ? undefined : ensureTemporalCli();
  const temporalServer = realServer ? await import('./lib/temporal-server.mjs') : undefined;
  const serverTool = temporalServer?.ensureTemporalServer();
  build(root);
  const { SEARCH_ATTRIBUTE_REGISTRATION } = createRequire(import.meta.url)(join(root, 'dist', 'workflows', 'contract.js'));

  const logDir = join(dataDir, 'logs');
  const apiPort = port('API_PORT', 3000);

  let databaseUrl = env.DATABASE_URL;
  // Where the real Temporal server's databases are made: the same PostgreSQL as Closer's.
  let temporalAdminUrl = databaseUrl;
  if (!databaseUrl) {
    const pgPort = port('PG_PORT', 5433);
    console.log(`Starting embedded PostgreSQL on ${pgPort} (data in .data/postgres)...`);
    const pg = await stack.startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: pgPort, logDir });
    watch(stack, pg.proc, { what: 'PostgreSQL', stop: () => pg.stop() });
    await stack.ensureDatabase(pg.url('postgres'), 'closer');
    databaseUrl = pg.url('closer');
    temporalAdminUrl = pg.url('postgres');
  }
  const { runMigrations } = createRequire(import.meta.url)(join(root, 'dist', 'libs', 'db', 'migrate.js'));
  const applied = await runMigrations(databaseUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date.');
  // The demo organisation (libs/organisation/demo-organisation.ts); what exists, admins' edits included, is kept.
  await createRequire(import.meta.url)(join(root, 'dist', 'libs', 'organisation', 'organisation-seed.js')).seedDemoOrganisationAt(
    databaseUrl,
  );

  let temporalAddress = env.TEMPORAL_ADDRESS;
  const uiPort = port('TEMPORAL_UI_PORT', 8233);
  if (realServer) {
    const temporalPort = port('TEMPORAL_PORT', 7233);
    console.log(
      `Starting the Temporal server (${temporalServer.TEMPORAL_SERVER_VERSION}): frontend on ${temporalPort}, state in PostgreSQL...`,
    );
    const server = await temporalServer.startTemporalServer({
      tool: serverTool,
      cli,
      adminUrl: temporalAdminUrl,
      // Closer's own names, so that a PostgreSQL of the user's never has its `temporal` database touched.
      databases: { temporal: 'closer_temporal', visibility: 'closer_temporal_visibility' },
      workDir: join(dataDir, 'temporal-server'),
      logDir,
      frontendPort: temporalPort,
      searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
      ensureDatabase: stack.ensureDatabase,
      log: console.log,
    });
    // Any service that exits stops everything; stopping stops all four at once.
    server.procs.forEach((proc, i) => watch(stack, proc, { what: `Temporal ${proc.name}`, stop: i === 0 ? server.stop : async () => {} }));
    temporalAddress = server.address;
  } else if (!temporalAddress) {
    const temporalPort = port('TEMPORAL_PORT', 7233);
    console.log(`Starting Temporal dev server on ${temporalPort}, Web UI on ${uiPort} (state in .data/temporal.db)...`);
    const proc = await stack.startTemporal({
      cli,
      port: temporalPort,
      uiPort,
      dbFile: join(dataDir, 'temporal.db'),
      searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
      codecEndpoint: `http://localhost:${apiPort}/codec`,
      logDir,
    });
    watch(stack, proc);
    temporalAddress = `127.0.0.1:${temporalPort}`;
  }

  let smtpUrl = env.SMTP_URL;
  const mailWebPort = port('MAIL_WEB_PORT', 1080);
  if (!smtpUrl) {
    const smtpPort = port('SMTP_PORT', 1025);
    console.log(`Starting maildev: SMTP on ${smtpPort}, inbox on ${mailWebPort}...`);
    watch(stack, await stack.startMailCatcher({ root, smtpPort, webPort: mailWebPort, logDir, mailDir: join(dataDir, 'mail') }));
    smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  }

  // Login: the local OpenID provider with the demo users, unless OIDC_ISSUER names a real one.
  const idpPort = port('IDP_PORT', 3100);
  const oidcEnv = env.OIDC_ISSUER ? {} : stack.localOidcEnv({ port: idpPort, audience: env.OIDC_AUDIENCE });
  if (!env.OIDC_ISSUER) {
    console.log(`Starting the local OpenID provider on ${idpPort}...`);
    const apiOrigins = [`http://localhost:${apiPort}`, `http://127.0.0.1:${apiPort}`];
    const idpEnv = {
      ...env,
      ...oidcEnv,
      IDP_REDIRECT_URIS: apiOrigins.map((o) => `${o}/auth/callback`).join(','),
      IDP_POST_LOGOUT_REDIRECT_URIS: apiOrigins.map((o) => `${o}/`).join(','),
    };
    watch(stack, await stack.startIdp({ root, port: idpPort, env: idpEnv, logDir }));
  }

  const appEnv = {
    ...env,
    ...devSecrets(dataDir),
    ...(env.PAYLOAD_KEYS ? { PAYLOAD_KEYS: env.PAYLOAD_KEYS } : {}),
    ...(env.CHILD_REFERENCE_KEY ? { CHILD_REFERENCE_KEY: env.CHILD_REFERENCE_KEY } : {}),
    ...(env.SESSION_SECRET ? { SESSION_SECRET: env.SESSION_SECRET } : {}),
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    SMTP_URL: smtpUrl,
    ...oidcEnv,
    API_PORT: String(apiPort),
    CODEC_CORS_ORIGINS: env.CODEC_CORS_ORIGINS || `http://localhost:${uiPort},http://127.0.0.1:${uiPort}`,
    // Admins' links from a case to its workflow.
    TEMPORAL_UI_URL: env.TEMPORAL_UI_URL || `http://localhost:${uiPort}`,
  };
  const app = (name) => () =>
    stack.startProcess(name, process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], { env: appEnv, logDir, echo: true });
  supervise(stack, 'worker', app('worker'), { ready: /polling task queue/ });
  const api = supervise(stack, 'api', app('api'), { ready: /listening on/ });
  await stack.waitForPort(apiPort, { name: 'API', proc: api.proc });

  console.log(`
Closer is running. Ctrl-C stops everything; a worker or API that dies is restarted.
  Web pages      http://localhost:${apiPort}/ (sign in as anna, sofie, lene, admin, …; password closer-demo)
  API            http://localhost:${apiPort}
  OpenAPI docs   http://localhost:${apiPort}/docs
  Health         http://localhost:${apiPort}/health
  Temporal UI    ${env.TEMPORAL_ADDRESS ? '(your Temporal cluster)' : realServer ? `(none: the real server has no Web UI; try \`temporal workflow list --address ${temporalAddress}\`)` : `http://localhost:${uiPort}`}
  Mail inbox     ${env.SMTP_URL ? '(your SMTP server)' : `http://localhost:${mailWebPort}`}
  Login          ${env.OIDC_ISSUER ? `${env.OIDC_ISSUER} (your OpenID provider)` : `http://localhost:${idpPort} (local OpenID provider, demo users)`}
  PostgreSQL     ${databaseUrl.replace(/:[^:@/]*@/, ':***@')}
  Logs           .data/logs/${baselineNote}
`);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
main().catch((err) => {
  console.error(`\nnpm run dev failed: ${err?.message ?? err}`);
  void stopAll(1);
});
