// Fault (b): Temporal's frontend restarted while commands are in flight, twice: a rolling restart
// (SIGTERM, started again at once), which the API's Temporal client rides out by retrying, and a
// crash (SIGKILL) that keeps it away for 30 s, longer than the client retries: the API then answers
// 503 with Retry-After, never 500. Every command is taken once in the end: one whose answer was lost
// with the frontend is sent again with its Idempotency-Key and applied once. The worker polls
// through the frontend too: the deadlines that fell due while it was gone are recorded once it is
// back, once each and in order; every mail goes once.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { type ApiClient, signIn } from '../support/auth';
import { openCase } from '../support/cases';
import { fastRule, testPolicy } from '../support/test-policy';
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
const CRASH_MS = 30_000;
// The urgency assessment: reminder at 10 s, overdue and the supervisor at 20 s, the head of
// department at 22 s after the case opens; its overdue steps fall due while the frontend is gone
// (from about 18 s to 48 s). The child-welfare assessment (its clock runs from the report, its task
// opens with the triage afterwards): reminder, then overdue and escalations from 75 s, everything running.
const urgency = fastRule(20);
const assessment = fastRule(75);

describeFault('the frontend restarted while commands are in flight', () => {
  let stack: FaultStack;
  const as: Record<string, ApiClient> = {};

  beforeAll(async () => {
    stack = await startFaultStack('frontend-restarted');
    as.sofie = await signIn(stack.api.url, 'sofie');
    as.mikkel = await signIn(stack.api.url, 'mikkel');
  }, 300_000);
  afterAll(() => stopFaultStack(stack), 120_000);

  it('applies each command once, answers 503 with Retry-After meanwhile (never 500), and records every deadline once and in order', async () => {
    const policy = testPolicy({ urgencyAssessment: urgency, assessment });
    const t0 = Date.now();
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i++) caseIds.push((await openCase(stack.client, stack.taskQueue, policy)).caseId);
    await sleep(t0 + 12_000 - Date.now());

    // The supervisor gives every case to anna and then, on second thought, to mikkel: all cases at
    // once, the first while the frontend restarts, the second while it is crashed.
    const commands: SentCommand[] = [];
    const assign = (caseId: string, coordinator: 'anna' | 'mikkel') =>
      sendCommand(
        as.sofie,
        `/cases/${caseId}/commands/assign-coordinator`,
        { coordinatorId: DEMO_IDS[coordinator], teamId: 'team-north' },
        `assign-${coordinator}-${caseId}`,
        commands,
      );
    const restarting = Promise.all(caseIds.map((caseId) => assign(caseId, 'anna')));
    const restartBegan = Date.now();
    const restarted = await stack.temporal.restart('frontend');
    await restarting;
    const rollingRestart = commands.slice();

    await sleep(t0 + 18_000 - Date.now());
    const crashed = Promise.all(caseIds.map((caseId) => assign(caseId, 'mikkel')));
    await sleep(100);
    const down = await stack.temporal.kill('frontend');
    await sleep(down + CRASH_MS - Date.now());
    const back = await stack.temporal.start('frontend');
    await crashed;

    // Once every urgency step has fired: the assessment recorded and the triage decided for every case.
    await eventually(
      async () => {
        const [{ n }] = await stack.sql<{ n: number }>(
          `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1) AND type IN ('task.reminded', 'task.overdue', 'task.escalated')`,
          [caseIds],
        );
        return n === CASES * 4;
      },
      { timeoutMs: 90_000, what: 'every urgency step of every case' },
    );
    await Promise.all(
      caseIds.map(async (caseId) => {
        await sendCommand(
          as.mikkel,
          `/cases/${caseId}/commands/record-urgency-assessment`,
          { childInDanger: false, acuteHelpNeeded: false },
          `urgency-${caseId}`,
          commands,
        );
        await sendCommand(
          as.mikkel,
          `/cases/${caseId}/commands/decide-triage`,
          { decision: 'assessment', reason: 'Bekymring for trivsel' },
          `triage-${caseId}`,
          commands,
        );
      }),
    );

    const steps = await expectDeadlinesRecordedOnceInOrder(stack, caseIds, { 'urgency-assessment': urgency, assessment });
    reportLateness('frontend-restarted', {
      title: 'Fault (b): the frontend restarted while commands are in flight: a rolling restart, then killed for 30 s',
      steps,
      t0,
      down,
      back,
      notes: [
        `rolling restart (SIGTERM, start) from ${((restartBegan - t0) / 1000).toFixed(1)} s, serving again at ${(
          (restarted - t0) /
          1000
        ).toFixed(1)} s: the ${rollingRestart.length} commands in flight answered ${JSON.stringify(countStatuses(rollingRestart))}`,
        `killed at ${((down - t0) / 1000).toFixed(1)} s, serving again at ${((back - t0) / 1000).toFixed(1)} s`,
        `commands: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
      ],
    });
    const inOutage = steps.filter((s) => dueWhileDown(s, down, back));
    expect(inOutage.length).toBeGreaterThanOrEqual(CASES * 3);
    for (const s of inOutage) expect(s.firedAt - back).toBeLessThan(30_000);
    for (const s of steps.filter((x) => x.dueAt >= back + 5_000 || x.dueAt < restartBegan - 2_000)) expect(s.lateMs).toBeLessThan(10_000);

    expectEveryCommandTaken(commands);
    // The crash outlasted the client's retries: the commands sent in it were refused with 503 (and Retry-After) first.
    expect(commands.filter((c) => c.key.startsWith('assign-mikkel') && c.statuses[0] === 503)).toHaveLength(CASES);
    expect(new Set(commands.flatMap((c) => c.retryAfter))).toEqual(new Set(['2']));
    for (const type of ['case.coordinator-assigned', 'case.coordinator-changed', 'urgency-assessment.recorded', 'triage.decided'])
      await expectOneEventPerCase(stack, caseIds, type);
    await expectEveryMailSentOnce(stack);
  }, 300_000);
});
