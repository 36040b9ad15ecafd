import type { Client } from '@temporalio/client';
import { closeDatabase } from './database';
import { MailCatcher } from './mail-catcher';
import { type RunningApi, type RunningProcess, startApi, startWorker } from './processes';
import { temporalClient } from './temporal';
import { uniqueTaskQueue } from './test-env';

/**
 * One worker (the built one, as production runs it), a mail catcher and a client per test file;
 * with `api`, the built API too, on the same task queue and with extra environment.
 */
export function useWorkflowHarness(name: string, { api }: { api?: Record<string, string> } = {}) {
  const h = { taskQueue: uniqueTaskQueue(name) } as {
    taskQueue: string;
    client: Client;
    mail: MailCatcher;
    worker: RunningProcess;
    api: RunningApi;
  };
  beforeAll(async () => {
    h.mail = await MailCatcher.start();
    h.worker = await startWorker({ taskQueue: h.taskQueue, smtpUrl: h.mail.smtpUrl });
    if (api) h.api = await startApi({ taskQueue: h.taskQueue, ...api });
    h.client = await temporalClient();
  });
  afterAll(async () => {
    await h.client?.connection.close();
    await Promise.all([h.api?.stop(), h.worker?.stop(), h.mail?.stop()]);
    await closeDatabase();
  });
  return h;
}
