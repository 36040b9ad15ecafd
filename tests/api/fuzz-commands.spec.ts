// Property-based: random, oversized and malformed bodies sent over HTTP to every command of a live
// case, a live measure and a live family. Every request gets 200 or a 4xx that says what is wrong,
// never a 5xx or a hang; afterwards each workflow still runs, answers, has no failed workflow task
// and fires its next deadline.
//
// Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npm test -- tests/api/fuzz-commands
// (FUZZ_RUNS sets the bodies per command, 50 by default).
import { randomUUID } from 'node:crypto';
import { temporal } from '@temporalio/proto';
import fc from 'fast-check';
import type { z } from 'zod';
import { CASE_COMMANDS, FAMILY_COMMANDS, MEASURE_COMMANDS } from '../../apps/api/src/cases/commands';
import type { DeadlineRule } from '../../libs/policy/case-policy';
import { createFamilySchema, registerInquirySchema, schemaProblem } from '../../workflows/command-schemas';
import {
  assignCoordinatorUpdate,
  decideApprovalUpdate,
  decideTriageUpdate,
  familyWorkflowId,
  type FamilyWorkflowInput,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordUrgencyAssessmentUpdate,
} from '../../workflows/contract';
import { openCase } from '../support/cases';
import { sql } from '../support/database';
import { describeRequest, type FuzzRequest, fuzzBodies, type Tree } from '../support/fuzz-bodies';
import { postJson } from '../support/reports';
import { eventually } from '../support/test-env';
import { fastRule, testPolicy } from '../support/test-policy';
import { useWorkflowHarness } from '../support/workflow-harness';

const h = useWorkflowHarness('fuzz-commands', { api: {} });

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
/** Far above any honest answer on two loaded cores: a request still unanswered by then hangs. */
const REQUEST_TIMEOUT_MS = 30_000;
/** The API's body limit ('1mb' in body-parser's units). */
const BODY_LIMIT = 1024 * 1024;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;
const DEADLINE_EVENTS = ['task.reminded', 'task.overdue', 'task.escalated'];

jest.setTimeout(15 * 60_000);

// Tasks the fuzzing cannot close for good (the plan and committee review of the case, the tilsyn of
// the measure, which reopens when recorded, an appointment conflict of the family) remind again
// every few seconds once their steps have fired, so each workflow has a deadline falling due after the fuzzing ends. (Only rules whose
// clock starts now repeat: an inquiry may be dated years back, and would replay every missed repeat.)
const seconds = (n: number) => ({ seconds: n });
const again = seconds(6);
const repeating = (due: number): DeadlineRule => ({ ...fastRule(due), repeatAfterDue: again });
const defaults = testPolicy();
const policy = testPolicy({
  assessment: repeating(20),
  plan: repeating(20),
  committeeReview: repeating(20),
  appointmentConflict: repeating(20),
  measure: {
    ...defaults.measure,
    firstFollowUp: seconds(20),
    followUpAfterAssessment: seconds(20),
    followUpCadence: seconds(30),
    followUp: { ...defaults.measure.followUp, repeatAfterDue: again },
    supervisionVisitInterval: seconds(20),
    supervisionVisit: { ...defaults.measure.supervisionVisit, repeatAfterDue: again },
  },
});

interface Endpoint {
  name: string;
  url: string;
  schema: z.ZodType;
  base: Record<string, Tree>;
  /** The status of an accepted request. */
  ok: number;
  keys?: fc.Arbitrary<FuzzRequest['key']>;
  /** Bodies not sent: valid commands that would end the workflow on purpose (not what this test is about). */
  ends?: (body: Record<string, unknown>) => boolean;
}

interface Answer {
  status: number;
  body: any;
  ms: number;
}

type Tally = Record<string, Record<number, number>>;

const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const getJson = async (url: string) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  return { status: res.status, body: (await res.json()) as any };
};

/** A case through intake to an approved acute placement: the case, its running measure, all on the compressed policy. */
async function liveCaseAndMeasure() {
  const c = await openCase(h.client, h.taskQueue, policy);
  await c.handle.executeUpdate(assignCoordinatorUpdate, {
    args: [{ actor: 'leder-lis', coordinatorId: 'radgiver-maja', teamId: 'team-fuzz' }],
  });
  await c.handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: 'radgiver-maja', childInDanger: true, acuteHelpNeeded: true }],
  });
  await c.handle.executeUpdate(decideTriageUpdate, { args: [{ actor: 'radgiver-maja', decision: 'acute-measure', reason: 'Akut behov' }] });
  await c.handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: 'radgiver-maja' }] });
  const proposed = await c.handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: 'radgiver-maja',
        measure: {
          type: 'plejefamilie',
          ladderStep: 5,
          provider: 'Plejefamilien Holm',
          monthlyCost: 32_000,
          startDate: later(0),
          plannedEnd: later(2 * 3600_000),
          goalIds: ['g1'],
        },
      },
    ],
  });
  await c.handle.executeUpdate(decideApprovalUpdate, {
    args: [{ actor: 'leder-lis', decisionId: proposed.decisionId!, approved: true, reason: 'Akut anbringelse' }],
  });
  const measureId = proposed.measureId!;
  const measure = h.client.workflow.getHandle(measureWorkflowId(measureId));
  await eventually(async () => (await measure.query(measureViewQuery)).openTasks.length >= 3, { what: 'the measure to start' });
  return { caseId: c.caseId, measureId };
}

/** A family on the compressed policy with a contact person, an inquiry and two clashing appointments (a task to resolve). */
async function liveFamily() {
  const familyId = randomUUID();
  const input: FamilyWorkflowInput = { familyId, policy };
  await h.client.workflow.start('familyWorkflow', { workflowId: familyWorkflowId(familyId), taskQueue: h.taskQueue, args: [input] });
  const url = `${h.api.url}/families/${familyId}`;
  const ok = async (path: string, body: object, key = `fuzz-setup-${randomUUID()}`) => {
    const r = await postJson(`${url}${path}`, body, { 'idempotency-key': key });
    expect({ path, status: r.status }).toEqual({ path, status: path === '/inquiries' ? 202 : 200 });
    return r.body;
  };
  await ok('/commands/set-coordinator', {
    actor: 'leder-lis',
    coordinatorId: 'radgiver-fam',
    teamId: 'team-fuzz',
    deputyId: 'radgiver-deputy',
    contactEmail: 'familie.fuzz@example.dk',
  });
  const { inquiryId } = await ok('/inquiries', { channel: 'phone' });
  const appointment = (appointmentId: string, department: string) => ({
    actor: 'radgiver-fam',
    appointmentId,
    department,
    start: later(86_400_000),
    end: later(86_400_000 + 3600_000),
  });
  await ok('/commands/add-appointment', appointment('praktik-1', 'jobcenter'));
  await ok('/commands/add-appointment', appointment('samvaer-1', 'børn og familie'));
  await eventually(async () => (await getJson(url)).body.openTasks?.length === 2, { what: 'the inquiry and the conflict to be open' });
  return { familyId, inquiryId: inquiryId as string };
}

function commandEndpoints(
  path: string,
  table: Record<string, { schema: z.ZodType }>,
  bases: Record<string, Record<string, Tree>>,
  ends: Record<string, Endpoint['ends']> = {},
): Endpoint[] {
  // Every command of the API's table is fuzzed: a new command without a base body fails here.
  expect(Object.keys(bases).sort()).toEqual(Object.keys(table).sort());
  return Object.entries(table).map(([name, spec]) => {
    // The base itself is valid: what the fuzzing changes is the only thing wrong.
    expect({ name, problem: schemaProblem(spec.schema, bases[name]) }).toEqual({ name, problem: undefined });
    return {
      name: `${path} ${name}`,
      url: `${h.api.url}${path}/commands/${name}`,
      schema: spec.schema,
      base: bases[name],
      ok: 200,
      ends: ends[name],
    };
  });
}

async function send(ep: Endpoint, req: FuzzRequest, n: number): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (req.contentType) headers['content-type'] = req.contentType;
  const key = req.key === 'fresh' ? `fuzz-${n}-${randomUUID()}` : req.key;
  if (key !== undefined) headers['idempotency-key'] = key;
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(ep.url, { method: 'POST', headers, body: req.text, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms (${(err as Error).name}: ${(err as Error).message})`, { cause: err });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, ms: Date.now() - started };
}

function fail(why: string, answer: Answer): never {
  const shown = JSON.stringify(answer.body) ?? '(not JSON)';
  throw new Error(`${why}; got ${answer.status} ${shown.length > 400 ? `${shown.slice(0, 400)}…` : shown}`);
}

/** What the API logged about an error answered with `correlationId` (its stack, for the failure message). */
function apiLog(correlationId: unknown): string {
  if (typeof correlationId !== 'string') return '';
  const at = h.api.output.indexOf(correlationId);
  return at < 0 ? '' : `; the API logged: ${h.api.output.slice(Math.max(0, at - 200), at + 1_500)}`;
}

/** Whether `message` begins with a field: one of the command's, or one the caller sent. */
function namesField(message: string, ep: Endpoint, body: Record<string, unknown>): boolean {
  const shape = (ep.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
  const fields = [...Object.keys(shape), ...Object.keys(body), 'the body'];
  // A long unknown key is named by its beginning.
  const names = (f: string) => message.startsWith(f) && [' ', '.', '[', ','].includes(message.charAt(f.length));
  return fields.some((f) => names(f) || (f.length > 40 && message.startsWith(f.slice(0, 40))));
}

/** The answer one request must get, judged from the exact text sent. */
function judge(ep: Endpoint, req: FuzzRequest, key: string | undefined, a: Answer): void {
  if (a.status >= 500) fail(`a server error${apiLog(a.body?.correlationId)}`, a);
  if (a.status !== ep.ok && (a.status < 400 || a.status >= 500)) fail(`expected ${ep.ok} or a 4xx`, a);
  const message: unknown = a.body?.message;
  if (a.status >= 400) {
    if (typeof message !== 'string' || message.trim() === '') fail('a refusal without a message', a);
    // The refusal says what is wrong in a sentence; it does not echo a huge input back.
    if (message.length > 1_000) fail(`a refusal message of ${message.length} characters`, a);
  }
  if (req.contentType !== 'application/json') return; // other types: any 4xx that says why

  if (Buffer.byteLength(req.text) > BODY_LIMIT) {
    if (a.status !== 413) fail('a body over 1 MB refused with 413', a);
    return;
  }
  if (a.status === 413) fail('413 for a body under the limit', a);

  // A wrong Idempotency-Key may be refused before the body is looked at, or after.
  const keyProblem = key !== undefined && !IDEMPOTENCY_KEY.test(key);
  const keyRefused = a.status === 400 && typeof message === 'string' && message.startsWith('Idempotency-Key ');

  // What the server parses: the UTF-8 of the text (an empty body is no fields at all).
  const seen = Buffer.from(req.text, 'utf8').toString('utf8');
  let parsed: unknown;
  try {
    parsed = seen === '' ? {} : JSON.parse(seen);
  } catch {
    // The JSON parser's own sentence says what is wrong ("Unterminated string in JSON at position 7").
    if (a.status !== 400 || !/JSON/.test(message as string)) fail('400: the request body is not valid JSON', a);
    return;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    // A JSON text that is no object: refused by the strict JSON parser, or by the command.
    const said = message === 'the request body must be a JSON object' || /JSON/.test(message as string) || (keyProblem && keyRefused);
    if (a.status !== 400 || !said) fail('400: the request body must be a JSON object', a);
    return;
  }
  const body = parsed as Record<string, unknown>;
  const problem = schemaProblem(ep.schema, body);
  const shape = (ep.schema as unknown as { shape: Record<string, unknown> }).shape;
  const unknown = Object.keys(body).filter((k) => !Object.prototype.hasOwnProperty.call(shape, k));
  if (unknown.length && !problem) fail(`unknown field ${JSON.stringify(unknown[0].slice(0, 40))} not refused by the schema`, a);
  if (problem) {
    if (!namesField(problem, ep, body)) fail(`a schema refusal that names no field: ${problem.slice(0, 200)}`, a);
    if (a.status !== 400 || (message !== problem && !(keyProblem && keyRefused))) fail(`400 "${problem.slice(0, 200)}"`, a);
    return;
  }
  if (keyProblem) {
    if (!keyRefused) fail('400 for the Idempotency-Key', a);
    return;
  }
  // Valid in form: the workflow decides. Accepted, refused for its data (400) or for its state (409).
  if (![ep.ok, 400, 409].includes(a.status)) fail(`${ep.ok}, 400 or 409 for a body of valid form`, a);
  if (a.status === 400 && a.body?.error !== 'InvalidCommand') fail('a 400 for a valid body is an InvalidCommand', a);
  if (a.status === ep.ok && a.body === undefined) fail('an accepted request answered without a body', a);
}

/**
 * Fuzzes one workflow: each run sends one generated body to every endpoint of the workflow, in an
 * order of its own, so commands meet each other in many states (a conversation before a proposal,
 * a coordinator change between two follow-ups). A failure names its seed and request, to run it again.
 */
async function fuzzWorkflow(endpoints: Endpoint[], seed: number, tally: Tally): Promise<void> {
  let n = 0;
  const bodies = endpoints.map((ep) =>
    fuzzBodies(ep.base, Object.keys((ep.schema as unknown as { shape: object }).shape), { keys: ep.keys }).filter(
      (r) => !ep.ends || !endsWorkflow(ep, r),
    ),
  );
  const order = fc.shuffledSubarray(
    endpoints.map((_, i) => i),
    { minLength: endpoints.length, maxLength: endpoints.length },
  );
  const result = await fc.check(
    fc.asyncProperty(order, fc.tuple(...bodies), async (indexes, requests) => {
      for (const i of indexes) {
        const [ep, req] = [endpoints[i], requests[i]];
        const answer = await send(ep, req, ++n);
        (tally[ep.name] ??= {})[answer.status] = (tally[ep.name][answer.status] ?? 0) + 1;
        try {
          judge(ep, req, req.key === 'fresh' ? undefined : req.key, answer);
        } catch (err) {
          throw new Error(`${ep.name}: ${(err as Error).message}\n  request: ${describeRequest(req)}`, { cause: err });
        }
      }
    }),
    { seed, numRuns: RUNS, endOnFailure: true },
  );
  if (result.failed) {
    const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(`${why}\n  reproduce: FUZZ_SEED=${SEED} (property seed ${seed}, path ${result.counterexamplePath})`);
  }
}

function endsWorkflow(ep: Endpoint, r: FuzzRequest): boolean {
  try {
    const parsed = JSON.parse(r.text || '{}');
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) && ep.ends!(parsed);
  } catch {
    return false;
  }
}

/** Every run of a workflow, newest first, following continue-as-new back to the first. */
async function histories(workflowId: string) {
  const runs = [];
  let runId: string | undefined;
  for (;;) {
    const history = await h.client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(history);
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId ?? undefined;
    if (!runId) return runs;
  }
}

const { EventType, WorkflowTaskFailedCause } = temporal.api.enums.v1;

it('answers every malformed, oversized or random command with 200 or a 4xx, and every workflow runs on and keeps its clocks', async () => {
  const [{ caseId, measureId }, family] = await Promise.all([liveCaseAndMeasure(), liveFamily()]);
  const { familyId } = family;
  const caseUrl = `${h.api.url}/cases/${caseId}`;
  const measureUrl = `${h.api.url}/measures/${measureId}`;
  const familyUrl = `${h.api.url}/families/${familyId}`;
  const actor = 'radgiver-maja';
  const uuid = () => randomUUID();

  const caseEndpoints = commandEndpoints(`/cases/${caseId}`, CASE_COMMANDS, {
    'assign-coordinator': { actor: 'leder-lis', coordinatorId: 'radgiver-maja', teamId: 'team-fuzz', reason: 'Fordeling af sager' },
    'record-urgency-assessment': { actor, childInDanger: false, acuteHelpNeeded: false },
    'decide-triage': { actor, decision: 'assessment', reason: 'Bekymring for trivsel' },
    'record-child-conversation': { actor, heldAt: later(-3600_000), exceptionReason: 'Barnet er to år' },
    'submit-assessment': { actor, conclusion: 'measures-needed', summary: 'Behov for støtte i hjemmet' },
    'propose-measure': {
      actor,
      measure: {
        type: 'familiebehandling',
        ladderStep: 2,
        provider: 'Familiehuset',
        monthlyCost: 14_000,
        startDate: later(0),
        plannedEnd: later(180 * 86_400_000),
        goalIds: ['g1'],
        childBirthDate: '2015-03-01',
      },
    },
    'decide-approval': { actor: 'leder-lis', decisionId: uuid(), approved: true, reason: 'Godkendt' },
    'submit-plan': {
      actor,
      goals: [{ goalId: 'g1', description: 'Barnet trives i skolen', ownerDepartment: 'skole', successMeasure: 'Fremmøde over 90 %' }],
    },
    'record-reassessment': { actor: 'radgiver-ny', taskId: uuid(), outcome: 'Ingen ændring', childConversationHeld: true },
    'complete-task': { actor, taskId: uuid(), note: 'Klaret' },
    'close-case': { actor, reason: 'Afsluttet' },
  });
  const measureEndpoints = commandEndpoints(
    `/measures/${measureId}`,
    MEASURE_COMMANDS,
    {
      'record-follow-up': {
        actor,
        heldAt: later(0),
        scores: [{ goalId: 'g1', score: 6 }],
        decision: 'continue',
        newLadderStep: 4,
        agreedActions: [{ description: 'Samtale med PPR', owner: 'ppr' }],
        nextFollowUp: { after: { seconds: 30 }, reason: 'Tæt opfølgning i opstarten' },
      },
      'complete-agreed-action': { actor, actionId: uuid() },
      'record-supervision-visit': { actor, visitedAt: later(0), spokeWithChild: true },
      'decide-measure-end': { actor, decision: 'extend', newPlannedEnd: later(365 * 86_400_000), newLadderStep: 4, reason: 'Forlænget' },
      'decide-continued-support': { actor, continuedSupport: true, reason: 'Efterværn til 23 år' },
    },
    {
      'record-follow-up': (b) => b.decision === 'stop' || b.decision === 'replace',
      'decide-measure-end': (b) => b.decision === 'end',
    },
  );
  const familyEndpoints = [
    ...commandEndpoints(`/families/${familyId}`, FAMILY_COMMANDS, {
      'set-coordinator': {
        actor: 'leder-lis',
        coordinatorId: 'radgiver-fam',
        teamId: 'team-fuzz',
        deputyId: 'radgiver-deputy',
        contactEmail: 'familie.fuzz@example.dk',
        reason: 'Ny kontaktperson',
      },
      'answer-inquiry': { actor: 'radgiver-fam', inquiryId: family.inquiryId },
      'add-appointment': {
        actor,
        appointmentId: 'sundhed-1',
        department: 'sundhedspleje',
        start: later(3 * 86_400_000),
        end: later(3 * 86_400_000 + 3600_000),
      },
      'link-child-case': { actor, caseId },
      'complete-task': { actor, taskId: uuid(), note: 'Løst' },
    }),
    // Requests that create things carry one fixed key (or a wrong one): retried, they stay one inquiry and one family.
    {
      name: `/families/${familyId}/inquiries`,
      url: `${familyUrl}/inquiries`,
      schema: registerInquirySchema,
      base: { channel: 'sms', receivedAt: later(-60_000) },
      ok: 202,
      keys: fc.constantFrom<FuzzRequest['key']>(`fuzz-inquiry-${familyId}`, 'bad key'),
    },
    {
      name: '/families',
      url: `${h.api.url}/families`,
      schema: createFamilySchema,
      base: {
        actor: 'leder-lis',
        coordinatorId: 'radgiver-ny',
        teamId: 'team-fuzz',
        deputyId: 'radgiver-dep',
        contactEmail: 'ny@example.dk',
      },
      ok: 201,
      keys: fc.constantFrom<FuzzRequest['key']>(`fuzz-family-${familyId}`, 'bad key'),
    },
  ];

  // The three workflows are fuzzed at the same time.
  const tally: Tally = {};
  const started = Date.now();
  const groups = [caseEndpoints, measureEndpoints, familyEndpoints];
  await Promise.all(groups.map((endpoints, g) => fuzzWorkflow(endpoints, SEED + g, tally)));
  const fuzzEnded = new Date();
  const table = Object.entries(tally).map(([name, byStatus]) => `${name.replace(/[0-9a-f-]{36}/, ':id')}  ${JSON.stringify(byStatus)}`);
  console.log(
    `Fuzzed with seed ${SEED}, ${RUNS} bodies per endpoint, in ${Math.round((Date.now() - started) / 1000)} s:\n${table.join('\n')}`,
  );

  // Some bodies reached each workflow (accepted or refused by its rules), so its handlers were exercised too.
  for (const endpoints of groups) {
    const reached = endpoints.flatMap((ep) => Object.entries(tally[ep.name] ?? {})).filter(([s]) => s === '200' || s === '409');
    expect(reached.length).toBeGreaterThan(0);
  }

  // Each workflow still runs and answers its query over HTTP.
  const ids = { case: `case-${caseId}`, measure: measureWorkflowId(measureId), family: familyWorkflowId(familyId) };
  for (const workflowId of Object.values(ids)) {
    expect({ workflowId, status: (await h.client.workflow.getHandle(workflowId).describe()).status.name }).toEqual({
      workflowId,
      status: 'RUNNING',
    });
  }
  const views = {
    case: await getJson(caseUrl),
    measure: await getJson(measureUrl),
    family: await getJson(familyUrl),
  };
  expect(views.case).toMatchObject({ status: 200, body: { caseId } });
  expect(views.measure).toMatchObject({ status: 200, body: { measureId, status: 'active' } });
  expect(views.family).toMatchObject({ status: 200, body: { familyId } });

  // No workflow task failed, in any run. The server itself fails a task that tries to continue as
  // new while a command or event is arriving (UnhandledCommand), and the next task takes it in:
  // that is Temporal's way of not losing it, not a failure of the workflow's code.
  for (const workflowId of Object.values(ids)) {
    const runs = await histories(workflowId);
    const failed = runs
      .flatMap((r) => r.events ?? [])
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)
      .filter((e) => e.workflowTaskFailedEventAttributes?.cause !== WorkflowTaskFailedCause.WORKFLOW_TASK_FAILED_CAUSE_UNHANDLED_COMMAND);
    const why = failed.map((e) => {
      const { cause, failure } = e.workflowTaskFailedEventAttributes ?? {};
      return `${WorkflowTaskFailedCause[cause ?? 0]}: ${failure?.message}`;
    });
    expect({ workflowId, runs: runs.length > 0, failedWorkflowTasks: why }).toEqual({ workflowId, runs: true, failedWorkflowTasks: [] });
    // Earlier runs ended by continuing as new, nothing else.
    for (const r of runs.slice(1)) expect(r.events?.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
  }

  // Each workflow fires a deadline step of one of its open tasks that falls due after the fuzzing ended.
  const openTaskIds = (view: { body: { openTasks: { taskId: string }[] } }) => view.body.openTasks.map((t) => t.taskId);
  const scopes = [
    { what: 'case', column: 'case_id', id: caseId, taskIds: openTaskIds(views.case) },
    { what: 'measure', column: 'case_id', id: caseId, taskIds: openTaskIds(views.measure) },
    { what: 'family', column: 'family_id', id: familyId, taskIds: openTaskIds(views.family) },
  ];
  for (const scope of scopes) {
    expect({ what: scope.what, hasOpenTasks: scope.taskIds.length > 0 }).toEqual({ what: scope.what, hasOpenTasks: true });
    const fired = await eventually(
      async () => {
        const rows = await sql<{ type: string }>(
          `SELECT type FROM case_events WHERE ${scope.column} = $1 AND type = ANY($2) AND data->>'taskId' = ANY($3)
             AND (data->>'scheduledFor')::timestamptz > $4`,
          [scope.id, DEADLINE_EVENTS, scope.taskIds, fuzzEnded],
        );
        return rows.length ? rows : undefined;
      },
      { timeoutMs: 90_000, what: `a deadline step of the ${scope.what} after the fuzzing` },
    );
    expect(DEADLINE_EVENTS).toContain(fired[0].type);
  }

  // Nothing leaked into the API's objects (a polluted prototype would supply the missing field), and both apps still run.
  const empty = await postJson(`${caseUrl}/commands/assign-coordinator`, {});
  expect(empty).toMatchObject({ status: 400, body: { message: 'actor is required' } });
  expect(h.api.proc.exitCode).toBeNull();
  expect(h.worker.proc.exitCode).toBeNull();
});
