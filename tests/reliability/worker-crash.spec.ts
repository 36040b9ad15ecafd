// Nothing is lost and nothing is sent twice when the worker dies in the middle of a case.
import { closeDatabase, sql } from '../support/database';
import { MailCatcher } from '../support/mail-catcher';
import { freePort, type RunningApi, type RunningProcess, startApi, startWorker } from '../support/processes';
import { sampleReport, postReport } from '../support/reports';
import { temporalClient } from '../support/temporal';
import { caseViewQuery } from '../../workflows/contract';
import { eventually, uniqueTaskQueue } from '../support/test-env';

let api: RunningApi;
const workers: RunningProcess[] = [];
let mail: MailCatcher | undefined;

afterAll(async () => {
  await Promise.all([api?.stop(), ...workers.map((w) => w.stop()), mail?.stop()]);
  await closeDatabase();
});

it('finishes the case with exactly one receipt when the worker is killed between recording the report and sending the mail', async () => {
  const taskQueue = uniqueTaskQueue('crash');
  // The SMTP server is down at first, so the worker is held between the two activities:
  // the report is recorded, the receipt cannot go out yet.
  const smtpPort = await freePort();
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  const first = await startWorker({ taskQueue, smtpUrl });
  workers.push(first);
  api = await startApi({ taskQueue });

  const report = sampleReport();
  const { body } = await postReport(api.url, report);
  await eventually(async () => (await sql('SELECT id FROM reports WHERE case_id = $1', [body.caseId])).length === 1, {
    what: 'the report row',
  });
  await eventually(
    async () =>
      (await sql(`SELECT id FROM mail_outbox WHERE case_id = $1 AND kind = 'activity' AND status = 'pending'`, [body.caseId])).length === 1,
    {
      what: 'the receipt waiting in the outbox',
    },
  );

  await first.kill(); // SIGKILL: no shutdown, no draining.

  mail = await MailCatcher.start(smtpPort);
  workers.push(await startWorker({ taskQueue, smtpUrl }));

  await eventually(async () => (await mail!.messagesTo(report.reporter.email)).length > 0, {
    timeoutMs: 90_000,
    what: 'the receipt after the restart',
  });
  const client = await temporalClient();
  try {
    const view = await eventually(
      async () => {
        const v = await client.workflow.getHandle(body.workflowId).query(caseViewQuery);
        return v.receiptsSent.length ? v : undefined;
      },
      { what: 'the workflow to record the receipt' },
    );
    expect(view).toMatchObject({ phase: 'intake', reportIds: [body.reportId], receiptsSent: [body.reportId] });
  } finally {
    await client.connection.close();
  }

  // Every delivery of the receipt happens inside the activity whose result the workflow has just recorded,
  // and maildev stores a message before it answers the SMTP client: a second copy would be there by now.
  expect(await mail.messagesTo(report.reporter.email)).toHaveLength(1);
  expect(await sql('SELECT id FROM cases WHERE id = $1', [body.caseId])).toHaveLength(1);
  expect(await sql('SELECT id FROM reports WHERE case_id = $1', [body.caseId])).toHaveLength(1);
  expect(await sql(`SELECT status FROM mail_outbox WHERE case_id = $1 AND kind = 'activity'`, [body.caseId])).toEqual([{ status: 'sent' }]);
  const received = await sql(`SELECT type FROM case_events WHERE case_id = $1 AND type IN ('report.received', 'mail.sent')`, [body.caseId]);
  expect(received).toHaveLength(2);
});
