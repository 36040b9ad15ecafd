// `npm test`: every test on real parts. Starts PostgreSQL (embedded, or fresh databases on
// DATABASE_URL) with migrations applied, Temporal, the local OpenID provider, and runs jest; it ends
// with one line: `N passed, N failed`.
//
// Two stacks, one after the other (decision 0011):
//   1. the Temporal CLI's dev server (with its Web UI): every test but tests/faults;
//   2. the real Temporal server (scripts/lib/temporal-server.mjs: frontend, history, matching and
//      worker as separate processes on PostgreSQL): tests/reliability and tests/faults, the tests of
//      what a production stack must survive.
// CLOSER_TEMPORAL=server runs every test on the real server instead, in one pass.
// CLOSER_TEST_REAL_SERVER=0 leaves out the second pass (it needs Go the first time, to build the server).
// Extra arguments go to jest and run one pass, on the stack CLOSER_TEMPORAL chooses.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build, ensureNodeVersion, ensureNpmDependencies, temporalMode } from './lib/deps.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
/** The tests the second pass runs on the real server: what a production stack must survive. */
const REAL_SERVER_TESTS = ['tests/reliability', 'tests/faults'];

/** Which passes to run: [{ realServer, jestArgs, label }]. */
function passes() {
  const args = process.argv.slice(2);
  const mode = temporalMode();
  if (args.length > 0 || mode === 'server') return [{ realServer: mode === 'server', jestArgs: args, label: '' }];
  const onDev = { realServer: false, jestArgs: ['--testPathIgnorePatterns', '/tests/faults/'], label: 'dev server' };
  if (process.env.CLOSER_TEST_REAL_SERVER === '0') return [onDev];
  return [onDev, { realServer: true, jestArgs: REAL_SERVER_TESTS, label: 'real Temporal server' }];
}

async function main() {
  ensureNodeVersion();
  const plan = passes();
  ensureNpmDependencies(root);
  const { ensureTemporalCli } = await import('./lib/temporal-cli.mjs');
  const stack = await import('./lib/stack.mjs');
  const cli = ensureTemporalCli();
  const temporalServer = plan.some((p) => p.realServer) ? await import('./lib/temporal-server.mjs') : undefined;
  let serverTool;
  try {
    serverTool = temporalServer?.ensureTemporalServer();
  } catch (err) {
    throw new Error(
      `${err.message}\n(npm test runs the reliability and fault tests on the real Temporal server as well; ` +
        'CLOSER_TEST_REAL_SERVER=0 leaves that pass out.)',
    );
  }
  const { ensureChromium } = await import('./lib/chromium.mjs');
  const chromiumPath = ensureChromium();
  build(root);

  const { tmp, cleanups, cleanup } = stack.runScratch('closer-test-');

  const total = { passed: 0, failed: 0, skipped: 0, ok: true };
  try {
    // PostgreSQL: throw-away databases, so tests never touch anyone's data.
    const { adminUrl } = await stack.runPostgres({ dataDir: join(tmp, 'postgres'), cleanups });
    for (const [i, pass] of plan.entries()) {
      if (plan.length > 1)
        console.log(
          `\n=== npm test, pass ${i + 1} of ${plan.length}: ${pass.jestArgs.includes('--testPathIgnorePatterns') ? 'all tests but tests/faults' : pass.jestArgs.join(' ')} on the ${pass.label} ===\n`,
        );
      const result = await runPass({
        ...pass,
        stack,
        cli,
        temporalServer,
        serverTool,
        chromiumPath,
        adminUrl,
        tmp: mkdtempSync(join(tmp, `pass${i + 1}-`)),
      });
      if (plan.length > 1)
        console.log(
          `\nPass ${i + 1} (${pass.label}): ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}`,
        );
      total.passed += result.passed;
      total.failed += result.failed;
      total.skipped += result.skipped;
      total.ok &&= result.ok;
    }
    await cleanup();
    console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
    process.exit(total.ok && total.failed === 0 ? 0 : 1);
  } catch (err) {
    await cleanup();
    console.error(`\nnpm test could not run: ${err?.message ?? err}`);
    console.log(`${total.passed} passed, ${total.failed + 1} failed`);
    process.exit(1);
  }
}

/** One jest run on its own stack (database, Temporal, OpenID provider); stops the stack after. */
async function runPass({ realServer, jestArgs, stack, cli, temporalServer, serverTool, chromiumPath, adminUrl, tmp }) {
  const { SEARCH_ATTRIBUTE_REGISTRATION } = require(join(root, 'dist', 'workflows', 'contract.js'));
  const { newChildReferenceKey, newPayloadKeys, newSecret, newSigningJwks } = await import('./lib/secrets.mjs');
  const cleanups = [];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch((e) => console.error(e?.message ?? e));
  };
  try {
    const databaseUrl = await stack.closerDatabase({ root, adminUrl, prefix: 'closer_test', cleanups });

    // Temporal, on free ports. A low continue-as-new threshold lets tests prove that long-lived
    // cases survive it (CLOSER_TEST_CONTINUE_AS_NEW_AFTER raises it when recording whole histories
    // for tests/histories/).
    let temporalPort = await stack.freePort();
    // With its Web UI: the browser tests follow an admin's link from a case to its workflow there.
    const temporalUiPort = await stack.freePort();
    const dynamicConfig = {
      'limit.historyCount.suggestContinueAsNew': Number(process.env.CLOSER_TEST_CONTINUE_AS_NEW_AFTER || 40),
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
      // The fault tests (tests/faults) start real servers of their own from these binaries.
      CLOSER_TEMPORAL_SERVER_DIR: realServer ? serverTool.dir : '',
    };
    const jestBin = require.resolve('jest/bin/jest');
    const code = await new Promise((resolve) => {
      const child = spawn(process.execPath, [jestBin, '--ci', '--json', `--outputFile=${resultFile}`, ...jestArgs], {
        cwd: root,
        env,
        stdio: 'inherit',
      });
      child.on('exit', (c) => resolve(c ?? 1));
    });

    if (!existsSync(resultFile)) return { passed: 0, failed: 1, skipped: 0, ok: false };
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    return {
      passed: r.numPassedTests,
      // A suite that fails to load has no failed tests of its own: count it, so it is not silent.
      failed: r.numFailedTests + r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length,
      skipped: r.numPendingTests + r.numTodoTests,
      ok: code === 0,
    };
  } finally {
    await cleanup();
  }
}

void main();
