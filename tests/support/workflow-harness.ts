// The one harness every test file that runs the apps starts them through: the built worker (with a
// mail catcher), the built API, a Temporal client, and clients signed in as the demo users. The
// browser sessions (./browser.ts) and the fault stacks (../faults/fault-stack.ts) build on it.
import type { Client } from '@temporalio/client';
import { Pool } from 'pg';
import { type ApiClient, signedInClient, tokenFor } from './auth';
import { closeDatabase, sql as sharedSql } from './database';
import { MailCatcher } from './mail-catcher';
import { type RunningApi, type RunningProcess, startApi, startWorker } from './processes';
import { type DemoUsername, signedInCases } from './signed-in-cases';
import { temporalClient } from './temporal';
import { uniqueTaskQueue } from './test-env';

export type Sql = <T = Record<string, any>>(text: string, params?: unknown[]) => Promise<T[]>;

/** A PostgreSQL of a test's own (StoppablePostgres, OwnPostgres) that the apps use in place of the shared one. */
export interface OwnDatabase {
  readonly url: string;
  exit(): Promise<void>;
}

export interface AppsOptions {
  /** The built worker (the default); false for a test that starts its own (`anotherWorker`) or needs none. */
  worker?: boolean;
  /** A mail catcher the workers send to: with the worker unless told otherwise. */
  mail?: boolean;
  /** The built API too, with this extra environment (`true`: none). */
  api?: Record<string, string | undefined> | boolean;
  /** Where the apps find PostgreSQL and Temporal, when not on the stack `npm test` started. */
  databaseUrl?: string;
  temporalAddress?: string;
}

/** What a test file's apps are, filled in as they start (fields may be replaced by a test that restarts one). */
export interface Apps<U extends DemoUsername = DemoUsername> {
  taskQueue: string;
  client: Client;
  mail: MailCatcher;
  worker: RunningProcess;
  api: RunningApi;
  /** A client signed in as each of the file's users (there from the start; it sends to the API once that runs). */
  as: Record<U, ApiClient>;
  /** Cases opened over HTTP by the signed-in users (reports, assignments, proposed measures). */
  cases: ReturnType<typeof signedInCases>;
  /** The read model the apps write to. */
  sql: Sql;
}

/** What a started set of apps reads its read model with, passes its processes, and has started. */
interface Running {
  query: Sql;
  env: Record<string, string>;
  more: RunningProcess[];
  stop(): Promise<void>;
}
const running = new WeakMap<Apps<any>, Running>();

/** Apps not started yet, for a test to hold from the start (their fields are there once `startApps` has run). */
export function newApps<U extends DemoUsername>(taskQueue: string, users: readonly U[] = []): Apps<U> {
  const apps = { taskQueue, as: {} } as Apps<U>;
  for (const u of users) apps.as[u] = signedInClient(() => apps.api.url, u);
  apps.sql = (text, params) => (running.get(apps)?.query ?? sharedSql)(text, params);
  apps.cases = signedInCases(apps.as, apps.sql);
  return apps;
}

/** Starts the apps into `apps` (the worker and the API side by side) and signs the users in; `stopApps` ends them all. */
export async function startApps(
  apps: Apps<any>,
  { worker = true, mail = worker, api = false, databaseUrl, temporalAddress }: AppsOptions = {},
): Promise<void> {
  const env: Record<string, string> = {};
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  if (temporalAddress) env.TEMPORAL_ADDRESS = temporalAddress;
  let query: Sql = sharedSql;
  let endPool = closeDatabase;
  if (databaseUrl) {
    const pool = new Pool({ connectionString: databaseUrl, max: 3 });
    // An idle connection cut by the server (the test stops it; code 57P01) must not end the run with
    // an unhandled 'error' event; a query the test needs still fails loudly.
    pool.on('error', () => undefined);
    query = async (text, params = []) => (await pool.query(text, params)).rows;
    endPool = () => pool.end().catch(() => undefined);
  }
  const more: RunningProcess[] = [];
  running.set(apps, {
    query,
    env,
    more,
    stop: async () => {
      await apps.client?.connection.close().catch(() => undefined);
      await Promise.all([apps.api?.stop(), apps.worker?.stop(), ...more.map((w) => w.stop()), apps.mail?.stop()]);
      await endPool();
    },
  });
  if (mail) apps.mail = await MailCatcher.start();
  // Side by side; whichever started is kept for stopApps even when the other failed.
  const [w, a] = await Promise.allSettled([
    worker ? startWorker({ taskQueue: apps.taskQueue, smtpUrl: apps.mail.smtpUrl, ...env }) : undefined,
    api ? startApi({ taskQueue: apps.taskQueue, ...env, ...(api === true ? {} : api) }) : undefined,
  ]);
  if (w.status === 'fulfilled' && w.value) apps.worker = w.value;
  if (a.status === 'fulfilled' && a.value) apps.api = a.value;
  for (const r of [w, a]) if (r.status === 'rejected') throw r.reason;
  apps.client = await temporalClient({ address: temporalAddress });
  // Signed in now, so that a login that fails fails here.
  for (const u of Object.keys(apps.as)) await tokenFor(u);
}

/** One more worker on the apps' task queue (to kill, or after one was killed), stopped with the apps. */
export async function anotherWorker(apps: Apps<any>): Promise<RunningProcess> {
  const state = running.get(apps);
  if (!state) throw new Error('start the apps first');
  const w = await startWorker({ taskQueue: apps.taskQueue, smtpUrl: apps.mail.smtpUrl, ...state.env });
  state.more.push(w);
  return w;
}

export async function stopApps(apps: Apps<any>): Promise<void> {
  await running.get(apps)?.stop();
}

export interface HarnessOptions<U extends DemoUsername, D extends OwnDatabase> extends AppsOptions {
  /** The demo users the file acts as: a client each in `as`. */
  users?: readonly U[];
  /** A PostgreSQL of the file's own (`pg`), which the apps and `sql` use in place of the shared one. */
  database?: () => Promise<D>;
  /** What the file puts back through the apps before they stop. */
  cleanUp?: (h: Apps<U>) => Promise<unknown>;
}

/**
 * The apps of one test file, started before its tests and stopped after them: by default one
 * worker (the built one, as production runs it), a mail catcher and a Temporal client on a task
 * queue of the file's own; with `api`, the built API too; see HarnessOptions for the rest.
 */
export function useWorkflowHarness<U extends DemoUsername = never, D extends OwnDatabase = OwnDatabase>(
  name: string,
  { users, database, cleanUp, ...options }: HarnessOptions<U, D> = {},
): Apps<U> & { pg: D } {
  const h = newApps<U>(uniqueTaskQueue(name), users) as Apps<U> & { pg: D };
  beforeAll(async () => {
    if (database) h.pg = await database();
    await startApps(h, { ...options, databaseUrl: h.pg?.url });
  }, 300_000);
  afterAll(async () => {
    try {
      if (h.client) await cleanUp?.(h);
    } finally {
      await stopApps(h);
      await h.pg?.exit();
    }
  }, 120_000);
  return h;
}

/** The built API with a client signed in as each of `users` (and, unless `worker: false`, a worker). */
export function useSignedInApi<U extends DemoUsername, D extends OwnDatabase = OwnDatabase>(
  name: string,
  users: readonly U[],
  options: Omit<HarnessOptions<U, D>, 'users'> = {},
): Apps<U> & { pg: D } {
  return useWorkflowHarness<U, D>(name, { api: true, ...options, users });
}
