// A report of concern through every layer: HTTP → Temporal → activities → PostgreSQL and SMTP.
import { sql } from '../support/database';
import { postJson, sampleReport } from '../support/reports';
import { eventually } from '../support/test-env';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('reports', { api: {} });

describe('POST /reports', () => {
  it('opens a case, records the report and mails a receipt to the reporter', async () => {
    const report = sampleReport();
    const res = await postJson(`${h.api.url}/reports`, report);
    expect(res.status).toBe(202);
    expect(res.body.workflowId).toBe(`case-${res.body.caseId}`);
    expect(res.body.caseId).toMatch(/^[0-9a-f-]{36}$/);

    const [receipt] = await eventually(
      async () => {
        const msgs = await h.mail.messagesTo(report.reporter.email);
        return msgs.length ? msgs : undefined;
      },
      { what: 'the receipt mail' },
    );
    expect(receipt.subject).toMatch(/^Kvittering for modtagelse af underretning/);
    expect(receipt.text).toContain(`Kære ${report.reporter.name}`);
    // The receipt leaves the municipality: nothing about the child or the concern in it.
    expect(receipt.text).not.toContain(report.childReference);
    expect(receipt.text).not.toContain(report.concern);

    const [kase] = await sql('SELECT phase, policy_version FROM cases WHERE id = $1', [res.body.caseId]);
    expect(kase).toEqual({ phase: 'intake', policy_version: 'statutory-2025.1' });
    const reports = await sql('SELECT reporter_email, reporter_type, child_reference, concern FROM reports WHERE case_id = $1', [
      res.body.caseId,
    ]);
    expect(reports).toEqual([
      {
        reporter_email: report.reporter.email,
        reporter_type: 'professional',
        child_reference: report.childReference,
        concern: report.concern,
      },
    ]);
    const outbox = await sql("SELECT status, to_address FROM mail_outbox WHERE case_id = $1 AND kind = 'activity'", [res.body.caseId]);
    expect(outbox).toEqual([{ status: 'sent', to_address: report.reporter.email }]);
    const events = await eventually(
      async () => {
        const rows = await sql<{ type: string }>('SELECT type FROM case_events WHERE case_id = $1 ORDER BY id', [res.body.caseId]);
        return rows.some((r) => r.type === 'receipt.sent') ? rows : undefined;
      },
      { what: 'the case events' },
    );
    // The case opens with the report, the 24-hour urgency assessment becomes a task, the receipt goes out
    // (and the intake team's supervisor is told of the new task, whenever the relay gets to it).
    expect(events.map((e) => e.type).filter((t) => t !== 'notification.sent')).toEqual([
      'case.opened',
      'report.received',
      'task.opened',
      'mail.sent',
      'receipt.sent',
    ]);
  });

  it('takes the same idempotency key twice as one report: one case, one mail', async () => {
    const report = sampleReport();
    const first = await postJson(`${h.api.url}/reports`, report);
    const second = await postJson(`${h.api.url}/reports`, report);
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);

    await eventually(async () => (await h.mail.messagesTo(report.reporter.email)).length > 0, { what: 'the receipt' });
    // A third try after the case has moved on must not reopen or resend anything either.
    expect((await postJson(`${h.api.url}/reports`, report)).body).toEqual(first.body);
    // A new report about the same child reaches the same case after the repeats: the case takes reports in
    // the order they come, so once its receipt is out, anything a repeat had started would be done.
    const later = sampleReport({ childReference: report.childReference });
    const { body: next } = await postJson(`${h.api.url}/reports`, later);
    expect(next.caseId).toBe(first.body.caseId);
    await eventually(async () => (await h.mail.messagesTo(later.reporter.email)).length === 1, { what: "the later report's receipt" });
    expect(await h.mail.messagesTo(report.reporter.email)).toHaveLength(1);
    expect(await sql('SELECT id FROM cases WHERE id = $1', [first.body.caseId])).toHaveLength(1);
    const reports = await sql<{ id: string }>('SELECT id FROM reports WHERE case_id = $1', [first.body.caseId]);
    expect(reports.map((r) => r.id).sort()).toEqual([first.body.reportId, next.reportId].sort());
  });

  it("attaches a new report about a child to the child's open case", async () => {
    const first = sampleReport();
    const { body: a } = await postJson(`${h.api.url}/reports`, first);
    await eventually(async () => (await sql('SELECT id FROM reports WHERE case_id = $1', [a.caseId])).length === 1, {
      what: 'the first report',
    });
    const second = sampleReport({ childReference: ` ${first.childReference} `, concernsAbuse: true });
    const { status, body: b } = await postJson(`${h.api.url}/reports`, second);
    expect(status).toBe(202);
    expect(b.caseId).toBe(a.caseId);
    expect(b.reportId).not.toBe(a.reportId);
    // Each report gets its own 24-hour assessment and its reporter a receipt.
    const tasks = await eventually(
      async () => {
        const rows = await sql<{ subject_id: string }>(`SELECT subject_id FROM tasks WHERE case_id = $1 AND kind = 'urgency-assessment'`, [
          a.caseId,
        ]);
        return rows.length === 2 ? rows : undefined;
      },
      { what: 'two urgency-assessment tasks' },
    );
    expect(tasks.map((t) => t.subject_id).sort()).toEqual([a.reportId, b.reportId].sort());
    await eventually(async () => (await h.mail.messagesTo(second.reporter.email)).length === 1, { what: 'the second receipt' });
  });

  it('sends a receipt to a citizen too, under the statutory default policy', async () => {
    const report = sampleReport();
    report.reporter.type = 'citizen';
    expect((await postJson(`${h.api.url}/reports`, report)).status).toBe(202);
    await eventually(async () => (await h.mail.messagesTo(report.reporter.email)).length === 1, { what: "the citizen's receipt" });
  });

  it.each([
    ['a missing field', (r: any) => delete r.concern, /concern/],
    ['a bad email', (r: any) => (r.reporter.email = 'not-an-email'), /reporter\.email must be an email/],
    [
      'an unknown reporter type',
      (r: any) => (r.reporter.type = 'neighbour'),
      /reporter\.type must be one of the following values: professional, citizen/,
    ],
    ['a missing reporter', (r: any) => delete r.reporter, /reporter/],
    ['a short idempotency key', (r: any) => (r.idempotencyKey = 'x'), /idempotencyKey/],
    ['an unknown field', (r: any) => (r.cpr = '0101101234'), /property cpr should not exist/],
    ['a NUL character in the concern', (r: any) => (r.concern = 'Bekymring\u0000'), /concern must not contain NUL characters/],
    [
      'broken Unicode in the name',
      (r: any) => (r.reporter.name = 'Hanne \ud800'),
      /reporter\.name must not contain NUL characters or broken Unicode/,
    ],
  ])('answers %s with 400 naming the field, and starts no case', async (_what, mutate, message) => {
    const report = sampleReport();
    mutate(report);
    const res = await postJson(`${h.api.url}/reports`, report);
    expect(res.status).toBe(400);
    expect(res.body.message.join('\n')).toMatch(message);
    // A valid report about the same child after it: had the refused one reached a case, this one would be
    // attached to that case and taken after it, so once its receipt is out the refused one would show.
    const valid = sampleReport({ childReference: report.childReference });
    const { body: accepted } = await postJson(`${h.api.url}/reports`, valid);
    await eventually(async () => (await h.mail.messagesTo(valid.reporter.email)).length === 1, { what: "the valid report's receipt" });
    expect(await h.mail.messagesTo(report.reporter?.email ?? 'none')).toHaveLength(0);
    const reports = await sql<{ id: string }>('SELECT id FROM reports WHERE child_reference = $1', [report.childReference]);
    expect(reports.map((r) => r.id)).toEqual([accepted.reportId]);
  });

  it('answers a body that is not JSON with 400, not 500', async () => {
    const res = await postJson(`${h.api.url}/reports`, '{"reporter": "Hanne Holm');
    expect(res.status).toBe(400);
    // In our words: the parser's own sentence could quote the body.
    expect(res.body.message).toBe('the request body is not valid JSON');
  });

  it('answers a deeply nested body with 400 naming the fields, not 500', async () => {
    const depth = 50_000;
    const deepObject = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const deepList = '['.repeat(depth) + ']'.repeat(depth);
    const text = JSON.stringify({ ...sampleReport(), reporter: '@reporter', concern: '@concern' })
      .replace('"@reporter"', deepObject)
      .replace('"@concern"', deepList);
    const res = await postJson(`${h.api.url}/reports`, text);
    expect(res.status).toBe(400);
    const said = res.body.message.join('\n');
    expect(said).toMatch(/property reporter\.a should not exist/);
    expect(said).toMatch(/concern must be a string/);
  });
});
