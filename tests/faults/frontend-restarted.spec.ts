// Fault (b): Temporal's frontend restarted while commands are in flight, twice: a rolling restart
// (SIGTERM, started again at once), which the API's Temporal client rides out by retrying, and a
// crash (SIGKILL) that keeps it away for 30 s, longer than the client retries: the API then answers
// 503 with Retry-After, never 500. Every command is taken once in the end: one whose answer was lost
// with the frontend is sent again with its Idempotency-Key and applied once. The worker polls
// through the frontend too: the deadlines that fell due while it was gone are recorded once it is
// back, once each and in order; every mail goes once.
import { fastRule, testPolicy } from '../support/test-policy';
import { sleep } from '../support/test-env';
import {
  assignTo,
  countStatuses,
  describeFault,
  dueWhileDown,
  expectDeadlinesRecordedOnceInOrder,
  expectEveryCommandTaken,
  expectEveryMailSentOnce,
  expectOneEventPerCase,
  NO_DANGER,
  openCases,
  reportLateness,
  type SentCommand,
  sendCommand,
  sendToEveryCase,
  TO_ASSESSMENT,
  untilStepsRecorded,
  useFaultStack,
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
  const stack = useFaultStack('frontend-restarted', { users: ['sofie', 'mikkel'] });

  it('applies each command once, answers 503 with Retry-After meanwhile (never 500), and records every deadline once and in order', async () => {
    const policy = testPolicy({ urgencyAssessment: urgency, assessment });
    const t0 = Date.now();
    const caseIds = await openCases(stack, CASES, policy);
    await sleep(t0 + 12_000 - Date.now());

    // The supervisor gives every case to anna and then, on second thought, to mikkel: all cases at
    // once, the first while the frontend restarts, the second while it is crashed.
    const commands: SentCommand[] = [];
    const assignEvery = (coordinator: 'anna' | 'mikkel') =>
      sendToEveryCase(stack.as.sofie, caseIds, 'assign-coordinator', assignTo(coordinator), `assign-${coordinator}`, commands);
    const duringRestart = assignEvery('anna');
    const restartBegan = Date.now();
    const restarted = await stack.temporal.restart('frontend');
    await duringRestart;
    const rollingRestart = commands.slice();

    await sleep(t0 + 18_000 - Date.now());
    const crashed = assignEvery('mikkel');
    await sleep(100);
    const down = await stack.temporal.kill('frontend');
    await sleep(down + CRASH_MS - Date.now());
    const starting = Date.now();
    const back = await stack.temporal.start('frontend');
    await crashed;

    // Once every urgency step has fired: the assessment recorded and the triage decided for every case.
    await untilStepsRecorded(stack, caseIds, CASES * 4, { what: 'every urgency step of every case' });
    await Promise.all(
      caseIds.map(async (caseId) => {
        await sendCommand(stack.as.mikkel, `/cases/${caseId}/commands/record-urgency-assessment`, NO_DANGER, `urgency-${caseId}`, commands);
        await sendCommand(stack.as.mikkel, `/cases/${caseId}/commands/decide-triage`, TO_ASSESSMENT, `triage-${caseId}`, commands);
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
    // The worker polls through the frontend: the steps that fell due while it was gone were recorded
    // only once it was started again. How late they were is in the report above.
    const inOutage = steps.filter((s) => dueWhileDown(s, down, back));
    expect(inOutage.length).toBeGreaterThanOrEqual(CASES * 3);
    for (const s of inOutage.filter((x) => x.dueAt >= down + 1_000)) expect(s.firedAt).toBeGreaterThanOrEqual(starting);

    expectEveryCommandTaken(commands);
    // The crash outlasted the client's retries: the commands sent in it were refused with 503 (and Retry-After) first.
    expect(commands.filter((c) => c.key.startsWith('assign-mikkel') && c.statuses[0] === 503)).toHaveLength(CASES);
    expect(new Set(commands.flatMap((c) => c.retryAfter))).toEqual(new Set(['2']));
    for (const type of ['case.coordinator-assigned', 'case.coordinator-changed', 'urgency-assessment.recorded', 'triage.decided'])
      await expectOneEventPerCase(stack, caseIds, type);
    await expectEveryMailSentOnce(stack);
  }, 300_000);
});
