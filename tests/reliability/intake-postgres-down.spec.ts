// Intake without the read model: PostgreSQL (a server of this test's own) stops while reports come in.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateStage } from '@temporalio/client';
import { caseWorkflowId, decideTriageUpdate, recordUrgencyAssessmentUpdate } from '../../workflows/contract';
import { signalsIn } from '../support/intake';
import { OwnPostgres } from '../support/own-postgres';
import { postJson, sampleReport } from '../support/reports';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

jest.setTimeout(240_000);

const h = useSignedInApi('intake-pg', [], { database: () => OwnPostgres.start() });

interface Row {
  id: string;
  case_id: string;
  task_status: string | null;
  task_case_id: string | null;
}

/** The reports about a child in this test's read model, each with its urgency-assessment task. */
async function recorded(childReference: string): Promise<Row[]> {
  return h.sql<Row>(
    `SELECT r.id, r.case_id, t.status AS task_status, t.case_id AS task_case_id
       FROM reports r LEFT JOIN tasks t ON t.subject_id = r.id::text AND t.kind = 'urgency-assessment'
      WHERE r.child_reference = $1 ORDER BY r.received_at`,
    [childReference],
  );
}

async function waitRecorded(childReference: string, reportIds: string[]): Promise<Row[]> {
  return eventually(
    async () => {
      const rows = (await recorded(childReference)).filter((r) => reportIds.includes(r.id));
      return rows.length === reportIds.length && rows.every((r) => r.task_status === 'open' && r.task_case_id === r.case_id)
        ? rows
        : undefined;
    },
    // Activities back off while the database is away (up to a minute between attempts).
    { timeoutMs: 120_000, what: `${reportIds.length} reports recorded with an open urgency-assessment task each` },
  );
}

const post = (childReference: string) => postJson(`${h.api.url}/reports`, sampleReport({ childReference }));

it('keeps one case per child while PostgreSQL is down, and records every report once it is back', async () => {
  const known = `SKOLE-${randomUUID().slice(0, 8)}`;
  const first = await post(known);
  const [{ case_id: knownCaseId }] = await waitRecorded(known, [first.body.reportId]);

  const fresh = `SKOLE-${randomUUID().slice(0, 8)}`;
  await h.pg.down();
  let answers: Awaited<ReturnType<typeof post>>[];
  try {
    answers = await Promise.all([post(known), post(fresh), post(fresh), post(fresh)]);
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    // The workers run: intake decides without the read model (an answer may still say "not yet").
    expect([knownCaseId, null]).toContain(answers[0].body.caseId);
  } finally {
    await h.pg.up();
  }

  const knownRows = await waitRecorded(known, [answers[0].body.reportId]);
  expect(knownRows[0].case_id).toBe(knownCaseId);
  const freshRows = await waitRecorded(
    fresh,
    answers.slice(1).map((a) => a.body.reportId),
  );
  const freshCases = new Set(freshRows.map((r) => r.case_id));
  expect(freshCases.size).toBe(1);
  expect(freshCases.has(knownCaseId)).toBe(false);
  for (const a of answers.slice(1)) expect([...freshCases, null]).toContain(a.body.caseId);
});

it('sends a report that reaches a case whose closure is under way to a new case, never dropping it', async () => {
  const child = `SKOLE-${randomUUID().slice(0, 8)}`;
  const first = await post(child);
  const [{ case_id: caseId }] = await waitRecorded(child, [first.body.reportId]);
  const handle = h.client.workflow.getHandle(caseWorkflowId(caseId));
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false }],
  });

  // With the database away the closure cannot finish: it is decided, and the case waits to record it.
  await h.pg.down();
  let late: Awaited<ReturnType<typeof post>>;
  try {
    await handle.startUpdate(decideTriageUpdate, {
      args: [{ actor: 'radgiver', decision: 'close', reason: 'Ingen bekymring' }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    late = await post(child);
    expect(late.status).toBe(202);
    // The report reached the closing case, which handed it back to intake.
    await eventually(async () => (await signalsIn(h.client, handle.workflowId)).includes('reportReceived') || undefined, {
      what: 'the late report to reach the closing case',
    });
    const intakeId = (await handle.describe()).raw.workflowExecutionInfo?.parentExecution?.workflowId;
    expect(intakeId).toMatch(/^child-/);
    await eventually(async () => (await signalsIn(h.client, intakeId!)).includes('reportReturned') || undefined, {
      what: 'the closing case to hand the report back to intake',
    });
  } finally {
    await h.pg.up();
  }

  expect(await handle.result()).toMatchObject({ caseId, reason: 'Ingen bekymring' });
  const [row] = await waitRecorded(child, [late.body.reportId]);
  expect(row.case_id).not.toBe(caseId);
  const rows = await h.sql('SELECT phase FROM cases WHERE id = $1', [caseId]);
  expect(rows).toEqual([{ phase: 'closed' }]);
});
