// `npm test`: every test on real parts. Starts a Temporal dev server on free ports from the pinned
// CLI, a PostgreSQL (embedded, or a fresh database on DATABASE_URL) with migrations applied, then
// runs jest and ends with one line: `N passed, N failed`. Extra arguments go to jest.
// With CLOSER_TEMPORAL=server, Temporal is the real server instead (scripts/lib/temporal-server.mjs):
// four services on throw-away databases on the same PostgreSQL, and no Web UI.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, ensureNodeVersion, ensureNpmDependencies, temporalMode } from './lib/deps.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);

async function main() {
  ensureNodeVersion();
  const realServer = temporalMode() === 'server';
  ensureNpmDependencies(root);
  const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
  const stack = await import('./lib/stack.mjs');
  const { newChildReferenceKey, newPayloadKeys, newSecret, newSigningJwks } = await import('./lib/secrets.mjs');
  const cli = ensureTemporalCli();
  const temporalServer = realServer ? await import('./lib/temporal-server.mjs') : undefined;
  const serverTool = temporalServer?.ensureTemporalServer();
  const { ensureChromium } = await import('./lib/chromium.mjs');
  const chromiumPath = ensureChromium();
  build(root);
  const { SEARCH_ATTRIBUTE_REGISTRATION } = require(join(root, 'dist', 'workflows', 'contract.js'));
  const { runMigrations } = require(join(root, 'dist', 'libs', 'db', 'migrate.js'));

  const tmp = mkdtempSync(join(tmpdir(), 'closer-test-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, which must be able to reach its folder.
  chmodSync(tmp, 0o755);
  const cleanups = [() => rmSync(tmp, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e) => console.error(e?.message ?? e));
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    // PostgreSQL: a throw-away database, so tests never touch anyone's data.
    let adminUrl;
    if (process.env.DATABASE_URL) {
      adminUrl = process.env.DATABASE_URL;
    } else {
      const pgPort = await stack.freePort();
      const pg = await stack.startEmbeddedPostgres({ dataDir: join(tmp, 'postgres'), port: pgPort, persistent: false });
      cleanups.push(() => pg.stop());
      adminUrl = pg.url('postgres');
    }
    const databaseUrl = await stack.throwAwayDatabase({
      adminUrl,
      prefix: 'closer_test',
      dropAfter: !!process.env.DATABASE_URL,
      cleanups,
      runMigrations,
    });
    // The demo organisation: the people tests sign in as and deadlines resolve to.
    await require(join(root, 'dist', 'libs', 'organisation', 'organisation-seed.js')).seedDemoOrganisationAt(databaseUrl);

    // Temporal: in memory, on free ports. A low continue-as-new threshold lets tests
    // prove that long-lived cases survive it.
    let temporalPort = await stack.freePort();
    // With its Web UI: the browser tests follow an admin's link from a case to its workflow there.
    const temporalUiPort = await stack.freePort();
    // CLOSER_TEST_CONTINUE_AS_NEW_AFTER raises it when recording whole histories for tests/histories/.
    // The server delays the first task of a run that follows a run shorter than
    // history.continueAsNewMinInterval (1 s; a guard against tight loops). Test runs are that short,
    // and in server 1.29 repeated delays add up (temporalio/temporal#11839), so tests switch it off.
    const dynamicConfig = {
      'limit.historyCount.suggestContinueAsNew': Number(process.env.CLOSER_TEST_CONTINUE_AS_NEW_AFTER || 40),
      'history.continueAsNewMinInterval': '0s',
    };
    if (realServer) {
      // The real server: its two databases are this run's own, beside the test database.
      const suffix = randomBytes(4).toString('hex');
      const databases = { temporal: `temporal_test_${suffix}`, visibility: `temporal_visibility_test_${suffix}` };
      if (process.env.DATABASE_URL) {
        for (const name of Object.values(databases)) cleanups.push(() => stack.dropDatabase(adminUrl, name));
      }
      const server = await temporalServer.startTemporalServer({
        tool: serverTool,
        cli,
        adminUrl,
        databases,
        workDir: join(tmp, 'temporal-server'),
        logDir: join(tmp, 'logs'),
        searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
        dynamicConfig,
        ensureDatabase: stack.ensureDatabase,
        log: console.log,
      });
      cleanups.push(() => server.stop());
      temporalPort = server.ports.frontend.grpc;
    } else {
      const temporal = await stack.startTemporal({
        cli,
        port: temporalPort,
        uiPort: temporalUiPort,
        searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
        dynamicConfig,
        logDir: join(tmp, 'logs'),
      });
      cleanups.push(() => stack.stopProcess(temporal));
    }

    // Login: the local OpenID provider on a free port. Tests start APIs on free ports, so any
    // loopback port is accepted for Closer's callback.
    const idpPort = await stack.freePort();
    // The provider's signing key is given, so tests can also make tokens it did not issue the way
    // it would (expired, another issuer or audience) and prove Closer refuses them.
    const oidcEnv = { ...stack.localOidcEnv({ port: idpPort }), IDP_JWKS: await newSigningJwks() };
    const idpEnv = { ...process.env, ...oidcEnv, IDP_ALLOW_LOOPBACK_REDIRECTS: '1' };
    const idp = await stack.startIdp({ root, port: idpPort, env: idpEnv, logDir: join(tmp, 'logs') });
    cleanups.push(() => stack.stopProcess(idp));

    const resultFile = join(tmp, 'jest-results.json');
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
      TEMPORAL_CLI: cli,
      PAYLOAD_KEYS: newPayloadKeys('test-1'),
      CHILD_REFERENCE_KEY: newChildReferenceKey(),
      ...oidcEnv,
      SESSION_SECRET: newSecret(),
      CLOSER_TEST_TMP: tmp,
      CHROMIUM_PATH: chromiumPath,
      // The real server has no Web UI: the link points where nothing listens, and the browser
      // test that follows it is skipped (CLOSER_TEMPORAL_UI is unset).
      TEMPORAL_UI_URL: `http://127.0.0.1:${temporalUiPort}`,
      CLOSER_TEMPORAL_UI: realServer ? '' : '1',
    };
    const jestBin = require.resolve('jest/bin/jest');
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [jestBin, '--ci', '--json', `--outputFile=${resultFile}`, ...process.argv.slice(2)], {
        cwd: root,
        env,
        stdio: 'inherit',
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });

    let passed = 0;
    let failed = 0;
    let skipped = 0;
    if (existsSync(resultFile)) {
      const r = JSON.parse(readFileSync(resultFile, 'utf8'));
      passed = r.numPassedTests;
      skipped = r.numPendingTests + r.numTodoTests;
      // A suite that fails to load has no failed tests of its own: count it, so it is not silent.
      failed = r.numFailedTests + r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
    } else {
      failed = 1;
    }
    await cleanup();
    console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
    process.exit(code === 0 && failed === 0 ? 0 : 1);
  } catch (err) {
    await cleanup();
    console.error(`\nnpm test could not run: ${err?.message ?? err}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

void main();
