// Fault (c): Temporal's PostgreSQL and the read model's PostgreSQL (two servers, as a municipality
// may run them) are stopped together for 30 s while deadlines fall due and commands are sent, then
// started again. Without its database Temporal keeps no time: the steps due meanwhile fire once it
// can write again, once each and in order. The API answers 503 with Retry-After until both are back;
// every command is then applied once, and every mail goes once.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { type ApiClient, signIn } from '../support/auth';
import { openCase } from '../support/cases';
import { testPolicy } from '../support/test-policy';
import { eventually, sleep } from '../support/test-env';
import {
  countStatuses,
  describeFault,
  dueWhileDown,
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
const OUTAGE_MS = 30_000;
// Reminder at 15 s, overdue and the supervisor at 30 s, the head of department at 40 s; both
// databases are down from about 8 s to 38 s after the cases open.
const urgency = {
  due: { seconds: 30 },
  remindAtFractions: [0.5],
  escalations: [
    { after: { seconds: 0 }, to: 'supervisor' as const },
    { after: { seconds: 10 }, to: 'head-of-department' as const },
  ],
};

describeFault("Temporal's and the read model's PostgreSQL restarted", () => {
  let stack: FaultStack;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    stack = await startFaultStack('postgres-restarted', { separateTemporalPostgres: true });
    as.sofie = await signIn(stack.api.url, 'sofie');
    as.anna = await signIn(stack.api.url, 'anna');
  }, 300_000);
  afterAll(() => stopFaultStack(stack), 120_000);

  it('fires the deadlines that fell due while both were down once they are back, once and in order, applies each command once and mails once', async () => {
    const policy = testPolicy({ urgencyAssessment: urgency });
    const t0 = Date.now();
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await openCase(stack.client, stack.taskQueue, policy)).caseId);
    // Everything so far is in the read model: each case's task and receipt.
    await eventually(
      async () =>
        (await stack.sql(`SELECT 1 FROM mail_outbox WHERE case_id = ANY($1) AND kind = 'activity' AND status = 'sent'`, [caseIds]))
          .length === CASES,
      { what: 'every receipt to be sent' },
    );

    await sleep(t0 + 8_000 - Date.now());
    await Promise.all([stack.temporalPg.stop(), stack.readPg.stop()]);
    const down = Date.now();
    const commands: SentCommand[] = [];
    const assigned = Promise.all(
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
    await Promise.all([stack.temporalPg.start(), stack.readPg.start()]);
    const back = Date.now();
    await assigned;

    await eventually(
      async () => {
        const [{ n }] = await stack.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1) AND type IN ('task.reminded', 'task.overdue', 'task.escalated')`,
          [caseIds],
        );
        return n === CASES * 4;
      },
      { timeoutMs: 120_000, what: 'every deadline step of every case' },
    );
    await Promise.all(
      caseIds.map((caseId) =>
        sendCommand(
          as.anna,
          `/cases/${caseId}/commands/record-urgency-assessment`,
          { childInDanger: false, acuteHelpNeeded: false },
          `urgency-${caseId}`,
          commands,
        ),
      ),
    );

    const steps = await expectDeadlinesRecordedOnceInOrder(stack, caseIds, { 'urgency-assessment': urgency });
    reportLateness('postgres-restarted', {
      title: "Fault (c): Temporal's and the read model's PostgreSQL stopped for 30 s and started again",
      steps,
      t0,
      down,
      back,
      notes: [
        `both stopped at ${((down - t0) / 1000).toFixed(1)} s, accepting connections again at ${((back - t0) / 1000).toFixed(1)} s`,
        `commands: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
      ],
    });
    const inOutage = steps.filter((s) => dueWhileDown(s, down, back));
    expect(inOutage.length).toBeGreaterThanOrEqual(CASES * 2);
    for (const s of inOutage) expect(s.firedAt - back).toBeLessThan(60_000);
    for (const s of steps.filter((x) => x.dueAt < down - 2_000)) expect(s.lateMs).toBeLessThan(10_000);

    expectEveryCommandTaken(commands);
    expect(commands.filter((c) => c.path.endsWith('assign-coordinator') && c.statuses[0] === 503).length).toBeGreaterThan(0);
    // Without its database the API cannot tell who asks: it says to come back in 5 s.
    expect(commands.flatMap((c) => c.retryAfter)).toContain('5');
    await expectOneEventPerCase(stack, caseIds, 'case.coordinator-assigned');
    await expectOneEventPerCase(stack, caseIds, 'urgency-assessment.recorded');
    // An outage is no reason to park anything: every write waited and went through.
    expect(await stack.sql('SELECT id FROM dead_letters')).toEqual([]);
    await expectEveryMailSentOnce(stack);
  }, 300_000);
});
