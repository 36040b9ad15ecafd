// Who reaches what (PRODUCT.md section 5), over real HTTP with tokens from the local OpenID provider:
// a coordinator their own cases and those of absent colleagues they stand in for; a colleague's case
// only with a reason (recorded, flagged); a supervisor their team's; the head all; a partner only
// their department's agreed actions; an admin the organisation and tools but no case content. Out of
// reach answers 404, as if the case did not exist. The actor is the signed-in person, and four eyes
// hold on identities.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { sampleMeasure } from '../support/cases';
import { sql } from '../support/database';
import { DEMO_USERNAMES } from '../support/signed-in-cases';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('access-rules', DEMO_USERNAMES);
const { as } = h;
const { reportedCase, caseOf, whileAway } = h.cases;

async function audit(caseId: string) {
  return sql<{ actor_id: string; action: string; outcome: string; out_of_scope: boolean; reason: string | null }>(
    'SELECT actor_id, action, outcome, out_of_scope, reason FROM audit_records WHERE case_id = $1 ORDER BY id',
    [caseId],
  );
}

it('lets a coordinator reach their own case, the intake team an unassigned one, and nobody else of the team without a reason', async () => {
  const unassigned = await reportedCase();
  // New reports belong to the intake team (Team Nord) until someone is assigned.
  expect((await as.anna.get(`/cases/${unassigned}`)).status).toBe(200);
  expect((await as.freja.get(`/cases/${unassigned}`)).status).toBe(404);

  // A new case is the intake team's (Team Nord): its supervisor gives it to a coordinator of Team Syd.
  const frejas = await caseOf('freja', 'team-south', 'sofie');
  expect((await as.freja.get(`/cases/${frejas}`)).status).toBe(200);
  expect((await as.anna.get(`/cases/${frejas}`)).status).toBe(404);
  // Same team, no registered absence: asks for a reason…
  const refused = await as.omar.get(`/cases/${frejas}`);
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: 'ReasonRequired' });
  // …and with one it is allowed, recorded out of scope with the reason, and flagged to the supervisor.
  const covered = await as.omar.get(`/cases/${frejas}`, { 'x-access-reason': 'Freja er syg, forælder ringede' });
  expect(covered.status).toBe(200);
  const rows = await audit(frejas);
  expect(rows).toContainEqual(
    expect.objectContaining({
      actor_id: DEMO_IDS.omar,
      action: 'case.read',
      outcome: 'allowed',
      out_of_scope: true,
      reason: 'Freja er syg, forælder ringede',
    }),
  );
  expect(rows).toContainEqual(expect.objectContaining({ actor_id: DEMO_IDS.anna, action: 'case.read', outcome: 'denied' }));
  const flagged = await as.jonas.get('/audit/flagged');
  expect(flagged.status).toBe(200);
  expect(JSON.stringify(flagged.body)).toContain(frejas);
});

it("lets a registered stand-in reach an absent colleague's case without a reason", async () => {
  const caseId = await caseOf('freja', 'team-south', 'sofie');
  expect((await as.omar.get(`/cases/${caseId}`)).status).toBe(403);
  await whileAway('freja', 'omar', async () => {
    expect((await as.omar.get(`/cases/${caseId}`)).status).toBe(200);
    expect((await audit(caseId)).at(-1)).toMatchObject({ actor_id: DEMO_IDS.omar, outcome: 'allowed', out_of_scope: false });
  });
});

it("lets a supervisor reach the team's cases and the head all; partners and admins reach no case (404)", async () => {
  const caseId = await caseOf('anna', 'team-north', 'sofie');
  expect((await as.sofie.get(`/cases/${caseId}`)).status).toBe(200);
  expect((await as.mikkel.get(`/cases/${caseId}`)).status).toBe(200); // the team's deputy
  expect((await as.hanne.get(`/cases/${caseId}`)).status).toBe(200);
  expect((await as.hanne.get(`/cases/${caseId}/timeline`)).status).toBe(200);
  for (const u of ['jonas', 'lene', 'admin', 'freja'] as const) {
    expect({ u, status: (await as[u].get(`/cases/${caseId}`)).status }).toEqual({ u, status: 404 });
    expect({ u, status: (await as[u].get(`/cases/${caseId}/timeline`)).status }).toEqual({ u, status: 404 });
    const cmd = await as[u].post(`/cases/${caseId}/commands/record-urgency-assessment`, { childInDanger: false, acuteHelpNeeded: false });
    expect({ u, status: cmd.status }).toEqual({ u, status: 404 });
  }
  // A case that does not exist answers the same.
  expect((await as.anna.get('/cases/00000000-0000-4000-8000-00000000beef')).status).toBe(404);
  // Admins have their own tools; case workers do not.
  expect((await as.admin.get('/admin/dead-letters')).status).toBe(200);
  const policies = await as.admin.get('/admin/policies');
  expect(policies.status).toBe(200);
  const statutory = policies.body.policies.find((p: any) => p.version === 'statutory-2025.1');
  expect(statutory).toMatchObject({ forNewCases: true, policy: { version: 'statutory-2025.1' } });
  expect(statutory.openCases).toBeGreaterThanOrEqual(1); // this test's case, at least
  expect((await as.anna.get('/admin/policies')).status).toBe(403);
  expect((await as.anna.get('/admin/dead-letters')).status).toBe(403);
  expect((await as.sofie.get('/admin/dead-letters')).status).toBe(403);
  expect((await as.anna.post('/handovers', {})).status).toBe(403);
});

it('takes the actor from the signed-in person, never from the body, and holds four eyes on identities', async () => {
  const caseId = await caseOf('anna', 'team-north', 'sofie');
  const url = `/cases/${caseId}/commands`;
  const forged = await as.anna.post(`${url}/record-urgency-assessment`, {
    actor: 'whoever-123',
    childInDanger: false,
    acuteHelpNeeded: false,
  });
  expect(forged.status).toBe(400);
  expect(forged.body.message).toBe('actor is not a known field');
  expect((await as.anna.post(`${url}/record-urgency-assessment`, { childInDanger: false, acuteHelpNeeded: false })).status).toBe(200);
  expect((await as.anna.post(`${url}/decide-triage`, { decision: 'assessment', reason: 'Bekymring for trivsel' })).status).toBe(200);
  expect((await as.anna.post(`${url}/record-child-conversation`, {})).status).toBe(200);
  expect((await as.anna.post(`${url}/submit-assessment`, { conclusion: 'measures-needed', summary: 'Behov for støtte' })).status).toBe(200);
  // The child is heard again before each measure decision (BL § 5).
  expect((await as.anna.post(`${url}/record-child-conversation`, {})).status).toBe(200);
  const proposed = await as.anna.post(`${url}/propose-measure`, { measure: measure() });
  expect(proposed.status).toBe(200);
  const decisionId = proposed.body.result.decisionId as string;
  const events = await eventually(
    async () => {
      const rows = await sql<{ type: string; actor: string }>('SELECT type, actor FROM case_events WHERE case_id = $1', [caseId]);
      return rows.some((e) => e.type === 'decision.proposed') ? rows : undefined;
    },
    { what: 'the proposal event' },
  );
  expect(
    events.filter((e) => e.type !== 'report.received' && !e.type.startsWith('task.') && e.actor !== 'system').map((e) => e.actor),
  ).toContain(DEMO_IDS.anna);
  expect(events.map((e) => e.actor)).not.toContain('whoever-123');

  // The proposer cannot approve (not a supervisor), nor can another team's supervisor reach it.
  const self = await as.anna.post(`${url}/decide-approval`, { decisionId, approved: true, reason: 'ok' });
  expect(self.status).toBe(403);
  expect((await as.jonas.post(`${url}/decide-approval`, { decisionId, approved: true, reason: 'ok' })).status).toBe(404);
  // A supervisor who proposes cannot approve their own proposal (the workflow compares identities).
  expect((await as.sofie.post(`${url}/record-child-conversation`, {})).status).toBe(200);
  const second = await as.sofie.post(`${url}/propose-measure`, { measure: measure() });
  expect({ status: second.status, message: second.body.message }).toEqual({ status: 200, message: undefined });
  const own = await as.sofie.post(`${url}/decide-approval`, { decisionId: second.body.result.decisionId, approved: true, reason: 'ok' });
  expect(own.status).toBe(409);
  expect(own.body.message).toMatch(/four eyes/);
  // The team's supervisor approves the coordinator's proposal.
  const approved = await as.sofie.post(`${url}/decide-approval`, { decisionId, approved: true, reason: 'Godkendt' });
  expect(approved.status).toBe(200);

  // Every attempt is in the audit with what came of it.
  const commands = await sql<{ actor_id: string; command: string; outcome: string }>(
    `SELECT actor_id, command, outcome FROM audit_records WHERE case_id = $1 AND action = 'case.command' ORDER BY id`,
    [caseId],
  );
  const attempts = commands.filter((r) => r.command === 'decide-approval' || r.command === 'record-urgency-assessment');
  expect(attempts.map((r) => `${r.command} ${r.actor_id} ${r.outcome}`)).toEqual([
    `record-urgency-assessment ${DEMO_IDS.anna} failed`, // the body that named an actor
    `record-urgency-assessment ${DEMO_IDS.anna} allowed`,
    `decide-approval ${DEMO_IDS.anna} denied`, // not a supervisor
    `decide-approval ${DEMO_IDS.supervisorSouth} denied`, // out of reach
    `decide-approval ${DEMO_IDS.supervisorNorth} failed`, // four eyes: her own proposal
    `decide-approval ${DEMO_IDS.supervisorNorth} allowed`,
  ]);
});

it('shows a partner only the agreed actions of their department, and lets them mark one done', async () => {
  const caseId = await caseOf('anna', 'team-north', 'sofie');
  const url = `/cases/${caseId}/commands`;
  for (const [cmd, body] of [
    ['record-urgency-assessment', { childInDanger: false, acuteHelpNeeded: false }],
    ['decide-triage', { decision: 'assessment', reason: 'Bekymring' }],
    ['record-child-conversation', {}],
    ['submit-assessment', { conclusion: 'measures-needed', summary: 'Behov' }],
    ['record-child-conversation', {}],
  ] as const)
    expect((await as.anna.post(`${url}/${cmd}`, body)).status).toBe(200);
  const proposed = await as.anna.post(`${url}/propose-measure`, { measure: measure() });
  const approved = await as.sofie.post(`${url}/decide-approval`, {
    decisionId: proposed.body.result.decisionId,
    approved: true,
    reason: 'ok',
  });
  expect(approved.status).toBe(200);
  const measureId = proposed.body.result.measureId as string;
  await eventually(async () => (await as.anna.get(`/measures/${measureId}`)).status === 200, { what: 'the measure' });
  const followUp = await as.anna.post(`/measures/${measureId}/commands/record-follow-up`, {
    scores: [],
    decision: 'continue',
    agreedActions: [
      { description: 'Tilbyde mor et forløb i jobcentret', owner: 'partner-jobcenter' },
      { description: 'Skolen følger fremmøde', owner: 'partner-school' },
    ],
  });
  expect(followUp.status).toBe(200);
  const mine = await eventually(
    async () => {
      const r = await as.lene.get('/partner/actions');
      return r.body?.actions?.find((a: any) => a.description === 'Tilbyde mor et forløb i jobcentret');
    },
    { what: "the jobcenter's action" },
  );
  const lenes = (await as.lene.get('/partner/actions')).body.actions;
  expect(lenes.map((a: any) => a.description)).not.toContain('Skolen følger fremmøde');
  expect(Object.keys(mine).sort()).toEqual(['description', 'doneAt', 'dueAt', 'id', 'status']);
  // Another department's partner cannot mark it, and no partner reaches the case or the measure.
  expect((await as.peter.post(`/partner/actions/${mine.id}/done`)).status).toBe(404);
  expect((await as.lene.get(`/cases/${caseId}`)).status).toBe(404);
  expect((await as.lene.get(`/measures/${measureId}`)).status).toBe(404);
  expect((await as.anna.get('/partner/actions')).status).toBe(403);
  const done = await as.lene.post(`/partner/actions/${mine.id}/done`);
  expect(done.status).toBe(200);
  expect(done.body).toMatchObject({ id: mine.id, status: 'done' });
  await eventually(async () => (await as.lene.get('/partner/actions')).body.actions.find((a: any) => a.id === mine.id)?.status === 'done', {
    what: 'the action done in the read model',
  });
});

const measure = () => sampleMeasure();
