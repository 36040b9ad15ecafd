// A child placed in foster care as a baby stays a case until 18: the workflows that carry it must stay
// small however long it lives. One case runs through the equivalent of 18 years on a compressed clock
// (a month is MONTH seconds): 216 monthly follow-ups, each after its reminder; an action agreed with
// the school every quarter; tilsyn twice a year; a report every year; three coordinator changes; the
// decision on support after 18; the end of the placement and the closing of the case. Then every run
// of the case and of the measure is read back from Temporal: events per run, the largest payload of
// any history event, and the state each run hands to the next through continue-as-new.
// The test server suggests continue-as-new after 40 history events (scripts/test.mjs; a server's default
// is 4,096), so this also takes both workflows through a few hundred hand-overs of their state.
import type { Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { CasePolicy } from '../../libs/policy/case-policy';
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  closeCaseUpdate,
  completeAgreedActionUpdate,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  recordReassessmentUpdate,
  recordSupervisionVisitUpdate,
  recordUrgencyAssessmentUpdate,
  reportReceivedSignal,
  submitPlanUpdate,
} from '../../workflows/contract';
import { driveToDecision, openCase, reportOfConcern } from '../support/cases';
import { sql } from '../support/database';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('eighteen-years');

/** One month of the case's life, in seconds of the test's clock (the coordinator's monthly cadence). */
const MONTH = 3;
const MONTHS = 18 * 12;
const months = (n: number) => ({ seconds: n * MONTH });
const MAX_EVENTS_PER_RUN = 10_000;
const MAX_STATE_BYTES = 1024 * 1024;

/** The statutory process, compressed: a month is MONTH seconds; the reminder comes early in the month, so waiting for it is cheap. */
function eighteenYearPolicy(): CasePolicy {
  const base = testPolicy();
  return testPolicy({
    measure: {
      ...base.measure,
      firstFollowUp: months(3),
      followUp: { ...base.measure.followUp, remindAtFractions: [0.05] },
      supervisionVisitInterval: months(6),
      endDecisionBefore: months(6),
      turning18Before: months(6),
    },
  });
}

it('keeps every run of an 18-year case and its placement small: events per run, payloads and the state carried on', async () => {
  const start = Date.now();
  const { caseId, handle } = await openCase(h.client, h.taskQueue, eighteenYearPolicy());
  let coordinator = 'radgiver-0';
  await driveToDecision(handle, coordinator, { supervisor: 'leder' });
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinator }] });

  // Placed in a foster family as a baby: the 18th birthday falls at the end of the compressed 18 years.
  const eighteenth = new Date(start + MONTHS * MONTH * 1000);
  const birth = new Date(eighteenth);
  birth.setUTCFullYear(birth.getUTCFullYear() - 18);
  await handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: coordinator,
        measure: {
          type: 'plejefamilie',
          ladderStep: 5,
          provider: 'Plejefamilien Holm',
          monthlyCost: 39000,
          startDate: new Date().toISOString(),
          plannedEnd: new Date(eighteenth.getTime() + months(12).seconds * 1000).toISOString(),
          goalIds: ['g1'],
          childBirthDate: birth.toISOString(),
        },
      },
    ],
  });
  const pending = async (kind: 'measure' | 'plan') =>
    eventually(async () => (await handle.query(caseViewQuery)).decisions.find((d) => d.kind === kind && d.status === 'pending'), {
      what: `the ${kind} decision`,
    });
  const placement = await pending('measure');
  await handle.executeUpdate(decideApprovalUpdate, {
    args: [{ actor: 'leder', decisionId: placement.decisionId, approved: true, reason: 'Anbringelse nødvendig' }],
  });
  await handle.executeUpdate(submitPlanUpdate, {
    args: [
      {
        actor: coordinator,
        goals: [{ goalId: 'g1', description: 'Trives i plejefamilien', ownerDepartment: 'børn og familie', successMeasure: 'Trivsel 7+' }],
      },
    ],
  });
  const plan = await pending('plan');
  await handle.executeUpdate(decideApprovalUpdate, {
    args: [{ actor: 'leder', decisionId: plan.decisionId, approved: true, reason: 'Godkendt' }],
  });
  const measure = h.client.workflow.getHandle(measureWorkflowId(placement.measureId!));

  const openTask = async (kind: string) =>
    eventually(async () => (await measure.query(measureViewQuery)).openTasks.find((t) => t.kind === kind), {
      what: `an open ${kind} task`,
    });
  const caseTask = async (kind: string, subjectId?: string) =>
    eventually(
      async () => (await handle.query(caseViewQuery)).openTasks.find((t) => t.kind === kind && (!subjectId || t.subjectId === subjectId)),
      { intervalMs: 50, what: `an open ${kind} task on the case` },
    );
  /** Each month's meeting comes once its reminder has gone out: the clocks keep running through every run. */
  const followUpsReminded = async (n: number) =>
    eventually(
      async () => {
        const [{ count }] = await sql<{ count: string }>(
          `SELECT count(*) FROM case_events WHERE case_id = $1 AND type = 'task.reminded' AND data->>'kind' = 'follow-up'`,
          [caseId],
        );
        return Number(count) >= n;
      },
      // Polled often: a month is short.
      { intervalMs: 50, what: `the reminder of follow-up ${n}` },
    );

  let reports = 1;
  for (let month = 1; month <= MONTHS; month++) {
    await followUpsReminded(month);
    // Every quarter the meeting agrees an action with the school, done before the next meeting.
    const quarter = month % 3 === 0;
    await measure.executeUpdate(recordFollowUpUpdate, {
      args: [
        {
          actor: coordinator,
          scores: [{ goalId: 'g1', score: Math.min(10, 2 + Math.floor(month / 24)) }],
          decision: 'continue',
          agreedActions: quarter ? [{ description: `Skolen følger op på aftale ${month}`, owner: 'skole' }] : [],
          nextFollowUp: { after: months(1), reason: 'Månedlig opfølgning i plejeanbringelsen' },
        },
      ],
    });
    if (quarter) {
      // Polled: a query may come while the measure is continuing as new.
      const action = await eventually(async () => (await measure.query(measureViewQuery)).agreedActions.find((x) => x.status === 'open'), {
        intervalMs: 50,
        what: 'the agreed action',
      });
      await measure.executeUpdate(completeAgreedActionUpdate, { args: [{ actor: 'skole-lærer', actionId: action.actionId }] });
    }

    if (month % 6 === 0) {
      await measure.executeUpdate(recordSupervisionVisitUpdate, { args: [{ actor: coordinator, spokeWithChild: true }] });
    }
    if (month % 12 === 0 && month < MONTHS) {
      // A new report every year: recorded, assessed within 24 hours and re-assessed by someone new to the case.
      const report = reportOfConcern();
      await handle.signal(reportReceivedSignal, report);
      reports++;
      const reassessment = await caseTask('reassessment', report.reportId);
      await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
        args: [{ actor: coordinator, childInDanger: false, acuteHelpNeeded: false }],
      });
      await handle.executeUpdate(recordReassessmentUpdate, {
        args: [
          { actor: `kollega-${month / 12}`, taskId: reassessment.taskId, outcome: 'Anbringelsen fortsætter', childConversationHeld: false },
        ],
      });
    }
    if ([48, 108, 168].includes(month)) {
      coordinator = `radgiver-${month / 12}`;
      await handle.executeUpdate(assignCoordinatorUpdate, {
        args: [{ actor: 'leder', coordinatorId: coordinator, teamId: 'team-plejebørn' }],
      });
      const readIn = await caseTask('read-in');
      await handle.executeUpdate(completeTaskUpdate, { args: [{ actor: coordinator, taskId: readIn.taskId, note: 'Sagen læst' }] });
    }
    if (month === MONTHS - 6) {
      await openTask('turning-18');
      await measure.executeUpdate(decideContinuedSupportUpdate, {
        args: [{ actor: coordinator, continuedSupport: true, reason: 'Efterværn til 23 år' }],
      });
    }
  }

  // At 18 the placement ends, and with it the case.
  await measure.executeUpdate(decideMeasureEndUpdate, { args: [{ actor: coordinator, decision: 'end', reason: 'Barnet er fyldt 18' }] });
  await eventually(async () => (await handle.query(caseViewQuery)).measures.every((m) => m.status === 'ended'), {
    what: 'the case to learn the placement ended',
  });
  await handle.executeUpdate(closeCaseUpdate, { args: [{ actor: coordinator, reason: 'Barnet er fyldt 18' }] });
  await handle.result();
  await measure.result();
  const driven = Date.now() - start;

  // Nothing of the 18 years was lost on the way through every continue-as-new.
  const caseView = await handle.query(caseViewQuery);
  const measureView = await measure.query(measureViewQuery);
  expect(caseView).toMatchObject({ phase: 'closed', coordinatorChanges: 3, coordinatorId: coordinator, openTasks: [] });
  expect(caseView.reportIds).toHaveLength(18);
  expect(measureView).toMatchObject({ status: 'ended', supervisionVisits: MONTHS / 6, openTasks: [] });
  // The workflow keeps the latest meetings and counts them all; the read model keeps every meeting and action.
  expect(measureView.followUpsHeld).toBe(MONTHS);
  expect(measureView.followUps.length).toBeLessThanOrEqual(24);
  expect(await sql('SELECT id FROM follow_ups WHERE measure_id = $1', [placement.measureId])).toHaveLength(MONTHS);
  expect(await sql("SELECT id FROM agreed_actions WHERE measure_id = $1 AND status = 'done'", [placement.measureId])).toHaveLength(
    MONTHS / 3,
  );
  expect(reports).toBe(18);

  // Every run, read back from the server: the chain of runs from the last one back to the first.
  const sizes = {
    case: await measureRuns(handle.workflowId),
    measure: await measureRuns(measure.workflowId),
  };
  const late = (await sql('SELECT id FROM follow_ups WHERE measure_id = $1 AND NOT on_time', [placement.measureId])).length;
  console.log(
    [
      `18 years of one case in ${(driven / 1000).toFixed(0)} s: ${MONTHS} follow-ups (${late} late), ${MONTHS / 3} agreed actions, ` +
        `${MONTHS / 6} tilsyn visits, ${reports} reports, 3 coordinator changes.`,
      'Payload sizes are as stored by Temporal (encrypted by the codec; they bound the plain ones). The state is the',
      "continue-as-new input's `resume`, decoded through the client's data converter (plain JSON), and as stored.",
      ...Object.entries(sizes).map(([name, s]) => summary(name, s)),
    ].join('\n'),
  );

  expect(sizes.case.runs).toHaveLength(caseView.runs);
  expect(sizes.measure.runs).toHaveLength(measureView.runs);
  // The state's bound means something only once the state has been handed on.
  expect(caseView.runs).toBeGreaterThan(1);
  expect(measureView.runs).toBeGreaterThan(1);
  for (const s of Object.values(sizes)) {
    expect(s.runs.filter((r) => r.events >= MAX_EVENTS_PER_RUN)).toEqual([]);
    expect(s.maxStateBytes).toBeLessThan(MAX_STATE_BYTES);
    expect(s.maxStoredInputBytes).toBeLessThan(MAX_STATE_BYTES);
    expect(s.largestPayload.bytes).toBeLessThan(MAX_STATE_BYTES);
  }
}, 600_000);

// ---------------------------------------------------------------------------------------------

interface RunSizes {
  runId: string;
  events: number;
  /** Plain JSON bytes of the state this run handed on (none for the last run). */
  stateBytes?: number;
  /** Stored (encrypted) bytes of the continue-as-new input: the state plus the policy. */
  storedInputBytes?: number;
}

interface WorkflowSizes {
  runs: RunSizes[];
  largestPayload: { bytes: number; event: string; run: number };
  maxStateBytes: number;
  maxStoredInputBytes: number;
}

/** Walks the chain of runs backwards (each run names the one it continued) and sizes every one. */
async function measureRuns(workflowId: string): Promise<WorkflowSizes> {
  const histories: { runId: string; events: temporal.api.history.v1.IHistoryEvent[] }[] = [];
  let runId: string | undefined;
  for (;;) {
    const handle = h.client.workflow.getHandle(workflowId, runId);
    const events = (await handle.fetchHistory()).events ?? [];
    histories.unshift({ runId: runId ?? '(last)', events });
    runId = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) break;
  }

  const runs: RunSizes[] = [];
  let largestPayload = { bytes: 0, event: '', run: 0 };
  for (const [i, { runId: id, events }] of histories.entries()) {
    for (const event of events) {
      for (const p of payloadsIn(event)) {
        const bytes = storedBytes(p);
        if (bytes > largestPayload.bytes) largestPayload = { bytes, event: eventKind(event), run: i + 1 };
      }
    }
    const input = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
    const run: RunSizes = { runId: id, events: events.length };
    if (input) {
      run.storedInputBytes = storedBytes(input);
      const { resume } = (await decodePayload(input)) as { resume?: unknown };
      run.stateBytes = Buffer.byteLength(JSON.stringify(resume ?? null));
    }
    runs.push(run);
  }
  return {
    runs,
    largestPayload,
    maxStateBytes: Math.max(0, ...runs.map((r) => r.stateBytes ?? 0)),
    maxStoredInputBytes: Math.max(0, ...runs.map((r) => r.storedInputBytes ?? 0)),
  };
}

/** Every payload anywhere in a history event (inputs, results, headers, memos, search attributes). */
function* payloadsIn(value: unknown): Generator<Payload> {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return;
  const v = value as { data?: unknown; metadata?: unknown };
  if (v.data instanceof Uint8Array && v.metadata && typeof v.metadata === 'object') {
    yield value as Payload;
    return;
  }
  for (const child of Object.values(value)) yield* payloadsIn(child);
}

const storedBytes = (p: Payload) => temporal.api.common.v1.Payload.encode(p).finish().length;
const eventKind = (e: temporal.api.history.v1.IHistoryEvent) =>
  (Object.keys(e).find((k) => k.endsWith('EventAttributes')) ?? 'unknown').replace(/EventAttributes$/, '');

async function decodePayload(p: Payload): Promise<unknown> {
  const { payloadCodecs, payloadConverter } = h.client.options.loadedDataConverter;
  let decoded = [p];
  for (const codec of [...payloadCodecs].reverse()) decoded = await codec.decode(decoded);
  return payloadConverter.fromPayload(decoded[0]);
}

function summary(name: string, s: WorkflowSizes): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const events = s.runs.map((r) => r.events);
  const states = s.runs.filter((r) => r.stateBytes !== undefined);
  return [
    `${name}: ${s.runs.length} runs; events per run max ${Math.max(...events)}, mean ${(events.reduce((a, b) => a + b, 0) / events.length).toFixed(0)}`,
    `largest payload ${kb(s.largestPayload.bytes)} stored (${s.largestPayload.event}, run ${s.largestPayload.run})`,
    `largest state ${kb(s.maxStateBytes)} plain, ${kb(s.maxStoredInputBytes)} stored input` +
      (states.length ? ` (first hand-over ${kb(states[0].stateBytes!)}, last ${kb(states.at(-1)!.stateBytes!)})` : ''),
  ].join('; ');
}
