// Fault (a): Temporal's history service is killed (SIGKILL, no draining: its shards and its place in
// the membership ring are left behind) for 30 s while the cases' deadlines fall due, and commands
// are sent meanwhile. Timers live in the history service: the steps that fell due while it was gone
// fire when it is back, late by about the outage, each once and in order; the commands are refused
// with 503 and Retry-After until then and applied once; every mail goes once.
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
// The 24-hour assessment compressed: reminder at 15 s, overdue and the supervisor at 30 s, the head
// of department at 40 s; the history service is gone from about 8 s to 38 s after the cases open.
const urgency = {
  due: { seconds: 30 },
  remindAtFractions: [0.5],
  escalations: [
    { after: { seconds: 0 }, to: 'supervisor' as const },
    { after: { seconds: 10 }, to: 'head-of-department' as const },
  ],
};

describeFault('the history service killed for 30 s', () => {
  let stack: FaultStack;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    stack = await startFaultStack('history-killed');
    as.sofie = await signIn(stack.api.url, 'sofie');
    as.anna = await signIn(stack.api.url, 'anna');
  }, 300_000);
  afterAll(() => stopFaultStack(stack), 120_000);

  it('fires every deadline that fell due while it was gone once it is back, once and in order, applies each command once and mails once', async () => {
    const policy = testPolicy({ urgencyAssessment: urgency });
    const t0 = Date.now();
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await openCase(stack.client, stack.taskQueue, policy)).caseId);

    await sleep(t0 + 8_000 - Date.now());
    const down = await stack.temporal.kill('history');
    // The supervisor assigns a coordinator to every case while the history service is gone: her client sends again on 503.
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
    const back = await stack.temporal.start('history');
    await assigned;

    // Once every step has fired, the coordinator records each assessment.
    await eventually(
      async () => {
        const [{ n }] = await stack.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1) AND type IN ('task.reminded', 'task.overdue', 'task.escalated')`,
          [caseIds],
        );
        return n === CASES * 4;
      },
      { timeoutMs: 90_000, what: 'every deadline step of every case' },
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
    reportLateness('history-killed', {
      title: 'Fault (a): the history service killed (SIGKILL) for 30 s',
      steps,
      t0,
      down,
      back,
      notes: [
        `history killed at ${((down - t0) / 1000).toFixed(1)} s, serving again at ${((back - t0) / 1000).toFixed(1)} s`,
        `commands: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
      ],
    });
    // Some steps did fall due in the outage, and each fired soon after the return; the others on time.
    const inOutage = steps.filter((s) => dueWhileDown(s, down, back));
    expect(inOutage.length).toBeGreaterThanOrEqual(CASES * 2);
    for (const s of inOutage) expect(s.firedAt - back).toBeLessThan(30_000);
    for (const s of steps.filter((x) => x.dueAt >= back + 5_000 || x.dueAt < down - 2_000)) expect(s.lateMs).toBeLessThan(10_000);

    expectEveryCommandTaken(commands);
    // The commands sent in the outage waited for it: refused with 503 at least once.
    expect(commands.filter((c) => c.path.endsWith('assign-coordinator') && c.statuses[0] === 503).length).toBeGreaterThan(0);
    await expectOneEventPerCase(stack, caseIds, 'case.coordinator-assigned');
    await expectOneEventPerCase(stack, caseIds, 'urgency-assessment.recorded');
    await expectEveryMailSentOnce(stack);
  }, 300_000);
});
