// Cases and measures live for years: they continue as new at safe points and lose nothing.
// The test server suggests continue-as-new after 40 history events (scripts/test.mjs).
import {
  caseViewQuery,
  decideApprovalUpdate,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  reportReceivedSignal,
} from '../../workflows/contract';
import { caseEvents, driveToDecision, openCase, reportOfConcern, sampleMeasure } from '../support/cases';
import { sql } from '../support/database';
import { testPolicy } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('long-life');

it('runs a measure through many follow-up cycles across continue-as-new without losing a meeting, an action or a clock', async () => {
  const { caseId, handle } = await openCase(h.client, h.taskQueue, testPolicy());
  await driveToDecision(handle, 'radgiver-ib');
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-ib' }] });
  const measure = sampleMeasure({ plannedEnd: new Date(Date.now() + 86400_000).toISOString(), goalIds: ['g1'] });
  const d = await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: 'radgiver-ib', measure }] });
  await handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: 'leder', decisionId: d.decisionId, approved: true, reason: 'ok' }] });
  const m = h.client.workflow.getHandle(measureWorkflowId(d.measureId!));
  await eventually(async () => (await m.query(measureViewQuery)).openTasks.length > 0, { what: 'the measure to start' });

  // A measure may already have continued as new once while it started (how many events its start
  // takes differs between the dev server and the real one): the meetings must make it go on again.
  const runsBefore = (await m.query(measureViewQuery)).runs;
  const cycles = 12;
  for (let i = 1; i <= cycles; i++) {
    await m.executeUpdate(recordFollowUpUpdate, {
      args: [
        {
          actor: 'radgiver-ib',
          scores: [{ goalId: 'g1', score: Math.min(10, i) }],
          decision: 'continue',
          agreedActions: [{ description: `Aftale ${i}`, owner: 'skole' }],
        },
      ],
    });
  }
  // Between meetings, once its projections are written, the measure continues as new, and the
  // history of the run it goes on in stays short; the read model has every meeting.
  const view = await eventually(
    async () => {
      const v = await m.query(measureViewQuery);
      if (v.runs <= runsBefore) return undefined;
      const events = (await m.fetchHistory()).events!;
      return events.length < 120 ? v : undefined;
    },
    { what: 'the measure to continue as new into a short history' },
  );
  expect(view.followUps.map((f) => f.scores[0].score)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]);
  // Each meeting saw the action agreed at the one before it as not done.
  expect(view.followUps.slice(1).every((f, i) => f.actionsNotDone.length === i + 1)).toBe(true);
  expect(view.agreedActions).toHaveLength(cycles);
  expect(view.openTasks.filter((t) => t.kind === 'follow-up')).toHaveLength(1);
  expect(view.openTasks.filter((t) => t.kind === 'agreed-action')).toHaveLength(cycles);
  expect(view.openTasks.filter((t) => t.kind === 'measure-end-decision')).toHaveLength(1);

  expect((await sql('SELECT id FROM follow_ups WHERE measure_id = $1', [d.measureId])).length).toBe(cycles);
  const held = (await caseEvents(caseId)).filter((e) => e.type === 'follow-up.held');
  expect(held).toHaveLength(cycles);
});

it('continues a case as new while reports keep coming, keeping every report and its open task', async () => {
  const { handle } = await openCase(h.client, h.taskQueue, testPolicy());
  for (let i = 0; i < 5; i++) await handle.signal(reportReceivedSignal, reportOfConcern());
  const view = await eventually(
    async () => {
      const v = await handle.query(caseViewQuery);
      return v.reportIds.length === 6 && v.runs > 1 ? v : undefined;
    },
    { what: 'six reports and a continued run' },
  );
  expect(view.openTasks.filter((t) => t.kind === 'urgency-assessment')).toHaveLength(6);
  expect(view.receiptsSent).toHaveLength(6);
  expect(new Set(view.reportIds).size).toBe(6);
});
