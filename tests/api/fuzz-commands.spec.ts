// Property-based: random, oversized and malformed bodies sent over HTTP to every command of a live
// case, a live measure and a live family, each as the person who would send it (anna, the case's
// coordinator; sofie, her supervisor, for assignments and approvals). Every request gets 200 or a 4xx
// that says what is wrong, never a 5xx or a hang; afterwards each workflow still runs, answers, has
// no failed workflow task and fires its next deadline. The organisation's write endpoints get the
// same as the admin, and nothing a refused body carried is written; a partner marks random action
// ids done; and garbage Authorization headers and tokens get 401, on every kind of route.
//
// Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npm test -- tests/api/fuzz-commands
// (FUZZ_RUNS sets the bodies per command, 50 by default).
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { temporal } from '@temporalio/proto';
import fc from 'fast-check';
import type { z } from 'zod';
import { CASE_COMMANDS, FAMILY_COMMANDS, MEASURE_COMMANDS, withoutActor } from '../../apps/api/src/cases/commands';
import {
  createAbsenceSchema,
  createPartnerDepartmentSchema,
  createTeamSchema,
  createUserSchema,
  putDepartmentSchema,
  updatePartnerDepartmentSchema,
  updateTeamSchema,
  updateUserSchema,
} from '../../apps/api/src/organisation/organisation.schemas';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
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
import { type ApiClient, send as sendAs, tokenFor } from '../support/auth';
import { openCase } from '../support/cases';
import { sql } from '../support/database';
import { bornYearsAgo, dayFromNow } from '../support/dates';
import { describeRequest, type FuzzRequest, fuzzBodies, garbageAuthorization, randomPathId, type Tree } from '../support/fuzz-bodies';
import { eventually } from '../support/test-env';
import { providerSigningKey, providerStyleToken } from '../support/tokens';
import { fastRule, testPolicy } from '../support/test-policy';
import { useSignedInApi } from '../support/workflow-harness';

// The organisation's schemas file also holds its NestJS body parser; jest cannot load NestJS 12 (ES
// modules only), and the judge needs only the schemas.
jest.mock('@nestjs/common', () => ({ BadRequestException: class BadRequestException extends Error {} }));

const h = useSignedInApi('fuzz-commands', ['anna', 'sofie', 'lene', 'admin']);
const { as } = h;
/** The Authorization header of each person the fuzzing acts as. */
const bearer: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  for (const u of Object.keys(as)) bearer[u] = { authorization: `Bearer ${await tokenFor(u)}` };
});

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);
/** Far above any honest answer on two loaded cores: a request still unanswered by then hangs. */
const REQUEST_TIMEOUT_MS = 30_000;
/** The API's body limit ('1mb' in body-parser's units). */
const BODY_LIMIT = 1024 * 1024;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;
/**
 * Written into the organisation's base bodies where names and ids go, and replaced in each request by
 * a tag of its own (same length, same kind of characters), so what one request wrote can be found.
 */
const MARK = 'qqmarkqq';
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
  method?: 'POST' | 'PATCH' | 'PUT';
  /** Who sends it: their Authorization header. */
  auth: Record<string, string>;
  schema: z.ZodType;
  base: Record<string, Tree>;
  /** The status of an accepted request. */
  ok: number;
  keys?: fc.Arbitrary<FuzzRequest['key']>;
  /** Bodies not sent: valid commands that would end the workflow on purpose, or change what other tests rely on. */
  ends?: (body: Record<string, unknown>) => boolean;
  /** A body of valid form may name a team the sender does not lead (403). */
  mayForbid?: boolean;
  /** An endpoint of the organisation: its 400s for a body of valid form name the field (no workflow rejection). */
  organisation?: boolean;
  /** Looks before a request, and returns what must hold after its answer: nothing half-written. */
  watch?: () => Promise<(answer: Answer, tag: string) => Promise<void>>;
}

interface Answer {
  status: number;
  body: any;
  ms: number;
}

type Tally = Record<string, Record<number, number>>;

const later = (ms: number) => new Date(Date.now() + ms).toISOString();
const ok2xx = (status: number) => status >= 200 && status < 300;

/** A case through intake to an approved acute placement: the case, its running measure, all on the compressed policy. */
async function liveCaseAndMeasure() {
  const c = await openCase(h.client, h.taskQueue, policy);
  // Anna's case in Team Nord, set up the way people would (these steps are not what is fuzzed).
  const anna = DEMO_IDS.anna;
  await c.handle.executeUpdate(assignCoordinatorUpdate, {
    args: [{ actor: DEMO_IDS.supervisorNorth, coordinatorId: anna, teamId: 'team-north' }],
  });
  await c.handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: anna, childInDanger: true, acuteHelpNeeded: true }],
  });
  await c.handle.executeUpdate(decideTriageUpdate, { args: [{ actor: anna, decision: 'acute-measure', reason: 'Akut behov' }] });
  await c.handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: anna }] });
  const proposed = await c.handle.executeUpdate(proposeMeasureUpdate, {
    args: [
      {
        actor: anna,
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
    args: [{ actor: DEMO_IDS.supervisorNorth, decisionId: proposed.decisionId!, approved: true, reason: 'Akut anbringelse' }],
  });
  const measureId = proposed.measureId!;
  const measure = h.client.workflow.getHandle(measureWorkflowId(measureId));
  await eventually(async () => (await measure.query(measureViewQuery)).openTasks.length >= 3, { what: 'the measure to start' });
  // Anna reaches them through the read model: her case, and its measure.
  await eventually(
    async () =>
      (await sql('SELECT 1 FROM cases WHERE id = $1 AND coordinator_id = $2', [c.caseId, anna])).length === 1 &&
      (await sql('SELECT 1 FROM measures WHERE id = $1', [measureId])).length === 1,
    { what: "anna's case and its measure in the read model" },
  );
  return { caseId: c.caseId, measureId };
}

/** A family on the compressed policy with a contact person, an inquiry and two clashing appointments (a task to resolve). */
async function liveFamily() {
  const familyId = randomUUID();
  const input: FamilyWorkflowInput = { familyId, policy };
  await h.client.workflow.start('familyWorkflow', { workflowId: familyWorkflowId(familyId), taskQueue: h.taskQueue, args: [input] });
  const url = `/families/${familyId}`;
  const ok = async (who: ApiClient, path: string, body: object, key = `fuzz-setup-${randomUUID()}`) => {
    const r = await who.post(`${url}${path}`, body, { 'idempotency-key': key });
    expect({ path, status: r.status }).toEqual({ path, status: path === '/inquiries' ? 202 : 200 });
    return r.body;
  };
  // The team's supervisor gives the family its contact person, anna; she does the rest.
  await ok(as.sofie, '/commands/set-coordinator', {
    coordinatorId: DEMO_IDS.anna,
    teamId: 'team-north',
    deputyId: DEMO_IDS.mikkel,
    contactEmail: 'familie.fuzz@example.dk',
  });
  await eventually(
    async () => (await sql('SELECT 1 FROM families WHERE id = $1 AND coordinator_id = $2', [familyId, DEMO_IDS.anna])).length === 1,
    {
      what: "anna's family in the read model",
    },
  );
  const { inquiryId } = await ok(as.anna, '/inquiries', { channel: 'phone' });
  const appointment = (appointmentId: string, department: string) => ({
    appointmentId,
    department,
    start: later(86_400_000),
    end: later(86_400_000 + 3600_000),
  });
  await ok(as.anna, '/commands/add-appointment', appointment('praktik-1', 'jobcenter'));
  await ok(as.anna, '/commands/add-appointment', appointment('samvaer-1', 'børn og familie'));
  await eventually(async () => (await as.anna.get(url)).body.openTasks?.length === 2, { what: 'the inquiry and the conflict to be open' });
  return { familyId, inquiryId: inquiryId as string };
}

/** Who sends a command: anna, unless it is one of `sofie`'s (assignments, approvals). */
interface Senders {
  sofie?: string[];
  /** Commands whose body may name a team sofie does not lead. */
  mayForbid?: string[];
}

function commandEndpoints(
  path: string,
  table: Record<string, { schema: z.ZodType }>,
  bases: Record<string, Record<string, Tree>>,
  ends: Record<string, Endpoint['ends']> = {},
  senders: Senders = {},
): Endpoint[] {
  // Every command of the API's table is fuzzed: a new command without a base body fails here.
  expect(Object.keys(bases).sort()).toEqual(Object.keys(table).sort());
  return Object.entries(table).map(([name, spec]) => {
    // The base itself is valid: what the fuzzing changes is the only thing wrong.
    expect({ name, problem: schemaProblem(spec.schema, bases[name]) }).toEqual({ name, problem: undefined });
    return {
      name: `${path} ${name}`,
      url: `${h.api.url}${path}/commands/${name}`,
      auth: senders.sofie?.includes(name) ? bearer.sofie : bearer.anna,
      schema: spec.schema,
      base: bases[name],
      ok: 200,
      ends: ends[name],
      mayForbid: senders.mayForbid?.includes(name),
    };
  });
}

/** A tag of 8 lower-case hex digits, in place of MARK. */
const newTag = () => randomUUID().replace(/-/g, '').slice(0, MARK.length);

async function send(ep: Endpoint, req: FuzzRequest, n: number, text: string): Promise<Answer> {
  const headers: Record<string, string> = { ...ep.auth };
  if (req.contentType) headers['content-type'] = req.contentType;
  const key = req.key === 'fresh' ? `fuzz-${n}-${randomUUID()}` : req.key;
  if (key !== undefined) headers['idempotency-key'] = key;
  const started = Date.now();
  let res: Response;
  try {
    res = await fetch(ep.url, { method: ep.method ?? 'POST', headers, body: text, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    throw new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms (${(err as Error).name}: ${(err as Error).message})`, { cause: err });
  }
  const answered = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(answered);
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
function judge(ep: Endpoint, req: FuzzRequest, text: string, key: string | undefined, a: Answer): void {
  if (a.status >= 500) fail(`a server error${apiLog(a.body?.correlationId)}`, a);
  if (a.status !== ep.ok && (a.status < 400 || a.status >= 500)) fail(`expected ${ep.ok} or a 4xx`, a);
  const message: unknown = a.body?.message;
  if (a.status >= 400) {
    if (typeof message !== 'string' || message.trim() === '') fail('a refusal without a message', a);
    // The refusal says what is wrong in a sentence; it does not echo a huge input back.
    if (message.length > 1_000) fail(`a refusal message of ${message.length} characters`, a);
  }
  if (req.contentType !== 'application/json') return; // other types: any 4xx that says why

  if (Buffer.byteLength(text) > BODY_LIMIT) {
    if (a.status !== 413) fail('a body over 1 MB refused with 413', a);
    return;
  }
  if (a.status === 413) fail('413 for a body under the limit', a);

  // A wrong Idempotency-Key may be refused before the body is looked at, or after.
  const keyProblem = key !== undefined && !IDEMPOTENCY_KEY.test(key);
  const keyRefused = a.status === 400 && typeof message === 'string' && message.startsWith('Idempotency-Key ');

  // What the server parses: the UTF-8 of the text (an empty body is no fields at all).
  const seen = Buffer.from(text, 'utf8').toString('utf8');
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
  // Valid in form, but naming a team the sender does not lead: refused for who sends it.
  const forbidden = ep.mayForbid === true && a.status === 403;
  const rejected = a.status === 400 && a.body?.error === 'InvalidCommand';
  if (keyProblem) {
    // The key may be looked at before the body's content is, or after.
    if (!keyRefused && !forbidden && !rejected) fail('400 for the Idempotency-Key', a);
    return;
  }
  if (forbidden) return;
  // Valid in form: the workflow (or the organisation's rules) decides. Accepted, refused for its data (400) or for its state (409).
  if (![ep.ok, 400, 409].includes(a.status)) fail(`${ep.ok}, 400 or 409 for a body of valid form`, a);
  if (a.status === 400 && !ep.organisation && !rejected) fail('a 400 for a valid body is an InvalidCommand', a);
  if (a.status === 400 && ep.organisation && !namesField(message as string, ep, body)) fail('a 400 for a valid body names the field', a);
  if (a.status === ep.ok && a.body === undefined) fail('an accepted request answered without a body', a);
}

/**
 * Fuzzes one workflow (or the organisation): each run sends one generated body to every endpoint of
 * the group, in an order of its own, so commands meet each other in many states (a conversation
 * before a proposal, a coordinator change between two follow-ups). A failure names its seed and
 * request, to run it again.
 */
async function fuzzGroup(endpoints: Endpoint[], seed: number, tally: Tally): Promise<void> {
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
        const tag = newTag();
        const text = req.text.split(MARK).join(tag);
        const after = await ep.watch?.();
        const answer = await send(ep, req, ++n, text);
        (tally[ep.name] ??= {})[answer.status] = (tally[ep.name][answer.status] ?? 0) + 1;
        try {
          judge(ep, req, text, req.key === 'fresh' ? undefined : req.key, answer);
          await after?.(answer, tag);
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

/** The organisation's write endpoints, fuzzed as the admin on rows of this test's own, each watched for half-written rows. */
async function organisationEndpoints(): Promise<Endpoint[]> {
  const admin = as.admin;
  const t = newTag();
  const created = async (path: string, body: object) => {
    const res = await admin.post(path, body);
    expect({ path, status: res.status, body: res.body }).toMatchObject({ path, status: 201 });
    return res.body as { id: string };
  };
  const person = (name: string, extra: object = {}) => ({
    username: `fuzz-${name}-${t}`,
    displayName: `Fuzz ${name} ${t}`,
    email: `fuzz-${name}-${t}@closer.test`,
    roles: ['coordinator'],
    teamId: 'team-south',
    ...extra,
  });
  const user = await created('/admin/users', person('user'));
  const supervisor = await created('/admin/users', person('supervisor', { roles: ['supervisor'] }));
  const team = await created('/admin/teams', { id: `team-fuzz-${t}`, name: `Fuzz ${t}`, supervisorId: supervisor.id });
  const partner = await created('/admin/partner-departments', { id: `partner-fuzz-${t}`, kind: 'health', name: `Fuzz ${t}` });
  const department = (await admin.get('/admin/department')).body as { name: string; headId: string; intakeTeamId: string };
  const departmentBody = { name: department.name, headId: department.headId, intakeTeamId: department.intakeTeamId };

  const row = async (table: string, id: string) =>
    JSON.stringify((await sql(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE id = $1`, [id]))[0]?.row ?? null);
  /** A refused change leaves the row as it was. */
  const unchangedUnlessAccepted = (table: string, id: string) => async () => {
    const before = await row(table, id);
    return async (a: Answer) => {
      if (!ok2xx(a.status)) expect({ table, id, row: await row(table, id) }).toEqual({ table, id, row: before });
    };
  };
  /** A refused creation leaves nothing carrying its tag; an accepted one is there. */
  const createdOnlyIfAccepted = (table: string, columns: string[]) => async () => async (a: Answer, tag: string) => {
    const where = columns.map((c) => `${c}::text LIKE $1`).join(' OR ');
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, [`%${tag}%`]);
    if (ok2xx(a.status)) expect({ table, saved: await row(table, a.body.id) }).not.toEqual({ table, saved: 'null' });
    else expect({ table, tag, rows: n }).toEqual({ table, tag, rows: 0 });
  };
  const endpoint = (
    method: Endpoint['method'],
    path: string,
    schema: z.ZodType,
    base: Record<string, Tree>,
    ok: number,
    watch: Endpoint['watch'],
    extra: Partial<Endpoint> = {},
  ): Endpoint => {
    // The base itself is valid: what the fuzzing changes is the only thing wrong.
    expect({ path, problem: schemaProblem(schema, JSON.parse(JSON.stringify(base).split(MARK).join(t))) }).toEqual({
      path,
      problem: undefined,
    });
    return {
      name: `${method} ${path}`,
      url: `${h.api.url}${path}`,
      method,
      auth: bearer.admin,
      schema,
      base,
      ok,
      keys: fc.constant(undefined),
      organisation: true,
      watch,
      ...extra,
    };
  };
  return [
    endpoint(
      'POST',
      '/admin/users',
      createUserSchema,
      {
        username: `fuzz-${MARK}`,
        displayName: `Fuzz ${MARK}`,
        email: `fuzz-${MARK}@closer.test`,
        roles: ['coordinator'],
        teamId: 'team-south',
        caseloadTarget: 10,
      },
      201,
      createdOnlyIfAccepted('users', ['username', 'email', 'display_name', 'subject']),
    ),
    endpoint(
      'PATCH',
      `/admin/users/${user.id}`,
      updateUserSchema,
      { displayName: 'Fuzz', roles: ['coordinator'], teamId: 'team-south', caseloadTarget: 10, active: true },
      200,
      unchangedUnlessAccepted('users', user.id),
    ),
    endpoint(
      'POST',
      `/admin/users/${user.id}/absences`,
      createAbsenceSchema,
      { startsAt: dayFromNow(400), endsAt: dayFromNow(401), standInId: DEMO_IDS.omar, reason: 'ferie' },
      201,
      async () => {
        const count = async () => (await sql<{ n: number }>('SELECT count(*)::int AS n FROM absences WHERE user_id = $1', [user.id]))[0].n;
        const before = await count();
        return async (a) => expect({ absences: await count() }).toEqual({ absences: before + (ok2xx(a.status) ? 1 : 0) });
      },
    ),
    endpoint(
      'POST',
      '/admin/teams',
      createTeamSchema,
      { id: `team-fuzz-${MARK}`, name: `Fuzz ${MARK}`, supervisorId: supervisor.id, deputyId: null },
      201,
      createdOnlyIfAccepted('teams', ['id', 'name']),
    ),
    endpoint(
      'PATCH',
      `/admin/teams/${team.id}`,
      updateTeamSchema,
      { name: 'Fuzz', supervisorId: supervisor.id, deputyId: user.id },
      200,
      unchangedUnlessAccepted('teams', team.id),
    ),
    // Other tests rely on the department (its intake team, its head): a body that would change it is
    // not sent; every other one leaves it as it is.
    endpoint(
      'PUT',
      '/admin/department',
      putDepartmentSchema,
      departmentBody,
      200,
      async () => {
        const before = await row('department', (await admin.get('/admin/department')).body.id);
        return async () => expect(JSON.stringify((await sql('SELECT to_jsonb(t) AS row FROM department t'))[0]?.row)).toEqual(before);
      },
      {
        ends: (b) => !schemaProblem(putDepartmentSchema, b) && JSON.stringify(b) !== JSON.stringify(departmentBody),
      },
    ),
    endpoint(
      'POST',
      '/admin/partner-departments',
      createPartnerDepartmentSchema,
      { id: `partner-fuzz-${MARK}`, kind: 'health', name: `Fuzz ${MARK}`, email: null },
      201,
      createdOnlyIfAccepted('partner_departments', ['id', 'name']),
    ),
    endpoint(
      'PATCH',
      `/admin/partner-departments/${partner.id}`,
      updatePartnerDepartmentSchema,
      { kind: 'health', name: 'Fuzz', email: 'fuzz@closer.test' },
      200,
      unchangedUnlessAccepted('partner_departments', partner.id),
    ),
  ];
}

it('answers every malformed, oversized or random command and organisation write with 2xx or a 4xx, writes nothing it refused, and every workflow runs on and keeps its clocks', async () => {
  const [{ caseId, measureId }, family, organisation] = await Promise.all([liveCaseAndMeasure(), liveFamily(), organisationEndpoints()]);
  const { familyId } = family;
  const caseUrl = `/cases/${caseId}`;
  const measureUrl = `/measures/${measureId}`;
  const familyUrl = `/families/${familyId}`;
  const uuid = () => randomUUID();
  const coordinator = { coordinatorId: DEMO_IDS.anna, teamId: 'team-north' };

  const caseEndpoints = commandEndpoints(
    caseUrl,
    CASE_COMMANDS,
    {
      'assign-coordinator': { ...coordinator, reason: 'Fordeling af sager' },
      'record-urgency-assessment': { childInDanger: false, acuteHelpNeeded: false },
      'decide-triage': { decision: 'assessment', reason: 'Bekymring for trivsel' },
      'record-child-conversation': { heldAt: later(-3600_000), exceptionReason: 'Barnet er to år' },
      'submit-assessment': { conclusion: 'measures-needed', summary: 'Behov for støtte i hjemmet' },
      'propose-measure': {
        measure: {
          type: 'familiebehandling',
          ladderStep: 2,
          provider: 'Familiehuset',
          monthlyCost: 14_000,
          startDate: later(0),
          plannedEnd: later(180 * 86_400_000),
          goalIds: ['g1'],
          childBirthDate: bornYearsAgo(11),
        },
      },
      'decide-approval': { decisionId: uuid(), approved: true, reason: 'Godkendt' },
      'submit-plan': {
        goals: [{ goalId: 'g1', description: 'Barnet trives i skolen', ownerDepartment: 'skole', successMeasure: 'Fremmøde over 90 %' }],
      },
      'record-reassessment': { taskId: uuid(), outcome: 'Ingen ændring', childConversationHeld: true },
      'complete-task': { taskId: uuid(), note: 'Klaret' },
      'close-case': { reason: 'Afsluttet' },
      'request-clock-change': {
        taskId: uuid(),
        change: 'extend',
        until: later(30 * 86_400_000),
        reasonKind: 'awaiting-external-statement',
        reason: 'Afventer udtalelse',
      },
      'decide-clock-change': { requestId: uuid(), approved: true, reason: 'Godkendt' },
    },
    {},
    { sofie: ['assign-coordinator', 'decide-approval', 'decide-clock-change'], mayForbid: ['assign-coordinator'] },
  );
  const measureEndpoints = commandEndpoints(
    measureUrl,
    MEASURE_COMMANDS,
    {
      'record-follow-up': {
        heldAt: later(0),
        scores: [{ goalId: 'g1', score: 6 }],
        decision: 'continue',
        newLadderStep: 4,
        agreedActions: [{ description: 'Samtale med PPR', owner: 'ppr' }],
        nextFollowUp: { after: { seconds: 30 }, reason: 'Tæt opfølgning i opstarten' },
      },
      'complete-agreed-action': { actionId: uuid() },
      'record-supervision-visit': { visitedAt: later(0), spokeWithChild: true },
      'decide-measure-end': { decision: 'extend', newPlannedEnd: later(365 * 86_400_000), newLadderStep: 4, reason: 'Forlænget' },
      'decide-continued-support': { continuedSupport: true, reason: 'Efterværn til 23 år' },
      'plan-return-home': { plannedReturnDate: later(60 * 86_400_000), reason: 'Forældrene er klar' },
      'record-return-home': { returnedAt: later(0) },
      'complete-task': { taskId: uuid(), note: 'Modtaget' },
      'request-clock-change': {
        taskId: uuid(),
        change: 'pause',
        until: later(7 * 86_400_000),
        reasonKind: 'child-unavailable',
        reason: 'Indlagt',
      },
      'decide-clock-change': { requestId: uuid(), approved: false, reason: 'Afvist' },
    },
    {
      'record-follow-up': (b) => b.decision === 'stop' || b.decision === 'replace',
      'decide-measure-end': (b) => b.decision === 'end',
    },
    { sofie: ['decide-clock-change'] },
  );
  const familyEndpoints = [
    ...commandEndpoints(
      familyUrl,
      FAMILY_COMMANDS,
      {
        'set-coordinator': {
          ...coordinator,
          deputyId: DEMO_IDS.mikkel,
          contactEmail: 'familie.fuzz@example.dk',
          reason: 'Ny kontaktperson',
        },
        'answer-inquiry': { inquiryId: family.inquiryId },
        'add-appointment': {
          appointmentId: 'sundhed-1',
          department: 'sundhedspleje',
          start: later(3 * 86_400_000),
          end: later(3 * 86_400_000 + 3600_000),
        },
        'link-child-case': { caseId },
        'complete-task': { taskId: uuid(), note: 'Løst' },
      },
      {},
      { sofie: ['set-coordinator'], mayForbid: ['set-coordinator'] },
    ),
    // Requests that create things carry one fixed key (or a wrong one): retried, they stay one inquiry and one family.
    {
      name: `${familyUrl}/inquiries`,
      url: `${h.api.url}${familyUrl}/inquiries`,
      auth: bearer.anna,
      schema: registerInquirySchema,
      base: { channel: 'sms', receivedAt: later(-60_000) },
      ok: 202,
      keys: fc.constantFrom<FuzzRequest['key']>(`fuzz-inquiry-${familyId}`, 'bad key'),
    },
    {
      name: '/families',
      url: `${h.api.url}/families`,
      auth: bearer.sofie,
      schema: withoutActor(createFamilySchema),
      base: { ...coordinator, deputyId: DEMO_IDS.mikkel, contactEmail: 'ny@example.dk' },
      ok: 201,
      keys: fc.constantFrom<FuzzRequest['key']>(`fuzz-family-${familyId}`, 'bad key'),
      mayForbid: true,
    },
  ];

  // The three workflows and the organisation are fuzzed at the same time.
  const tally: Tally = {};
  const started = Date.now();
  const groups = [caseEndpoints, measureEndpoints, familyEndpoints];
  await Promise.all([...groups, organisation].map((endpoints, g) => fuzzGroup(endpoints, SEED + g, tally)));
  const fuzzEnded = new Date();
  const table = Object.entries(tally).map(
    ([name, byStatus]) => `${name.replace(/[0-9a-f-]{36}|fuzz-[0-9a-f]{8}/, ':id')}  ${JSON.stringify(byStatus)}`,
  );
  console.log(
    `Fuzzed with seed ${SEED}, ${RUNS} bodies per endpoint, in ${Math.round((Date.now() - started) / 1000)} s:\n${table.join('\n')}`,
  );

  // Some bodies reached each workflow (accepted or refused by its rules), so its handlers were exercised too;
  // and some were saved in the organisation, so its writes were too.
  for (const endpoints of groups) {
    const reached = endpoints.flatMap((ep) => Object.entries(tally[ep.name] ?? {})).filter(([s]) => s === '200' || s === '409');
    expect(reached.length).toBeGreaterThan(0);
  }
  const saved = organisation.flatMap((ep) => Object.entries(tally[ep.name] ?? {})).filter(([s]) => ok2xx(Number(s)));
  expect(saved.length).toBeGreaterThan(0);

  // Each workflow still runs and answers its query over HTTP.
  const ids = { case: `case-${caseId}`, measure: measureWorkflowId(measureId), family: familyWorkflowId(familyId) };
  for (const workflowId of Object.values(ids)) {
    expect({ workflowId, status: (await h.client.workflow.getHandle(workflowId).describe()).status.name }).toEqual({
      workflowId,
      status: 'RUNNING',
    });
  }
  const views = {
    case: await as.anna.get(caseUrl),
    measure: await as.anna.get(measureUrl),
    family: await as.anna.get(familyUrl),
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
  const empty = await as.sofie.post(`${caseUrl}/commands/assign-coordinator`, {});
  expect(empty).toMatchObject({ status: 400, body: { message: 'coordinatorId is required' } });
  expect(h.api.proc.exitCode).toBeNull();
  expect(h.worker.proc.exitCode).toBeNull();
});

it("answers a partner's random action ids with a 4xx (400, 404, or 413 for a body too large), whatever the body", async () => {
  const statuses: Record<number, number> = {};
  const done = (id: string, text: string) =>
    fetch(`${h.api.url}/partner/actions/${encodeURIComponent(id)}/done`, {
      method: 'POST',
      headers: { ...bearer.lene, 'content-type': 'application/json' },
      body: text,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  await fc.assert(
    fc.asyncProperty(randomPathId, fuzzBodies({ note: 'Klaret' }, ['note'], { keys: fc.constant(undefined) }), async (id, req) => {
      const res = await done(id, req.text);
      const body = (await res.json().catch(() => undefined)) as { message?: unknown } | undefined;
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      // A malformed body may be refused before the id is looked at (400, 413); no id names an action of hers.
      expect({ id, refused: [400, 404, 413].includes(res.status), status: res.status, said: typeof body?.message === 'string' }).toEqual({
        id,
        refused: true,
        status: res.status,
        said: true,
      });
    }),
    { seed: SEED + 10, numRuns: RUNS * 2 },
  );
  console.log(`Partner actions with random ids: ${JSON.stringify(statuses)}`);
  expect(statuses[404]).toBeGreaterThan(0);
});

it('answers garbage Authorization headers and tokens with 401 on every kind of route, and writes nothing', async () => {
  const caseId = randomUUID();
  const real = await tokenFor('anna');
  // Tokens the provider could have made, but that Closer must not take: expired, for another API or
  // issuer, or signed by someone else with the provider's kid.
  const signing = await providerSigningKey();
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const past = Math.floor(Date.now() / 1000) - 3600;
  const bad = [
    await providerStyleToken(signing, { exp: past }),
    await providerStyleToken(signing, { aud: 'another-api' }),
    await providerStyleToken(signing, { iss: 'http://localhost:1' }),
    await providerStyleToken({ key: privateKey, kid: signing.kid }, { sub: DEMO_IDS.admin }),
  ];
  const tag = newTag();
  const routes: { method: string; path: string; body?: unknown }[] = [
    { method: 'GET', path: `/cases/${caseId}` },
    { method: 'GET', path: `/cases/${caseId}/timeline` },
    { method: 'POST', path: `/cases/${caseId}/commands/record-urgency-assessment`, body: { childInDanger: false, acuteHelpNeeded: false } },
    { method: 'GET', path: `/reports/${randomUUID()}` },
    { method: 'POST', path: '/families', body: {} },
    { method: 'GET', path: '/admin/users' },
    {
      method: 'POST',
      path: '/admin/users',
      body: { username: `auth-${tag}`, displayName: `Auth ${tag}`, email: `auth-${tag}@closer.test`, roles: ['admin'] },
    },
    { method: 'PUT', path: '/admin/department', body: { name: 'Overtaget', headId: null, intakeTeamId: null } },
    { method: 'GET', path: '/admin/dead-letters' },
    { method: 'POST', path: '/codec/decode', body: { payloads: [] } },
    { method: 'GET', path: '/partner/actions' },
    { method: 'POST', path: `/partner/actions/${randomUUID()}/done` },
    { method: 'GET', path: '/audit/flagged' },
  ];
  const statuses: Record<number, number> = {};
  await fc.assert(
    fc.asyncProperty(garbageAuthorization(real, bad), fc.constantFrom(...routes), async (authorization, route) => {
      const res = await sendAs(`${h.api.url}${route.path}`, route.method, route.body, { authorization });
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      const shown = `${authorization.length > 80 ? `${authorization.slice(0, 80)}… (${authorization.length})` : authorization}`;
      expect({
        route: route.path,
        authorization: shown,
        status: res.status,
        challenge: res.headers.get('www-authenticate')?.startsWith('Bearer') ?? false,
      }).toEqual({
        route: route.path,
        authorization: shown,
        status: 401,
        challenge: true,
      });
      // The refusal says why, and nothing else.
      expect(Object.keys(res.body ?? {}).sort()).toEqual(['error', 'message', 'statusCode']);
    }),
    { seed: SEED + 20, numRuns: RUNS * 3 },
  );
  console.log(`Garbage Authorization: ${JSON.stringify(statuses)}`);
  expect(await sql('SELECT 1 FROM users WHERE username = $1', [`auth-${tag}`])).toEqual([]);
  expect((await as.admin.get('/admin/department')).body).toMatchObject({ intakeTeamId: 'team-north', headId: DEMO_IDS.head });
});
