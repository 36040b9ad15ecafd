// Fault (d): the SMTP server is down for more than a minute while cases open (their receipts) and
// deadlines fall due (the notifications of each step). Nothing waits for mail: the deadlines fire on
// time. The mail waits in the outbox, and goes once SMTP is back: each message exactly once.
import { MailCatcher } from '../support/mail-catcher';
import { fastRule, testPolicy } from '../support/test-policy';
import { sleep } from '../support/test-env';
import {
  assignTo,
  countStatuses,
  describeFault,
  expectDeadlinesRecordedOnceInOrder,
  expectEveryCommandTaken,
  expectEveryMailSentOnce,
  expectOneEventPerCase,
  openCases,
  reportLateness,
  type SentCommand,
  sendToEveryCase,
  untilStepsRecorded,
  useFaultStack,
} from './fault-stack';

const CASES = 6;
const OUTAGE_MS = 65_000;
// Reminder at 10 s, overdue and the supervisor at 20 s, the head of department at 22 s: all while SMTP is down.
const urgency = fastRule(20);

describeFault('SMTP down for more than a minute', () => {
  const stack = useFaultStack('smtp-down', { users: ['sofie'] });

  it('keeps every mail in the outbox while SMTP is down and sends each once when it is back; the deadlines fire on time', async () => {
    const smtpPort = stack.mail.smtpPort;
    await stack.mail.stop();
    const down = Date.now();
    const t0 = down;
    const policy = testPolicy({ urgencyAssessment: urgency });
    const caseIds = await openCases(stack, CASES, policy);
    // Each case goes to anna: her reminders are mailed to her.
    const commands: SentCommand[] = [];
    await sendToEveryCase(stack.as.sofie, caseIds, 'assign-coordinator', assignTo('anna'), 'assign', commands);

    // SMTP stays down for more than a minute, and until every deadline step has fired: the deadlines
    // do not wait for mail.
    await sleep(down + OUTAGE_MS - Date.now());
    await untilStepsRecorded(stack, caseIds, CASES * 4);
    // Every mail so far waits in the outbox: none could be sent.
    const waiting = await stack.sql<{ kind: string; status: string }>('SELECT kind, status FROM mail_outbox');
    expect(waiting.filter((m) => m.status !== 'pending')).toEqual([]);
    expect(waiting.filter((m) => m.kind === 'activity')).toHaveLength(CASES);
    expect(waiting.filter((m) => m.kind === 'notification').length).toBeGreaterThanOrEqual(CASES * 2);
    stack.mail = await MailCatcher.start(smtpPort);
    const back = Date.now();

    const outbox = await expectEveryMailSentOnce(stack, { timeoutMs: 150_000 });
    const steps = await expectDeadlinesRecordedOnceInOrder(stack, caseIds, { 'urgency-assessment': urgency });
    const afterBack = outbox.map((m) => new Date(m.sent_at).getTime() - back);
    reportLateness('smtp-down', {
      title: 'Fault (d): SMTP down for 65 s while cases open and deadlines fall due',
      steps,
      t0,
      notes: [
        `SMTP down from 0 s to ${((back - t0) / 1000).toFixed(1)} s; the deadlines do not wait for mail`,
        `${outbox.length} mails (${waiting.length} waiting in the outbox when SMTP came back); sent ${(
          Math.min(...afterBack) / 1000
        ).toFixed(1)} s to ${(Math.max(...afterBack) / 1000).toFixed(1)} s after SMTP was back`,
        `commands: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
      ],
    });
    // Every step fired while SMTP was down, before it came back; how late is in the report above.
    for (const s of steps) expect(s.firedAt).toBeLessThan(back);
    // Each mail waited for SMTP: sent once it was back (within the outbox's and the receipt's retry intervals), none before.
    for (const ms of afterBack) expect(ms).toBeGreaterThanOrEqual(0);
    expectEveryCommandTaken(commands);
    await expectOneEventPerCase(stack, caseIds, 'case.coordinator-assigned');
  }, 330_000);
});
