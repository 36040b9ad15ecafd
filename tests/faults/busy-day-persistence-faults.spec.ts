// Fault (e): a municipality's busy day, compressed, on a Temporal server whose own persistence fault
// injection fails a few percent of its database calls (config `faultInjection`: errors, timeouts, and
// timeouts of writes that did happen). Reports arrive through the public form and from schools,
// supervisors assign coordinators, coordinators record the urgency assessments and decide the
// triage, deadlines fall due throughout. At the end every deadline of every case is recorded once
// and in order, every command applied once, every mail sent once.
import { clientWithHeaders } from '../support/auth';
import type { FaultInjection } from '../support/own-temporal-server';
import { sampleReport } from '../support/reports';
import { fastRule, testPolicy } from '../support/test-policy';
import { eventually, sleep } from '../support/test-env';
import {
  caseThroughIntake,
  countStatuses,
  describeFault,
  expectDeadlinesRecordedOnceInOrder,
  expectEveryCommandTaken,
  expectEveryMailSentOnce,
  expectOneEventPerCase,
  injectedFaults,
  reportLateness,
  sendCommand,
  type SentCommand,
  useFaultStack,
} from './fault-stack';

/**
 * A few percent of the calls the busy path makes: workflow starts and updates, history appends and
 * reads, task queues. `ExecuteAndTimeout` is the nastiest: the write happened, the server is told it
 * timed out.
 */
const FAULTS: FaultInjection = {
  ExecutionStore: {
    CreateWorkflowExecution: { ResourceExhausted: 0.02, Timeout: 0.01, ExecuteAndTimeout: 0.01 },
    UpdateWorkflowExecution: { ResourceExhausted: 0.02, Timeout: 0.01, ExecuteAndTimeout: 0.01 },
    GetWorkflowExecution: { ResourceExhausted: 0.02, Timeout: 0.01 },
    GetCurrentExecution: { ResourceExhausted: 0.02, Timeout: 0.01 },
    AppendHistoryNodes: { ResourceExhausted: 0.02, Timeout: 0.01, ExecuteAndTimeout: 0.01 },
    ReadHistoryBranch: { ResourceExhausted: 0.02, Timeout: 0.01 },
  },
  TaskStore: {
    CreateTasks: { ResourceExhausted: 0.02, Timeout: 0.01 },
    GetTasks: { ResourceExhausted: 0.02, Timeout: 0.01 },
  },
};

const CASES = 24;
const REPORTS = 8;
const EVERY_MS = 2_500;
// Each task's steps: reminder at 10 s, overdue and the supervisor at 20 s, the head of department at 22 s.
const urgency = fastRule(20);
const assessment = fastRule(20);

describeFault('a busy day with persistence faults injected by the Temporal server', () => {
  const stack = useFaultStack('busy-day', { users: ['sofie', 'anna', 'mikkel'], faultInjection: FAULTS });

  it('records every deadline once and in order, applies every command once and mails once', async () => {
    const policy = testPolicy({ urgencyAssessment: urgency, assessment });
    /** Anyone on the public form: no sign-in. */
    const anyone = clientWithHeaders(stack.api.url, 'public', {});
    const commands: SentCommand[] = [];
    const opened: string[] = [];
    const t0 = Date.now();

    const caseDay = async (i: number): Promise<string> => {
      await sleep(t0 + i * EVERY_MS - Date.now());
      return caseThroughIntake(stack, policy, { coordinator: i % 2 ? 'anna' : 'mikkel', commands, refused: opened });
    };
    /** A report through the public form (its case on the statutory policy: only the receipt falls due today). */
    const publicReport = async (i: number): Promise<string> => {
      await sleep(t0 + i * ((CASES * EVERY_MS) / REPORTS) - Date.now());
      const report = sampleReport();
      const answer = await sendCommand(anyone, '/reports', report, report.idempotencyKey, commands);
      return answer.body.reportId as string;
    };

    const [caseIds, reportIds] = await Promise.all([
      Promise.all(Array.from({ length: CASES }, (_, i) => caseDay(i))),
      Promise.all(Array.from({ length: REPORTS }, (_, i) => publicReport(i))),
    ]);

    const steps = await expectDeadlinesRecordedOnceInOrder(stack, caseIds, { 'urgency-assessment': urgency, assessment });
    const injected = injectedFaults(stack);
    reportLateness('busy-day-persistence-faults', {
      title: 'Fault (e): a busy day on a Temporal server injecting faults into a few percent of its persistence calls',
      steps,
      t0,
      notes: [
        `${CASES} cases opened ${EVERY_MS / 1000} s apart, ${REPORTS} reports through the public form; faults injected (from the server's logs): ${injected}`,
        `commands and reports through the API: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
        `cases opened through the Temporal client: ${CASES}, of which ${opened.length} after a refusal (${opened.join('; ')})`,
      ],
    });
    // Every step of every case, once, in order and none early (above). How late each fired is in the
    // report: a step whose workflow task meets a fault waits for the task to be tried again (about
    // 10 s, the sticky queue's timeout, when the write failed); one meeting two faults, 20 s.
    expect(steps).toHaveLength(CASES * 8);

    // The reports through the form: each recorded once, on a case of its own, its receipt sent.
    expect(new Set(reportIds).size).toBe(REPORTS);
    await eventually(async () => (await stack.sql('SELECT id FROM reports WHERE id = ANY($1)', [reportIds])).length === REPORTS, {
      timeoutMs: 60_000,
      what: 'the reports through the form to be recorded',
    });
    expectEveryCommandTaken(commands);
    for (const type of ['case.coordinator-assigned', 'urgency-assessment.recorded', 'triage.decided'])
      await expectOneEventPerCase(stack, caseIds, type);
    const outbox = await expectEveryMailSentOnce(stack);
    expect(outbox.filter((m) => m.kind === 'activity')).toHaveLength(CASES + REPORTS);
    expect(await stack.sql('SELECT id FROM dead_letters')).toEqual([]);
  }, 330_000);
});
