import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { eventually, testEnv } from './test-env';

const root = join(__dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A child process of ours whose output is kept, to wait for a line or to show on failure. */
export class RunningProcess {
  output = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    // CLOSER_TEST_ECHO=1 shows what the apps print while a test runs (for debugging).
    const echo = process.env.CLOSER_TEST_ECHO === '1';
    const keep = (c: Buffer) => {
      this.output += c.toString();
      if (echo) process.stderr.write(`[${name}] ${c.toString()}`);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    await eventually(
      async () => {
        if (this.proc.exitCode !== null) throw new Error(`${this.name} exited with ${this.proc.exitCode}:\n${this.output}`);
        return pattern.test(this.output);
      },
      { timeoutMs, what: `${this.name} to print ${pattern}` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n--- ${this.name} output ---\n${this.output}`);
    });
  }

  /** The crash case: no shutdown hooks, no draining. */
  async kill(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGKILL');
    await this.exited;
  }

  async stop(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

function appEnv(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env = testEnv();
  return {
    ...process.env,
    DATABASE_URL: env.databaseUrl,
    TEMPORAL_ADDRESS: env.temporalAddress,
    PAYLOAD_KEYS: env.payloadKeys,
    ...overrides,
  };
}

function startNode(name: string, script: string, env: NodeJS.ProcessEnv): RunningProcess {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
  return new RunningProcess(name, spawn(process.execPath, [join(root, script)], { env: clean, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/** The built worker (dist/), as `npm run dev` and production run it. */
export async function startWorker(
  env: { taskQueue: string; smtpUrl: string } & Record<string, string | undefined>,
): Promise<RunningProcess> {
  const { taskQueue, smtpUrl, ...rest } = env;
  const p = startNode('worker', 'dist/apps/worker/src/main.js', appEnv({ TEMPORAL_TASK_QUEUE: taskQueue, SMTP_URL: smtpUrl, ...rest }));
  await p.waitForOutput(/polling task queue/);
  return p;
}

export interface RunningApi extends RunningProcess {
  url: string;
}

/** The built API on a free port. */
export async function startApi(env: { taskQueue: string } & Record<string, string | undefined>): Promise<RunningApi> {
  const { taskQueue, ...rest } = env;
  const port = await freePort();
  // Reached as 127.0.0.1, so the sign-in's callback comes back to the origin its session cookie is for.
  const p = startNode(
    'api',
    'dist/apps/api/src/main.js',
    appEnv({ TEMPORAL_TASK_QUEUE: taskQueue, API_PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...rest }),
  );
  await p.waitForOutput(/listening on/);
  return Object.assign(p, { url: `http://127.0.0.1:${port}` });
}

/** Starts a process that is expected to fail at once, and returns its exit code and output. */
export async function runToExit(
  kind: 'api' | 'worker',
  overrides: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const p = startNode(kind, kind === 'api' ? 'dist/apps/api/src/main.js' : 'dist/apps/worker/src/main.js', appEnv(overrides));
  const timer = setTimeout(() => p.proc.kill('SIGKILL'), 30_000);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, output: p.output };
}
