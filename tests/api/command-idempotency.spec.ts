// Commands over HTTP are idempotent and serialised: a retry with the same Idempotency-Key gets the
// first answer and changes nothing; two concurrent commands that conflict give one effect and one
// refusal; oversized or malformed input is refused at the edge and leaves the case running and unchanged.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import type { ApiClient } from '../support/auth';
import { sampleMeasure } from '../support/cases';
import { sql } from '../support/database';
import { getJson } from '../support/reports';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('command-idempotency', ['anna', 'sofie', 'hanne']);
const { as } = h;
const { reportedCase } = h.cases;

/** A command as `who`, with an Idempotency-Key when one is given. */
const send = (who: ApiClient, path: string, body: unknown, key?: string) => who.post(path, body, key ? { 'idempotency-key': key } : {});
const events = (caseId: string, type: string) =>
  sql<{ data: any }>('SELECT data FROM case_events WHERE case_id = $1 AND type = $2', [caseId, type]);

/** A new case of the intake team (Team Nord): anna works there, sofie leads it. */
async function newCase(): Promise<{ caseId: string; url: string }> {
  const caseId = await reportedCase();
  const url = `/cases/${caseId}`;
  await eventually(async () => (await as.anna.get(url)).body.reportIds?.length === 1, { what: 'the case to be readable' });
  return { caseId, url };
}

it('applies a command sent twice, concurrently or after each other, with one key once', async () => {
  const { caseId, url } = await newCase();

  // Twice at the same moment, same key: one assignment, the same answer to both.
  const key = `assign-${randomUUID()}`;
  const assign = { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' };
  const [a, b] = await Promise.all([
    send(as.sofie, `${url}/commands/assign-coordinator`, assign, key),
    send(as.sofie, `${url}/commands/assign-coordinator`, assign, key),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(b.body.result).toEqual(a.body.result);

  // Again later, same key: the first answer again, nothing new.
  const urgency = { childInDanger: false, acuteHelpNeeded: false };
  const first = await send(as.anna, `${url}/commands/record-urgency-assessment`, urgency, 'urgency-0001');
  const again = await send(as.anna, `${url}/commands/record-urgency-assessment`, urgency, 'urgency-0001');
  expect([first.status, again.status]).toEqual([200, 200]);
  expect(again.body.result).toEqual(first.body.result);
  // The same command with a new key is a new command: refused now, as nothing waits for an urgency assessment.
  expect((await send(as.anna, `${url}/commands/record-urgency-assessment`, urgency, 'urgency-0002')).status).toBe(409);

  // Two triage decisions at the same moment with different keys: one effect, one refusal.
  const triage = { decision: 'assessment', reason: 'Bekymring for trivsel' };
  const both = await Promise.all([
    send(as.anna, `${url}/commands/decide-triage`, triage, 'triage-0001'),
    send(as.anna, `${url}/commands/decide-triage`, triage, 'triage-0002'),
  ]);
  expect(both.map((r) => r.status).sort()).toEqual([200, 409]);

  await eventually(async () => (await events(caseId, 'triage.decided')).length === 1, { what: 'the triage event' });
  expect(await events(caseId, 'case.coordinator-assigned')).toHaveLength(1);
  expect(await events(caseId, 'urgency-assessment.recorded')).toHaveLength(1);
  const tasks = await sql<{ kind: string }>("SELECT kind FROM tasks WHERE case_id = $1 AND kind = 'assessment'", [caseId]);
  expect(tasks).toHaveLength(1);

  // A measure proposed twice with one key is one decision with one approval task; two approvals at once are one.
  expect((await send(as.anna, `${url}/commands/record-child-conversation`, {})).status).toBe(200);
  const assessed = await send(as.anna, `${url}/commands/submit-assessment`, { conclusion: 'measures-needed', summary: 'Behov for støtte' });
  expect(assessed.status).toBe(200);
  expect((await send(as.anna, `${url}/commands/record-child-conversation`, {})).status).toBe(200);
  const measure = sampleMeasure({ monthlyCost: 14000 });
  const proposals = await Promise.all([
    send(as.anna, `${url}/commands/propose-measure`, { measure }, 'propose-0001'),
    send(as.anna, `${url}/commands/propose-measure`, { measure }, 'propose-0001'),
  ]);
  expect(proposals.map((p) => p.status)).toEqual([200, 200]);
  expect(proposals[1].body.result.decisionId).toBe(proposals[0].body.result.decisionId);
  const { decisionId, measureId } = proposals[0].body.result;
  // The team's supervisor and the head approve at the same moment: one approval.
  const approvals = await Promise.all(
    [as.sofie, as.hanne].map((who, i) =>
      send(who, `${url}/commands/decide-approval`, { decisionId, approved: true, reason: 'Godkendt' }, `approve-000${i}`),
    ),
  );
  expect(approvals.map((r) => r.status).sort()).toEqual([200, 409]);
  await eventually(async () => (await sql('SELECT id FROM measures WHERE id = $1', [measureId])).length === 1, { what: 'the measure' });
  expect(await events(caseId, 'decision.proposed')).toHaveLength(1);
  expect(await sql("SELECT id FROM tasks WHERE case_id = $1 AND kind = 'approval'", [caseId])).toHaveLength(1);
  expect((await events(caseId, 'measure.started')).length).toBe(1);
});

it('tells the family of a new contact person once, however often the change is sent', async () => {
  const contactEmail = `familie.${randomUUID().slice(0, 8)}@example.dk`;
  const created = await send(as.sofie, '/families', { coordinatorId: DEMO_IDS.anna, teamId: 'team-north', contactEmail });
  expect(created.status).toBe(201);
  const url = `/families/${created.body.familyId}`;
  const change = { coordinatorId: DEMO_IDS.mikkel, teamId: 'team-north', reason: 'Ny kontaktperson' };
  const sent = await Promise.all([
    send(as.sofie, `${url}/commands/set-coordinator`, change, 'contact-0001'),
    send(as.sofie, `${url}/commands/set-coordinator`, change, 'contact-0001'),
    send(as.sofie, `${url}/commands/set-coordinator`, change, 'contact-0002'),
  ]);
  // The same key twice shares one fate; the other key, arriving second, finds the change already made (409).
  expect(sent[0].status).toBe(sent[1].status);
  expect(sent.map((r) => r.status).sort()).toEqual(sent[2].status === 200 ? [200, 409, 409] : [200, 200, 409]);
  await eventually(async () => (await h.mail.messagesTo(contactEmail)).length >= 1, { what: 'the mail to the family' });
  expect((await as.sofie.get(url)).body).toMatchObject({ coordinatorId: DEMO_IDS.mikkel, coordinatorChanges: 1 });
  const told = await sql("SELECT id FROM case_events WHERE family_id = $1 AND type = 'family.told-new-contact'", [created.body.familyId]);
  expect(told).toHaveLength(1);
  expect(await h.mail.messagesTo(contactEmail)).toHaveLength(1);
});

it('refuses oversized and malformed input at the edge, and the case runs on unchanged', async () => {
  const { url } = await newCase();
  const before = (await as.sofie.get(url)).body;
  const huge = 'x'.repeat(500_000);
  const valid = { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' };
  for (let i = 0; i < 2; i++) {
    const r = await send(as.sofie, `${url}/commands/assign-coordinator`, { ...valid, coordinatorId: huge });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('coordinatorId must be at most 100 characters');
    const reason = await send(as.sofie, `${url}/commands/assign-coordinator`, { ...valid, reason: huge });
    expect(reason.status).toBe(400);
    expect(reason.body.message).toBe('reason must be at most 10000 characters');
  }
  const tooBig = await send(as.sofie, `${url}/commands/assign-coordinator`, { ...valid, reason: 'x'.repeat(2_000_000) });
  expect(tooBig.status).toBe(413);
  expect((await send(as.sofie, `${url}/commands/assign-coordinator`, '{"coordinatorId": ')).status).toBe(400);
  const badKey = await send(as.sofie, `${url}/commands/assign-coordinator`, valid, 'no spaces allowed');
  expect(badKey.status).toBe(400);
  expect(badKey.body.message).toMatch(/^Idempotency-Key /);
  const unknown = await send(as.sofie, `${url}/commands/assign-coordinator`, { ...valid, cpr: '0101011234' });
  expect(unknown.body).toMatchObject({ statusCode: 400, message: 'cpr is not a known field' });
  // Who acts is the signed-in person, never a field of the body, however it is written.
  const actor = await send(as.sofie, `${url}/commands/assign-coordinator`, { ...valid, actor: DEMO_IDS.head });
  expect(actor.body).toMatchObject({ statusCode: 400, message: 'actor is not a known field' });

  const after = await as.sofie.get(url);
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ phase: before.phase, coordinatorChanges: 0, openTasks: before.openTasks });
  expect(after.body.coordinatorId).toBeUndefined();
});

it('publishes each command with its own request body in OpenAPI', async () => {
  const doc = (await getJson(`${h.api.url}/docs-json`)).body;
  const assign = doc.paths['/cases/{caseId}/commands/assign-coordinator'].post;
  const schema = assign.requestBody.content['application/json'].schema;
  expect(schema).toMatchObject({
    type: 'object',
    required: expect.arrayContaining(['coordinatorId', 'teamId']),
    additionalProperties: false,
    properties: { coordinatorId: { type: 'string', maxLength: 100 } },
  });
  // The actor is the signed-in person: no body offers to name one.
  expect(schema.properties).not.toHaveProperty('actor');
  const bodies = Object.entries(doc.paths as Record<string, any>).flatMap(([path, ops]) =>
    Object.values(ops as Record<string, any>)
      .filter((op) => op?.requestBody)
      .map((op) => ({ path, actor: JSON.stringify(op.requestBody).includes('"actor"') })),
  );
  expect(bodies.length).toBeGreaterThan(10);
  expect(bodies.filter((b) => b.actor)).toEqual([]);
  expect(assign.parameters.map((p: any) => p.name)).toEqual(expect.arrayContaining(['caseId', 'Idempotency-Key']));
  expect(doc.paths['/measures/{measureId}/commands/record-follow-up'].post.requestBody).toBeDefined();
  expect(doc.paths['/families/{familyId}/commands/add-appointment'].post.requestBody).toBeDefined();
  expect(doc.paths['/cases/{caseId}/commands/{command}']).toBeUndefined();
});
