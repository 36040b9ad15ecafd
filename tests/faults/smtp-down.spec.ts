// Fault (d): the SMTP server is down for more than a minute while cases open (their receipts) and
// deadlines fall due (the notifications of each step). Nothing waits for mail: the deadlines fire on
// time. The mail waits in the outbox, and goes once SMTP is back: each message exactly once.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { type ApiClient, signIn } from '../support/auth';
import { openCase } from '../support/cases';
import { MailCatcher } from '../support/mail-catcher';
import { fastRule, testPolicy } from '../support/test-policy';
import { sleep } from '../support/test-env';
import {
  countStatuses,
  describeFault,
  expectDeadlinesRecordedOnceInOrder,
  expectEveryCommandTaken,
  expectEveryMailSentOnce,
  expectOneEventPerCase,
  type FaultStack,
  reportLateness,
  sendCommand,
  type SentCommand,
  startFaultStack,
  stopFaultStack,
} from './fault-stack';

const CASES = 6;
const OUTAGE_MS = 65_000;
// Reminder at 10 s, overdue and the supervisor at 20 s, the head of department at 22 s: all while SMTP is down.
const urgency = fastRule(20);

describeFault('SMTP down for more than a minute', () => {
  let stack: FaultStack;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    stack = await startFaultStack('smtp-down');
    as.sofie = await signIn(stack.api.url, 'sofie');
  }, 300_000);
  afterAll(() => stopFaultStack(stack), 120_000);

  it('keeps every mail in the outbox while SMTP is down and sends each once when it is back; the deadlines fire on time', async () => {
    const smtpPort = stack.mail.smtpPort;
    await stack.mail.stop();
    const down = Date.now();
    const t0 = down;
    const policy = testPolicy({ urgencyAssessment: urgency });
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await openCase(stack.client, stack.taskQueue, policy)).caseId);
    // Each case goes to anna: her reminders are mailed to her.
    const commands: SentCommand[] = [];
    await Promise.all(
      caseIds.map((caseId) =>
        sendCommand(
          as.sofie,
          `/cases/${caseId}/commands/assign-coordinator`,
          { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' },
          `assign-${caseId}`,
          commands,
        ),
      ),
    );

    await sleep(down + OUTAGE_MS - Date.now());
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
    for (const s of steps) expect(s.lateMs).toBeLessThan(10_000);
    // Each mail waited for SMTP and went within the outbox's and the receipt's retry intervals of its return.
    for (const ms of afterBack) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(120_000);
    }
    expectEveryCommandTaken(commands);
    await expectOneEventPerCase(stack, caseIds, 'case.coordinator-assigned');
  }, 330_000);
});
