// `npm run bench -- --scale`: national scale on one machine (issue 10). Starts its own stack on the
// real Temporal server (embedded PostgreSQL or DATABASE_URL's server, the four Temporal services on
// it, an SMTP server in this process, the local OpenID provider, the built worker and API as
// processes), then:
//   1. creates --cases open cases (default 100,000) through POST /reports (or, with --via start,
//      the case workflow's own start) on the statutory policy, whose timers are months away, with
//      --concurrency callers and at most --window reports not yet in the read model; prints
//      progress every --progress cases; measures time and rate;
//   2. worker memory (VmRSS of the worker process) at steady state with the chosen workflow cache;
//   3. Temporal and read-model disk per case (pg_database_size; WAL excluded);
//   4. 1,000 deadlines due in the same minute among them, due time to SMTP acceptance
//      (scripts/bench/deadline-mail.mjs);
//   5. the inbox and case page (JSON and HTML) under --rps requests a second from autocannon, signed
//      in as a coordinator.
// Unless --no-write, each run is appended to docs/benchmarks/scale-runs.jsonl (kept in the repository, so
// the runs that chose the settings outlive the machine), and the run and the table of all
// runs go into docs/benchmarks.md between the scale markers.
//
//   npm run bench -- --scale [--cases 100000] [--concurrency 24] [--window 400] [--via reports|start]
//                    [--shards 4] [--cache N] [--wft-slots N] [--activity-slots N] [--local-slots N]
//                    [--wft-pollers N] [--activity-pollers N] [--worker-heap MiB] [--deadlines 1000]
//                    [--rps 200] [--seconds 30] [--settle 60] [--progress 5000] [--note TEXT]
//                    [--out docs/benchmarks.md] [--no-write]
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build, ensureNodeVersion, ensureNpmDependencies } from '../lib/deps.mjs';
import { DEADLINE_TARGET_P99_MS, deadlineLines, measureDeadlineToMail, smtpSink } from './deadline-mail.mjs';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const require = createRequire(import.meta.url);
const TASK_QUEUE = 'closer-scale';
const RUNS_FILE = join(root, 'docs', 'benchmarks', 'scale-runs.jsonl');
export const SCALE_START = '<!-- scale:start -->';
export const SCALE_END = '<!-- scale:end -->';
export const TARGETS = { rssBytes: 1024 ** 3, deadlineP99Ms: DEADLINE_TARGET_P99_MS, inboxP99Ms: 100 };

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      scale: { type: 'boolean', default: true },
      cases: { type: 'string', default: '100000' },
      concurrency: { type: 'string', default: '24' },
      window: { type: 'string', default: '400' },
      via: { type: 'string', default: 'reports' },
      shards: { type: 'string', default: '4' },
      cache: { type: 'string' },
      'wft-slots': { type: 'string' },
      'activity-slots': { type: 'string' },
      'local-slots': { type: 'string' },
      'wft-pollers': { type: 'string' },
      'activity-pollers': { type: 'string' },
      'worker-heap': { type: 'string' },
      'create-until': { type: 'string' },
      deadlines: { type: 'string', default: '1000' },
      rps: { type: 'string', default: '200' },
      seconds: { type: 'string', default: '30' },
      settle: { type: 'string', default: '60' },
      progress: { type: 'string', default: '5000' },
      note: { type: 'string', default: '' },
      out: { type: 'string', default: 'docs/benchmarks.md' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const int = (name, min, optional = false) => {
    if (optional && values[name] === undefined) return undefined;
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min) throw new Error(`--${name} must be a whole number >= ${min}, got "${values[name]}"`);
    return v;
  };
  if (!['reports', 'start'].includes(values.via)) throw new Error(`--via must be reports or start, got "${values.via}"`);
  return {
    cases: int('cases', 1),
    concurrency: int('concurrency', 1),
    window: int('window', 1),
    via: values.via,
    shards: int('shards', 1),
    // The worker's sizing, passed as the environment knobs of libs/config (unset: the SDK's defaults).
    worker: {
      TEMPORAL_MAX_CACHED_WORKFLOWS: int('cache', 0, true),
      TEMPORAL_WORKFLOW_TASK_SLOTS: int('wft-slots', 2, true),
      TEMPORAL_ACTIVITY_TASK_SLOTS: int('activity-slots', 1, true),
      TEMPORAL_LOCAL_ACTIVITY_SLOTS: int('local-slots', 1, true),
      TEMPORAL_WORKFLOW_TASK_POLLERS: int('wft-pollers', 2, true),
      TEMPORAL_ACTIVITY_TASK_POLLERS: int('activity-pollers', 1, true),
    },
    // V8's old-space limit of the worker process (and its workflow thread), in MiB: NODE_OPTIONS.
    workerHeap: int('worker-heap', 64, true),
    // Stop creating at this UTC time (HH:MM) and measure the cases made by then.
    createUntil: untilTime(values['create-until']),
    deadlines: int('deadlines', 0),
    rps: int('rps', 0),
    seconds: int('seconds', 1),
    settle: int('settle', 0),
    progress: int('progress', 1),
    note: values.note,
    out: values['no-write'] ? undefined : resolve(root, values.out),
  };
}

function untilTime(hhmm) {
  if (hhmm === undefined) return undefined;
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!m) throw new Error(`--create-until must be HH:MM (UTC), got "${hhmm}"`);
  const at = new Date();
  at.setUTCHours(Number(m[1]), Number(m[2]), 0, 0);
  if (at.getTime() < Date.now()) at.setUTCDate(at.getUTCDate() + 1);
  return at.getTime();
}

// ---------------------------------------------------------------------------------------------
// Small measuring helpers

const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const stamp = () => new Date().toISOString().slice(11, 19);
const log = (line) => console.log(`[${stamp()}] ${line}`);
const load = () =>
  os
    .loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');

/** VmRSS and VmHWM (peak) of a process in bytes, from /proc. */
function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}
/** CPU seconds a process has used, with its children's (live and reaped), from /proc. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
function stat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS };
  } catch {
    return undefined;
  }
}
function cpuSeconds(pid) {
  let total = stat(pid)?.cpu ?? 0;
  for (const entry of readdirSync('/proc')) if (/^\d+$/.test(entry) && stat(entry)?.ppid === pid) total += stat(entry)?.cpu ?? 0;
  return total;
}
/** CPU seconds of each named process since the meter was made, and the machine's busy seconds. */
function cpuMeter(procs) {
  const busy = () => {
    const [, ...t] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    return (t[0] + t[1] + t[2] + t[5] + t[6] + (t[7] ?? 0)) / TICKS;
  };
  const read = () =>
    Object.fromEntries(Object.entries(procs).map(([name, pids]) => [name, pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0)]));
  const before = { procs: read(), machine: busy(), bench: process.cpuUsage() };
  return () => {
    const after = read();
    const bench = process.cpuUsage(before.bench);
    return {
      procs: {
        ...Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before.procs[k]])),
        bench: (bench.user + bench.system) / 1e6,
      },
      machine: busy() - before.machine,
    };
  };
}

const mib = (bytes) => (Number.isFinite(bytes) ? `${Math.round(bytes / 1024 ** 2)} MiB` : 'n/a');
const kib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024).toFixed(1)} KiB` : 'n/a');

/** Resolves when `proc` prints a line matching `pattern`; rejects if it exits first. */
function outputLine(proc, pattern, what, timeoutMs = 120_000) {
  return new Promise((resolveLine, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${what} not ready in ${timeoutMs / 1000} s:\n${seen.slice(-2000)}`)), timeoutMs);
    const onData = (chunk) => {
      seen += chunk;
      const m = pattern.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout.off('data', onData);
      resolveLine(m);
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (c) => (seen += c));
    proc.once('exit', (code) => reject(new Error(`${what} exited (code ${code}) while starting:\n${seen.slice(-2000)}`)));
  });
}

// ---------------------------------------------------------------------------------------------
// The run

export async function scaleMain(argv) {
  const opts = options(argv);
  ensureNodeVersion();
  ensureNpmDependencies(root);
  const { ensureTemporalCli } = await import('../lib/temporal-cli.mjs');
  const temporalServer = await import('../lib/temporal-server.mjs');
  const stack = await import('../lib/stack.mjs');
  const { newChildReferenceKey, newPayloadKeys, newSecret } = await import('../lib/secrets.mjs');
  const cli = ensureTemporalCli();
  const tool = temporalServer.ensureTemporalServer();
  build(root);
  const { SEARCH_ATTRIBUTE_REGISTRATION } = require(join(root, 'dist', 'workflows', 'contract.js'));
  const { STATUTORY_POLICY } = require(join(root, 'dist', 'libs', 'policy', 'case-policy.js'));
  const { loadConfig } = require(join(root, 'dist', 'libs', 'config', 'config.js'));
  const { createTemporalClient } = require(join(root, 'dist', 'libs', 'temporal', 'temporal-client.js'));
  const { default: pg } = await import('pg');

  const { tmp, cleanups, cleanup } = stack.runScratch('closer-scale-', { onSigterm: true });
  const logDir = join(root, '.data', 'scale-logs');
  rmSync(logDir, { recursive: true, force: true });

  try {
    log(
      `Starting the stack: PostgreSQL, Temporal server ${temporalServer.TEMPORAL_SERVER_VERSION} (${opts.shards} shards), SMTP, worker, API...`,
    );
    const { adminUrl, pid: pgPid } = await stack.runPostgres({ dataDir: join(tmp, 'postgres'), logDir, cleanups });
    const databaseUrl = await stack.closerDatabase({ root, adminUrl, prefix: 'closer_scale', cleanups });
    const suffix = randomBytes(4).toString('hex');
    const databases = { temporal: `temporal_scale_${suffix}`, visibility: `temporal_visibility_scale_${suffix}` };
    if (process.env.DATABASE_URL) for (const name of Object.values(databases)) cleanups.push(() => stack.dropDatabase(adminUrl, name));
    const server = await temporalServer.startTemporalServer({
      tool,
      cli,
      adminUrl,
      databases,
      workDir: join(tmp, 'temporal-server'),
      logDir,
      shards: opts.shards,
      searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
      ensureDatabase: stack.ensureDatabase,
      log,
    });
    cleanups.push(() => server.stop());

    const smtpPort = await stack.freePort();
    const sink = await smtpSink(smtpPort);
    cleanups.push(() => sink.close());
    const idpPort = await stack.freePort();
    const apiPort = await stack.freePort();
    const oidcEnv = stack.localOidcEnv({ port: idpPort });
    const idp = await stack.startIdp({
      root,
      port: idpPort,
      env: { ...process.env, ...oidcEnv, IDP_REDIRECT_URIS: `http://127.0.0.1:${apiPort}/auth/callback` },
      logDir,
    });
    cleanups.push(() => stack.stopProcess(idp));
    const workerKnobs = Object.fromEntries(
      Object.entries(opts.worker)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    const appEnv = {
      ...oidcEnv,
      SESSION_SECRET: newSecret(),
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      PAYLOAD_KEYS: newPayloadKeys('scale-1'),
      CHILD_REFERENCE_KEY: newChildReferenceKey(),
      API_PORT: String(apiPort),
      ...workerKnobs,
    };
    delete appEnv.PAYLOAD_ACTIVE_KEY_ID;
    const app = (name, env = appEnv) =>
      stack.startProcess(name, process.execPath, [join(root, 'dist', 'apps', name, 'src', 'main.js')], { env, logDir });
    const heapFlag = opts.workerHeap ? ` --max-old-space-size=${opts.workerHeap}` : '';
    const worker = app('worker', { ...appEnv, NODE_OPTIONS: `${appEnv.NODE_OPTIONS ?? ''}${heapFlag}`.trim() });
    cleanups.push(() => stack.stopProcess(worker, { timeoutMs: 30_000 }));
    const api = app('api');
    cleanups.push(() => stack.stopProcess(api));
    const [ready] = await Promise.all([
      outputLine(worker, /polling task queue.*at most (\d+) workflows cached/, 'The worker'),
      outputLine(api, /listening on/, 'The API'),
    ]);
    const cacheSize = Number(ready[1]);
    const idleRss = memory(worker.pid).rss;
    log(`Stack up: Temporal on ${server.address}, API on ${apiPort}, worker caches at most ${cacheSize} workflows.`);

    let aborted;
    for (const p of [worker, api, ...server.procs]) {
      p.once('exit', (code, signal) => {
        aborted ??= new Error(`${p.name} exited (${signal ?? `code ${code}`}) during the run; see ${relative(root, logDir)}/${p.name}.log`);
      });
    }
    const guard = () => {
      if (aborted) throw aborted;
    };
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    cleanups.push(() => pool.end());
    const appClient = createTemporalClient(loadConfig(appEnv));
    cleanups.push(() => appClient.connection.close());

    // --- 1. Creating the cases ------------------------------------------------------------------
    const meter = cpuMeter({
      worker: [worker.pid],
      api: [api.pid],
      temporal: server.procs.map((p) => p.pid),
      ...(pgPid ? { postgres: [pgPid] } : {}),
    });
    const creation = await createCases({ opts, apiPort, pool, client: appClient, policy: STATUTORY_POLICY, worker, guard });
    const cpu = meter();
    creation.cpuMsPerCase = Object.fromEntries(Object.entries(cpu.procs).map(([k, v]) => [k, (v * 1000) / creation.cases]));
    creation.machineBusy = cpu.machine / creation.seconds;
    log(
      `CPU a case: ${Object.entries(creation.cpuMsPerCase)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}; the machine was busy ${creation.machineBusy.toFixed(2)} of ${os.cpus().length} cores`,
    );

    // --- 2. Worker memory at steady state ------------------------------------------------------
    log(`Letting the worker settle for ${opts.settle} s, sampling its memory every 5 s...`);
    const samples = [];
    for (let t = 0; t <= opts.settle; t += 5) {
      guard();
      samples.push(memory(worker.pid).rss);
      if (t < opts.settle) await sleep(5000);
    }
    const last = samples.slice(-Math.min(samples.length, 4));
    const steady = { rss: last.reduce((a, b) => a + b, 0) / last.length, peak: memory(worker.pid).peak, samples };
    const temporalRss = server.procs.reduce((sum, p) => sum + (memory(p.pid).rss || 0), 0);
    log(`worker RSS at steady state ${mib(steady.rss)} (peak ${mib(steady.peak)}); Temporal's four services together ${mib(temporalRss)}`);

    // --- 3. Disk per case ------------------------------------------------------------------------
    const disk = await diskPerCase({ adminUrl, databaseUrl, databases, cases: creation.cases, pg });
    log(
      `disk: Temporal ${mib(disk.temporal)} + visibility ${mib(disk.visibility)} = ${kib(disk.perCase.temporal)} a case; read model ${mib(disk.readModel)} = ${kib(disk.perCase.readModel)} a case`,
    );

    // --- 4. A burst of deadlines among them ------------------------------------------------------
    // A step that fails is noted and the run goes on: what was measured before it still counts.
    const failures = [];
    const step = async (name, fn) => {
      if (aborted) return undefined;
      try {
        return await fn();
      } catch (err) {
        failures.push(`${name}: ${err?.message ?? err}`);
        log(`${name} failed: ${err?.message ?? err}`);
        return undefined;
      }
    };
    let deadlines;
    if (opts.deadlines > 0) {
      deadlines = await step('deadline burst', () =>
        measureDeadlineToMail({
          client: appClient,
          pool,
          sink,
          taskQueue: TASK_QUEUE,
          policy: STATUTORY_POLICY,
          count: opts.deadlines,
          guard,
          log,
        }),
      );
      if (deadlines) for (const line of deadlineLines(deadlines)) log(line);
    }

    // --- 5. The inbox and the case page under load --------------------------------------------------
    let latency;
    if (opts.rps > 0) {
      const { passwordToken } = require(join(root, 'dist', 'libs', 'oidc', 'headless-login.js'));
      const { DEMO_PASSWORD } = require(join(root, 'dist', 'libs', 'organisation', 'demo-organisation.js'));
      const tokenFor = async (username) =>
        (await passwordToken({ issuer: oidcEnv.OIDC_ISSUER, username, password: DEMO_PASSWORD, audience: oidcEnv.OIDC_AUDIENCE }))
          .accessToken;
      latency = await step('pages under load', () =>
        pagesUnderLoad({ apiUrl: `http://127.0.0.1:${apiPort}`, tokenFor, rps: opts.rps, seconds: opts.seconds, guard }),
      );
    }
    if (aborted) failures.push(aborted.message);
    const workerAfter = memory(worker.pid);

    const result = {
      date: new Date().toISOString(),
      machine: machine(),
      load: load(),
      opts: { ...opts, out: undefined },
      cacheSize,
      creation,
      memory: { ...steady, idle: idleRss, after: workerAfter, temporalRss },
      failures,
      disk,
      deadlines,
      latency,
      postgres: (await pool.query('SHOW server_version')).rows[0].server_version,
      temporal: temporalServer.TEMPORAL_SERVER_VERSION,
    };
    if (opts.out) {
      mkdirSync(dirname(RUNS_FILE), { recursive: true });
      appendFileSync(RUNS_FILE, `${JSON.stringify(result)}\n`);
      log(`Appended to ${relative(root, RUNS_FILE)}.`);
    }
    printSummary(result);
    if (opts.out) {
      writeSection(opts.out, scaleMarkdown(result, readRuns()));
      log(`Written to ${relative(root, opts.out)} (the national-scale section).`);
    }
    await cleanup();
    process.exit(0);
  } catch (err) {
    await cleanup();
    console.error(`\nnpm run bench -- --scale failed: ${err?.stack ?? err}`);
    console.error(`Logs of the stack: ${relative(root, logDir)}/`);
    process.exit(1);
  }
}

/**
 * Creates `opts.cases` cases with `opts.concurrency` callers, never more than `opts.window` ahead
 * of the read model, and waits until every one is in the read model with its urgency-assessment
 * task. Returns the time, the rate and the progress lines.
 */
async function createCases({ opts, apiPort, pool, client, policy, worker, guard }) {
  const tag = randomBytes(3).toString('hex');
  let posted = 0;
  let done = 0;
  let errors = 0;
  let next = 0;
  const postMs = [];
  const progress = [];
  const countDone = async () => (await pool.query(`SELECT count(*)::int AS n FROM tasks WHERE kind = 'urgency-assessment'`)).rows[0].n;
  const base = await countDone();
  log(
    `Creating ${opts.cases.toLocaleString('en')} cases via ${opts.via === 'reports' ? 'POST /reports' : "the case workflow's start"} ` +
      `at concurrency ${opts.concurrency}, at most ${opts.window} ahead of the read model...`,
  );
  const t0 = performance.now();
  let lastMark = { at: t0, done: 0 };
  let stalledSince = performance.now();
  let finished = false;
  const watcher = (async () => {
    while (!finished) {
      guard();
      const n = Math.min(opts.cases, (await countDone()) - base);
      if (n > done) stalledSince = performance.now();
      done = n;
      if (done >= opts.cases || (opts.createUntil && Date.now() >= opts.createUntil && done >= posted)) break;
      if (performance.now() - stalledSince > 300_000)
        throw new Error(`no case reached the read model for 300 s (${done} of ${opts.cases})`);
      const mark = Math.floor(done / opts.progress) * opts.progress;
      if (mark > lastMark.done) {
        const now = performance.now();
        const m = memory(worker.pid);
        const line = {
          done,
          posted,
          seconds: (now - t0) / 1000,
          rate: done / ((now - t0) / 1000),
          recentRate: (done - lastMark.done) / ((now - lastMark.at) / 1000),
          workerRss: m.rss,
          load: os.loadavg()[0],
        };
        progress.push(line);
        log(
          `${done.toLocaleString('en')} of ${opts.cases.toLocaleString('en')} cases in ${line.seconds.toFixed(0)} s: ` +
            `${line.rate.toFixed(1)}/s overall, ${line.recentRate.toFixed(1)}/s lately; posted ${posted}; errors ${errors}; ` +
            `worker RSS ${mib(m.rss)}; load ${load()}`,
        );
        lastMark = { at: now, done: mark };
      }
      await sleep(1000);
    }
  })();
  const one = opts.via === 'reports' ? postReport(apiPort, tag, postMs) : startCase(client, policy, postMs);
  const callers = Array.from({ length: Math.min(opts.concurrency, opts.cases) }, async () => {
    while (next < opts.cases && !(opts.createUntil && Date.now() >= opts.createUntil)) {
      guard();
      while (posted - done >= opts.window) {
        guard();
        await sleep(100);
      }
      const i = next++;
      for (let attempt = 1; ; attempt++) {
        try {
          await one(i);
          break;
        } catch (err) {
          errors++;
          if (attempt >= 5 || errors > 200) throw err;
          await sleep(1000 * attempt);
        }
      }
      posted++;
    }
  });
  try {
    await Promise.all([...callers, watcher]);
  } finally {
    finished = true;
  }
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    cases: done,
    seconds,
    rate: done / seconds,
    errors,
    post: { p50: percentile(postMs, 50), p99: percentile(postMs, 99) },
    progress,
  };
  log(
    `Created ${done.toLocaleString('en')} cases in ${seconds.toFixed(0)} s (${result.rate.toFixed(1)}/s); ` +
      `each call took p50 ${result.post.p50.toFixed(0)} ms, p99 ${result.post.p99.toFixed(0)} ms; ${errors} errors retried`,
  );
  return result;
}

/** One report of concern about a new child, as a reporter's system would send it. */
function postReport(apiPort, tag, postMs) {
  return async (i) => {
    const key = `scale-${tag}-${i}`;
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${apiPort}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        reporter: { name: `Scale Reporter ${i % 1000}`, email: `scale.${i % 1000}@skole.example.dk`, type: 'professional' },
        childReference: `SCALE-${tag}-${i}`,
        concern: `Scale report ${i}: the child often comes to school hungry.`,
        idempotencyKey: key,
      }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST /reports answered ${res.status}: ${text.slice(0, 300)}`);
    postMs.push(performance.now() - t);
  };
}

/** The case workflow's own start with its first report, as the child's intake workflow starts it. */
function startCase(client, policy, postMs) {
  return async (i) => {
    const caseId = randomUUID();
    const t = performance.now();
    await client.workflow.start('caseWorkflow', {
      workflowId: `case-${caseId}`,
      taskQueue: TASK_QUEUE,
      args: [
        {
          caseId,
          policy,
          firstReport: {
            reportId: randomUUID(),
            receivedAt: new Date().toISOString(),
            reporter: { name: `Scale Reporter ${i % 1000}`, email: `scale.${i % 1000}@skole.example.dk`, type: 'professional' },
            childReference: `SCALE-${caseId.slice(0, 8)}`,
            concern: `Scale report ${i}: the child often comes to school hungry.`,
          },
        },
      ],
    });
    postMs.push(performance.now() - t);
  };
}

async function diskPerCase({ adminUrl, databaseUrl, databases, cases, pg }) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const size = async (name) => Number((await admin.query('SELECT pg_database_size($1) AS s', [name])).rows[0].s);
    const readModelName = new URL(databaseUrl).pathname.slice(1);
    const temporal = await size(databases.temporal);
    const visibility = await size(databases.visibility);
    const readModel = await size(readModelName);
    const tables = async (url) => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const { rows } = await c.query(
          `SELECT relname AS name, pg_total_relation_size(c.oid)::bigint AS bytes FROM pg_class c
             JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY 2 DESC LIMIT 5`,
        );
        return rows.map((r) => ({ name: r.name, bytes: Number(r.bytes) }));
      } finally {
        await c.end();
      }
    };
    const url = (name) => Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
    const { rows } = await admin.query(
      `SELECT (SELECT count(*) FROM pg_ls_waldir())::int AS files, (SELECT coalesce(sum(size), 0) FROM pg_ls_waldir())::bigint AS bytes`,
    );
    return {
      temporal,
      visibility,
      readModel,
      wal: Number(rows[0].bytes),
      perCase: { temporal: (temporal + visibility) / cases, readModel: readModel / cases },
      largest: { temporal: await tables(url(databases.temporal)), readModel: await tables(databaseUrl) },
    };
  } finally {
    await admin.end();
  }
}

/**
 * The coordinator's inbox and a case of hers, each as JSON (the API) and as the page (HTML), under
 * `rps` requests a second for `seconds` each (autocannon), after a short warm-up at the same rate.
 */
async function pagesUnderLoad({ apiUrl, tokenFor, rps, seconds, guard }) {
  const { default: autocannon } = await import('autocannon');
  const username = 'anna';
  const token = await tokenFor(username);
  const headers = { authorization: `Bearer ${token}` };
  const inbox = await (await fetch(`${apiUrl}/inbox`, { headers })).json();
  const caseId = inbox.items?.find((t) => t.caseId)?.caseId;
  if (!caseId) throw new Error(`the inbox of ${username} lists no case: ${JSON.stringify(inbox).slice(0, 300)}`);
  const targets = [
    { name: 'inbox (JSON)', path: '/inbox' },
    { name: 'inbox (page)', path: '/app/inbox' },
    { name: 'case (JSON)', path: `/cases/${caseId}` },
    { name: 'case (page)', path: `/app/cases/${caseId}` },
  ];
  const results = [];
  for (const target of targets) {
    guard();
    const check = await fetch(`${apiUrl}${target.path}`, { headers });
    if (check.status !== 200) throw new Error(`GET ${target.path} as ${username} answered ${check.status}`);
    const run = (duration) =>
      autocannon({ url: `${apiUrl}${target.path}`, headers, connections: 20, overallRate: rps, duration, timeout: 10 });
    await run(3);
    const r = await run(seconds);
    const line = {
      ...target,
      items: inbox.items?.length,
      requests: r.requests.total,
      rate: r.requests.total / seconds,
      non2xx: r.non2xx,
      errors: r.errors + r.timeouts,
      p50: r.latency.p50,
      p99: r.latency.p99,
      max: r.latency.max,
    };
    results.push(line);
    log(
      `  GET ${target.path.replace(caseId, ':id').padEnd(20)} ${line.rate.toFixed(0)} req/s: p50 ${line.p50} ms, p99 ${line.p99} ms, max ${line.max} ms` +
        (line.non2xx || line.errors ? ` (${line.non2xx} not 2xx, ${line.errors} errors)` : ''),
    );
  }
  return { username, rps, seconds, results };
}

function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    os: `${os.type()} ${os.release()}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Output

function readRuns() {
  if (!existsSync(RUNS_FILE)) return [];
  return readFileSync(RUNS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function printSummary(r) {
  console.log('');
  console.log(`cases: ${r.creation.cases} in ${r.creation.seconds.toFixed(0)} s, ${r.creation.rate.toFixed(1)}/s`);
  console.log(
    `worker RSS at steady state: ${mib(r.memory.rss)} (peak ${mib(r.memory.peak)}; cache ${r.cacheSize} workflows; target at most ${mib(TARGETS.rssBytes)})`,
  );
  console.log(`disk a case: Temporal ${kib(r.disk.perCase.temporal)}, read model ${kib(r.disk.perCase.readModel)}`);
  if (r.deadlines) for (const line of deadlineLines(r.deadlines)) console.log(line);
  for (const x of r.latency?.results ?? []) console.log(`${x.name}: p50 ${x.p50} ms, p99 ${x.p99} ms at ${x.rate.toFixed(0)} req/s`);
  console.log(`load average: ${r.load}`);
  console.log('');
}

/** Replaces the scale section of the page (or appends it), formatted as `npm run format` would. */
function writeSection(file, section) {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const at = sectionAt(current);
  writeFileSync(
    file,
    at ? `${current.slice(0, at.start)}${section.trimEnd()}${current.slice(at.end)}` : `${current.trimEnd()}\n\n${section}`,
  );
  spawnSync(process.execPath, [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--write', file], { stdio: 'ignore' });
}

function sectionAt(text) {
  const start = text.indexOf(SCALE_START);
  const end = text.indexOf(SCALE_END);
  return start >= 0 && end > start ? { start, end: end + SCALE_END.length } : undefined;
}

/**
 * `page` (a whole benchmarks page written anew by `npm run bench`) with the scale section `previous`
 * had, and everything written by hand after it (the analysis of the scale runs, before-and-after
 * comparisons of a change): `npm run bench` replaces only what it measures.
 */
export function withScaleSection(previous, page) {
  const at = sectionAt(previous);
  return at && !page.includes(SCALE_START) ? `${page.trimEnd()}\n\n${previous.slice(at.start).trimEnd()}\n` : page;
}

const n0 = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en') : '-');
const f1 = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');
const met = (ok) => (ok ? '**met**' : '**not met**');

function settings(r) {
  const w = r.opts.worker;
  const parts = [`${r.opts.shards} shards`, `cache ${r.cacheSize}${w.TEMPORAL_MAX_CACHED_WORKFLOWS === undefined ? ' (SDK default)' : ''}`];
  const knob = (key, label) => w[key] !== undefined && parts.push(`${label} ${w[key]}`);
  knob('TEMPORAL_WORKFLOW_TASK_SLOTS', 'workflow task slots');
  knob('TEMPORAL_ACTIVITY_TASK_SLOTS', 'activity slots');
  knob('TEMPORAL_LOCAL_ACTIVITY_SLOTS', 'local activity slots');
  knob('TEMPORAL_WORKFLOW_TASK_POLLERS', 'workflow pollers');
  knob('TEMPORAL_ACTIVITY_TASK_POLLERS', 'activity pollers');
  if (r.opts.workerHeap) parts.push(`worker heap ${r.opts.workerHeap} MiB`);
  parts.push(`concurrency ${r.opts.concurrency}`, `window ${r.opts.window}`);
  return parts.join(', ');
}

const cpuTotal = (x) => (x.creation.cpuMsPerCase ? n0(Object.values(x.creation.cpuMsPerCase).reduce((a, b) => a + b, 0)) : '-');
const inboxP99Of = (x) => Math.max(...(x.latency?.results ?? []).filter((y) => y.path.includes('inbox')).map((y) => y.p99));
const inboxOf = (x) => (x.latency ? `${n0(inboxP99Of(x))} ms` : '-');

export function scaleMarkdown(r, runs) {
  const c = r.creation;
  const d = r.deadlines;
  const inboxP99 = inboxP99Of(r);
  const cpu = c.cpuMsPerCase ?? {};
  const cpuSum = Object.values(cpu).reduce((a, b) => a + b, 0);
  const m = r.machine;
  const runRows = runs
    .map(
      (x) =>
        `| ${x.date.slice(0, 16).replace('T', ' ')} | ${n0(x.creation.cases)} | ${x.opts.via} | ${settings(x)} | ${f1(x.creation.rate)} | ${cpuTotal(x)} | ${mib(x.memory.rss)} | ${mib(x.memory.peak)} | ${x.deadlines ? `${n0(x.deadlines.p99)} ms` : '-'} | ${inboxOf(x)} | ${x.load.split(', ')[0]} | ${x.opts.note || ''} |`,
    )
    .join('\n');
  const latencyRows = (r.latency?.results ?? [])
    .map(
      (x) =>
        `| \`GET ${x.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':id')}\` | ${f1(x.rate)} | ${x.p50} | ${x.p99} | ${x.max} | ${x.path.includes('inbox') ? `p99 ≤ ${TARGETS.inboxP99Ms} ms: ${met(x.p99 <= TARGETS.inboxP99Ms && !x.non2xx && !x.errors)}` : ''} |`,
    )
    .join('\n');
  return `${SCALE_START}
## National scale (issue 10)

Measured ${r.date} by \`npm run bench -- --scale\` (scripts/bench/scale.mjs) on ${m.cores} cores (${m.cpu}), ${f1(m.memoryGb)} GB memory, Node ${m.node}, PostgreSQL ${r.postgres}, the real Temporal server ${r.temporal} (four services on the same PostgreSQL) and the built worker and API as processes. Load average at the end: ${r.load} (the stack's own processes count in it; it says nothing of other work).

| figure | value | target |
| --- | ---: | --- |
| cases created (${r.opts.via === 'reports' ? '`POST /reports`, each a new child' : "the case workflow's start"}, statutory policy) | ${n0(c.cases)} in ${n0(c.seconds)} s: ${f1(c.rate)} a second${c.cases < r.opts.cases ? ` (stopped at the time limit; ${n0(r.opts.cases)} asked: ${n0(r.opts.cases / c.rate / 60)} min at this rate)` : ''} | |
| worker RSS at steady state (cache ${r.cacheSize} workflows) | ${mib(r.memory.rss)} (peak ${mib(r.memory.peak)}, ${mib(r.memory.idle)} before the first case) | ≤ 1 GiB: ${met(r.memory.rss <= TARGETS.rssBytes)} |
| Temporal disk a case (history + visibility) | ${kib(r.disk.perCase.temporal)} | |
| read-model disk a case | ${kib(r.disk.perCase.readModel)} | |
${d ? `| deadline burst: ${d.count} due in one minute, due → SMTP accepted (${d.mails} of ${d.expected} mails) | median ${n0(d.median)} ms, p99 ${n0(d.p99)} ms, max ${n0(d.max)} ms | p99 ≤ ${TARGETS.deadlineP99Ms} ms: ${met(d.p99 <= TARGETS.deadlineP99Ms && !d.missing)} |\n` : ''}${r.latency ? `| inbox under ${r.latency.rps} requests a second, p99 (worst of JSON and page) | ${n0(inboxP99)} ms | ≤ ${TARGETS.inboxP99Ms} ms: ${met(inboxP99 <= TARGETS.inboxP99Ms)} |\n` : ''}
CPU a case while creating (from /proc, each process with its children): ${Object.entries(cpu)
    .map(([k, v]) => `${k} ${n0(v)} ms`)
    .join(
      ', ',
    )}: ${n0(cpuSum)} ms, so ${m.cores} cores kept busy by this stack alone would make at most ${f1((m.cores * 1000) / cpuSum)} cases a second. The machine was busy ${f1(c.machineBusy)} of its ${m.cores} cores meanwhile.

${r.failures?.length ? `Steps that failed in this run: ${r.failures.join('; ')}.\n\n` : ''}Settings: ${settings(r)}. Disk: Temporal ${mib(r.disk.temporal)} and its visibility ${mib(r.disk.visibility)}, the read model ${mib(r.disk.readModel)} (\`pg_database_size\`, WAL excluded: ${mib(r.disk.wal)} at the time). Largest tables: Temporal ${r.disk.largest.temporal.map((t) => `\`${t.name}\` ${mib(t.bytes)}`).join(', ')}; read model ${r.disk.largest.readModel.map((t) => `\`${t.name}\` ${mib(t.bytes)}`).join(', ')}.
${
  r.latency
    ? `
Pages under load, signed in as the coordinator \`${r.latency.username}\` (bearer token), ${r.latency.seconds} s each at ${r.latency.rps} requests a second (autocannon, 20 connections, after 3 s of warm-up):

| request | req/s | p50 ms | p99 ms | max ms | target |
| --- | ---: | ---: | ---: | ---: | --- |
${latencyRows}
`
    : ''
}
Runs that chose the settings (every run of \`--scale\` on this machine, from \`docs/benchmarks/scale-runs.jsonl\`):

| when (UTC) | cases | via | settings | cases/s | CPU ms a case | worker RSS | RSS peak | deadline p99 | inbox p99 | load | note |
| --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${runRows}

Reproduce: \`npm run bench -- --scale --cases ${r.opts.cases} --via ${r.opts.via} --concurrency ${r.opts.concurrency} --window ${r.opts.window} --shards ${r.opts.shards}${r.opts.worker.TEMPORAL_MAX_CACHED_WORKFLOWS !== undefined ? ` --cache ${r.opts.worker.TEMPORAL_MAX_CACHED_WORKFLOWS}` : ''}${r.opts.workerHeap ? ` --worker-heap ${r.opts.workerHeap}` : ''}\` (add \`--create-until HH:MM\` to stop creating at a UTC time and measure the cases made by then).
${SCALE_END}
`;
}
