import type { Client } from '@temporalio/client';
import { closeDatabase } from './database';
import { MailCatcher } from './mail-catcher';
import { type RunningProcess, startWorker } from './processes';
import { temporalClient } from './temporal';
import { uniqueTaskQueue } from './test-env';

/** One worker (the built one, as production runs it), a mail catcher and a client per test file. */
export function useWorkflowHarness(name: string) {
  const h = { taskQueue: uniqueTaskQueue(name) } as { taskQueue: string; client: Client; mail: MailCatcher; worker: RunningProcess };
  beforeAll(async () => {
    h.mail = await MailCatcher.start();
    h.worker = await startWorker({ taskQueue: h.taskQueue, smtpUrl: h.mail.smtpUrl });
    h.client = await temporalClient();
  });
  afterAll(async () => {
    await h.client?.connection.close();
    await Promise.all([h.worker?.stop(), h.mail?.stop()]);
    await closeDatabase();
  });
  return h;
}
