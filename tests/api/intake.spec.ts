// Intake never loses or splits a report: a per-child intake workflow decides the child's case.
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { caseWorkflowId, decideTriageUpdate, recordUrgencyAssessmentUpdate } from '../../workflows/contract';
import { sql } from '../support/database';
import { eachRecordedWithItsTask, reportsAboutChild, signalsIn } from '../support/intake';
import { startWorker } from '../support/processes';
import { getJson, postJson, sampleReport } from '../support/reports';
import { temporalClient } from '../support/temporal';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

// Reports are sent by anyone (POST /reports is public); where one went is read by case workers.
const h = useSignedInApi('intake', ['anna', 'lene', 'admin', 'sofie', 'hanne']);
const { anna } = h.as;

/** A child reference shaped like a CPR number (DDMMYY-SSSS), unique to the test. */
const newChild = () =>
  `0101${String(Math.floor(Math.random() * 100)).padStart(2, '0')}-${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;

async function assessUrgency(caseId: string) {
  await h.client.workflow
    .getHandle(caseWorkflowId(caseId))
    .executeUpdate(recordUrgencyAssessmentUpdate, { args: [{ actor: 'radgiver', childInDanger: false, acuteHelpNeeded: false }] });
}

describe('reports about the same child', () => {
  it('open exactly one case when five are sent at the same moment, and each is recorded on it', async () => {
    const childReference = `SKOLE-${randomUUID().slice(0, 8)}`;
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => postJson(`${h.api.url}/reports`, sampleReport({ childReference }))));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    const rows = await eachRecordedWithItsTask(
      childReference,
      answers.map((a) => a.body.reportId),
    );
    const caseIds = new Set(rows.map((r) => r.case_id));
    expect(caseIds.size).toBe(1);
    const [caseId] = [...caseIds];
    expect(await sql('SELECT id FROM cases WHERE id = $1', [caseId])).toHaveLength(1);
    // Each answer names that case, or (when intake could not answer within its short wait) none yet.
    for (const a of answers) {
      if (a.body.caseId === null) expect(a.body).toMatchObject({ workflowId: null, statusUrl: `/reports/${a.body.reportId}` });
      else expect(a.body).toMatchObject({ caseId, workflowId: `case-${caseId}` });
    }

    // Where each report went is readable without any personal data in the answer.
    const status = await anna.get(answers[0].body.statusUrl);
    expect(status).toMatchObject({ status: 200, body: { reportId: answers[0].body.reportId, status: 'recorded', caseId } });
    expect(Object.keys(status.body).sort()).toEqual(['caseId', 'reportId', 'status', 'workflowId']);
  });

  it('keep the child reference out of every workflow id, search attribute and clear-text payload', async () => {
    const childReference = newChild();
    const { body } = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    await eachRecordedWithItsTask(childReference, [body.reportId]);
    const forms = [childReference, childReference.replace('-', '')];

    const listed: { workflowId: string; searchAttributes: unknown; type: string }[] = [];
    for await (const wf of h.client.workflow.list({ query: `TaskQueue = '${h.taskQueue}'` })) {
      listed.push({ workflowId: wf.workflowId, searchAttributes: wf.searchAttributes, type: wf.type });
    }
    const intake = listed.filter((w) => w.type === 'childIntakeWorkflow');
    expect(intake.length).toBeGreaterThan(0);
    expect(intake.every((w) => /^child-[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(w.workflowId))).toBe(
      true,
    );
    expect(listed.some((w) => w.workflowId === body.workflowId)).toBe(true);
    const visible = JSON.stringify(listed);
    for (const form of forms) expect(visible).not.toContain(form);

    // The child's intake workflow (it started the case) as the server stores it: the report is encrypted.
    const raw = await temporalClient({ raw: true });
    try {
      const histories = await Promise.all(
        intake.map(async (w) => JSON.stringify(await raw.workflow.getHandle(w.workflowId).fetchHistory())),
      );
      const ofChild = histories.filter((text) => text.includes(body.workflowId));
      expect(ofChild).toHaveLength(1);
      for (const form of forms) expect(ofChild[0]).not.toContain(form);
      expect(ofChild[0]).not.toContain(Buffer.from(childReference).toString('base64'));
    } finally {
      await raw.connection.close();
    }
  });
});

describe('while no worker runs', () => {
  it('accepts reports with 202 and records them on one case once a worker is back', async () => {
    const childReference = newChild();
    await h.worker.stop();
    let answers: Awaited<ReturnType<typeof postJson>>[];
    try {
      answers = [];
      for (let i = 0; i < 3; i++) answers.push(await postJson(`${h.api.url}/reports`, sampleReport({ childReference })));
      expect(answers.map((a) => a.status)).toEqual([202, 202, 202]);
      // Nobody could decide the case yet: the answer says where to ask.
      expect(answers.map((a) => a.body.caseId)).toEqual([null, null, null]);
      expect(answers[0].body.statusUrl).toBe(`/reports/${answers[0].body.reportId}`);
      expect((await anna.get(answers[0].body.statusUrl)).body).toMatchObject({ status: 'pending', caseId: null });
    } finally {
      h.worker = await startWorker({ taskQueue: h.taskQueue, smtpUrl: h.mail.smtpUrl });
    }
    const rows = await eachRecordedWithItsTask(
      childReference,
      answers.map((a) => a.body.reportId),
    );
    expect(new Set(rows.map((r) => r.case_id)).size).toBe(1);
    const status = await anna.get(answers[2].body.statusUrl);
    expect(status.body).toMatchObject({ status: 'recorded', caseId: rows[0].case_id, workflowId: `case-${rows[0].case_id}` });
  });
});

describe('a report and a closing case', () => {
  /** A child with one case in intake whose report has had its urgency assessment. */
  async function childWithAssessedCase() {
    const childReference = newChild();
    const first = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    const [{ case_id: caseId }] = await eachRecordedWithItsTask(childReference, [first.body.reportId]);
    await assessUrgency(caseId);
    return { childReference, caseId, handle: h.client.workflow.getHandle(caseWorkflowId(caseId)) };
  }

  it('sends a report that arrives after the case has closed to a new case, with its urgency task', async () => {
    const { childReference, caseId, handle } = await childWithAssessedCase();
    await handle.executeUpdate(decideTriageUpdate, { args: [{ actor: 'radgiver', decision: 'close', reason: 'Ingen bekymring' }] });
    await handle.result();

    const late = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    expect(late.status).toBe(202);
    const rows = await eventually(
      async () => {
        const r = await reportsAboutChild(childReference);
        return r.length === 2 && r[1].task_status === 'open' ? r : undefined;
      },
      { what: 'the late report on a new case' },
    );
    const newCaseId = rows[1].case_id;
    expect(newCaseId).not.toBe(caseId);
    expect(rows[1]).toMatchObject({ id: late.body.reportId, task_case_id: newCaseId });
    expect([newCaseId, null]).toContain(late.body.caseId);
    expect(rows[0]).toMatchObject({ case_id: caseId, task_status: 'done' });
    // Further reports about the child join that new case.
    const next = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    const [, , third] = await eachRecordedWithItsTask(childReference, [late.body.reportId, next.body.reportId]).then(() =>
      reportsAboutChild(childReference),
    );
    expect(third).toMatchObject({ id: next.body.reportId, case_id: newCaseId });
  });

  it('records a report sent right as the case closes on a case, with its urgency task, never dropped', async () => {
    const { childReference, caseId, handle } = await childWithAssessedCase();
    const [triage, report] = await Promise.all([
      handle
        .executeUpdate(decideTriageUpdate, { args: [{ actor: 'radgiver', decision: 'close', reason: 'Ingen bekymring' }] })
        .then(() => 'closed' as const)
        .catch((err: unknown) => {
          // A report that reached the case first holds the closure until it is assessed.
          if (err instanceof WorkflowUpdateFailedError) return (err.cause as Error).message;
          throw err;
        }),
      postJson(`${h.api.url}/reports`, sampleReport({ childReference })),
    ]);
    expect(report.status).toBe(202);
    const rows = await eachRecordedWithItsTask(childReference, [report.body.reportId]).catch(async (err: Error) => {
      throw new Error(`${err.message}; triage: ${triage}; rows: ${JSON.stringify(await reportsAboutChild(childReference))}`);
    });
    const [late] = rows;
    if (triage === 'closed') {
      expect(late.case_id).not.toBe(caseId);
      await handle.result();
    } else {
      expect(triage).toMatch(/being recorded|waiting for its urgency assessment/);
      expect(late.case_id).toBe(caseId);
    }
  });

  it('sends a report to a new case when the case was ended by an admin without a word to intake', async () => {
    const childReference = newChild();
    const first = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    const [{ case_id: firstCaseId }] = await eachRecordedWithItsTask(childReference, [first.body.reportId]);
    const handle = h.client.workflow.getHandle(caseWorkflowId(firstCaseId));
    await handle.terminate('ended by an admin');

    // The intake workflow still takes that case for open: its signal fails, and it opens another.
    const second = await postJson(`${h.api.url}/reports`, sampleReport({ childReference }));
    expect(second.status).toBe(202);
    const rows = await eventually(
      async () => {
        const r = await reportsAboutChild(childReference);
        return r.length === 2 && r[1].task_status === 'open' ? r : undefined;
      },
      { what: 'the second report on a new case' },
    );
    expect(rows[1].case_id).not.toBe(firstCaseId);
    const status = await anna.get(`/reports/${second.body.reportId}`);
    expect(status.body).toMatchObject({ status: 'recorded', caseId: rows[1].case_id });
    // The new case took the report with its start: no signal besides, so nothing reached it twice.
    expect(await signalsIn(h.client, `case-${rows[1].case_id}`)).toEqual([]);
  });
});

describe('GET /reports/:reportId', () => {
  it('answers 400 for an id that is not a UUID and pending for one not recorded', async () => {
    expect(await anna.get('/reports/not-a-uuid')).toMatchObject({ status: 400, body: { message: 'reportId must be a UUID' } });
    const id = randomUUID();
    expect(await anna.get(`/reports/${id}`)).toMatchObject({
      status: 200,
      body: { reportId: id, status: 'pending', caseId: null, workflowId: null },
    });
  });

  it('is for case workers: a reporter, a partner or an admin cannot follow a report to its case', async () => {
    const { body } = await postJson(`${h.api.url}/reports`, sampleReport());
    const unsigned = await getJson(`${h.api.url}${body.statusUrl}`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.body).not.toHaveProperty('caseId');
    for (const username of ['lene', 'admin'] as const) {
      const res = await h.as[username].get(body.statusUrl);
      expect({ username, status: res.status }).toEqual({ username, status: 403 });
    }
    for (const username of ['sofie', 'hanne'] as const) {
      const res = await h.as[username].get(body.statusUrl);
      expect({ username, status: res.status }).toEqual({ username, status: 200 });
    }
  });
});
