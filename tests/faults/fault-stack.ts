// What every fault test shares: a whole stack of its own (useFaultStack: PostgreSQL, a real Temporal
// server on it, a mail catcher, the worker and the API as real processes), a client that sends
// commands as a real client does (Idempotency-Key, again after Retry-After on 503), and the checks
// each test ends with: every deadline of every case recorded once and in order (never before it fell
// due), every command applied once, every mail sent once, and a report of how late each deadline
// fired. How late is reported, not bounded: on a shared machine it says more of the machine than of Closer.
import type { ServiceError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DANISH_CALENDAR } from '../../libs/calendar/danish-calendar';
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import type { CasePolicy, DeadlineRule } from '../../libs/policy/case-policy';
import { deadlineSteps } from '../../libs/policy/deadline-schedule';
import { isTemporalUnavailable } from '../../libs/temporal/errors';
import { caseWorkflowId, reportReceivedSignal, type TaskKind } from '../../workflows/contract';
import type { ApiAnswer, ApiClient } from '../support/auth';
import { openCase, reportOfConcern } from '../support/cases';
import type { CaughtMail } from '../support/mail-catcher';
import { type FaultInjection, OwnTemporalServer, ownTemporalServerUnavailable } from '../support/own-temporal-server';
import type { DemoUsername } from '../support/signed-in-cases';
import { StoppablePostgres } from '../support/stoppable-postgres';
import { testPolicy } from '../support/test-policy';
import { eventually, sleep, uniqueTaskQueue } from '../support/test-env';
import { type Apps, newApps, startApps, stopApps } from '../support/workflow-harness';

const unavailable = ownTemporalServerUnavailable();
/** The fault suites run only on the real Temporal server; elsewhere they are skipped, saying why. */
export const describeFault = (name: string, fn: () => void): void =>
  unavailable ? describe.skip(`${name} (skipped: ${unavailable})`, fn) : describe(name, fn);

/** The apps (useWorkflowHarness) on a PostgreSQL and a real Temporal server of the test's own. */
export interface FaultStack<U extends DemoUsername = never> extends Apps<U> {
  /** The read model's PostgreSQL (the `closer` database). */
  readPg: StoppablePostgres;
  /** Temporal's PostgreSQL: the read model's, or one of its own. */
  temporalPg: StoppablePostgres;
  temporal: OwnTemporalServer;
}

/**
 * A stack of the test file's own, started before its tests and stopped after them: PostgreSQL, a
 * real Temporal server on it (with `faultInjection`, the server's own persistence faults), a mail
 * catcher, the worker and the API as real processes, and a client signed in as each of `users`.
 * `separateTemporalPostgres` gives Temporal a PostgreSQL of its own. Call it inside describeFault.
 */
export function useFaultStack<U extends DemoUsername>(
  name: string,
  {
    users,
    faultInjection,
    separateTemporalPostgres = false,
  }: { users: readonly U[]; faultInjection?: FaultInjection; separateTemporalPostgres?: boolean },
): FaultStack<U> {
  const stack = newApps<U>(uniqueTaskQueue(name), users) as FaultStack<U>;
  let ownTemporalPg: StoppablePostgres | undefined;
  beforeAll(async () => {
    [stack.readPg, ownTemporalPg] = await Promise.all([
      StoppablePostgres.start(),
      separateTemporalPostgres ? StoppablePostgres.start() : Promise.resolve(undefined),
    ]);
    stack.temporalPg = ownTemporalPg ?? stack.readPg;
    stack.temporal = await OwnTemporalServer.start({
      adminUrl: `postgres://postgres:postgres@127.0.0.1:${stack.temporalPg.port}/postgres`,
      faultInjection,
    });
    await startApps(stack, { api: true, databaseUrl: stack.readPg.url, temporalAddress: stack.temporal.address });
  }, 300_000);
  afterAll(async () => {
    await stopApps(stack);
    await stack.temporal?.exit();
    await Promise.all([stack.readPg?.exit(), ownTemporalPg?.exit()]);
  }, 120_000);
  return stack;
}

/** One command as a client sent it: every answer it got until it was taken (or refused for good). */
export interface SentCommand {
  path: string;
  key: string;
  statuses: number[];
  /** The Retry-After of each 503. */
  retryAfter: (string | null)[];
  answer: ApiAnswer;
}

/**
 * A command as a real client sends it: with an Idempotency-Key, and on 503 the same request again
 * (same key) after the Retry-After the API names. Any other answer is final.
 */
export async function sendCommand(
  who: ApiClient,
  path: string,
  body: unknown,
  key: string,
  log: SentCommand[],
  { timeoutMs = 180_000 } = {},
): Promise<ApiAnswer> {
  const sent: SentCommand = { path, key, statuses: [], retryAfter: [], answer: undefined as unknown as ApiAnswer };
  log.push(sent);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await who.post(path, body, { 'idempotency-key': key });
    sent.statuses.push(answer.status);
    sent.answer = answer;
    if (answer.status !== 503 || Date.now() > deadline) return answer;
    const retryAfter = answer.headers.get('retry-after');
    sent.retryAfter.push(retryAfter);
    await sleep(Math.max(1, Number(retryAfter) || 1) * 1000);
  }
}

/** Every command answered: taken (200, or 202 for a report) in the end, and on the way only 503s that said when to come back. */
export function expectEveryCommandTaken(log: SentCommand[]): void {
  const wrong = log.filter((c) => ![200, 202].includes(c.answer.status) || c.statuses.slice(0, -1).some((s) => s !== 503));
  expect(wrong.map((c) => ({ path: c.path, statuses: c.statuses, body: c.answer.body }))).toEqual([]);
  const retryAfter = log.flatMap((c) => c.retryAfter);
  expect(retryAfter.filter((r) => !/^\d+$/.test(r ?? ''))).toEqual([]);
}

/** How often each status was answered, over every attempt of every command. */
export function countStatuses(commands: SentCommand[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of commands.flatMap((c) => c.statuses)) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/**
 * A case opened the way the API opens one (signal-with-start of the case with its report), sent again
 * as a client does on what the API answers 503: the Temporal client retries an unavailable or
 * overloaded server itself, but not a persistence timeout (DEADLINE_EXCEEDED). Sent again, the same
 * case and report reach the workflow once (it takes a report id once). `refused` collects why.
 */
export async function openCaseAsAClientWould(stack: FaultStack, policy: CasePolicy, refused: string[]): Promise<string> {
  const caseId = randomUUID();
  const report = reportOfConcern();
  for (let attempt = 1; ; attempt++) {
    try {
      await stack.client.workflow.signalWithStart('caseWorkflow', {
        workflowId: caseWorkflowId(caseId),
        taskQueue: stack.taskQueue,
        args: [{ caseId, policy }],
        signal: reportReceivedSignal,
        signalArgs: [report],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return caseId;
    } catch (err) {
      if (!isTemporalUnavailable(err) || attempt >= 10) throw err;
      refused.push(String((err as ServiceError).cause?.message).slice(0, 120));
      await sleep(1_000);
    }
  }
}

/** `count` cases opened through the stack's Temporal client (as the API opens them), one after the other. */
export async function openCases(stack: FaultStack, count: number, policy: CasePolicy): Promise<string[]> {
  const caseIds: string[] = [];
  for (let i = 0; i < count; i++) caseIds.push((await openCase(stack.client, stack.taskQueue, policy)).caseId);
  return caseIds;
}

/** The bodies the fault tests send: a case given to a coordinator of Team Nord, an urgency assessment, a triage. */
export const assignTo = (coordinator: 'anna' | 'mikkel') => ({ coordinatorId: DEMO_IDS[coordinator], teamId: 'team-north' });
export const NO_DANGER = { childInDanger: false, acuteHelpNeeded: false };
export const TO_ASSESSMENT = { decision: 'assessment', reason: 'Bekymring for trivsel' };

/** The same command to every case at once, as `who` sends them (sendCommand), each with the key `<key>-<caseId>`. */
export function sendToEveryCase(
  who: ApiClient,
  caseIds: string[],
  command: string,
  body: unknown,
  key: string,
  log: SentCommand[],
): Promise<ApiAnswer[]> {
  return Promise.all(caseIds.map((caseId) => sendCommand(who, `/cases/${caseId}/commands/${command}`, body, `${key}-${caseId}`, log)));
}

/** Waits until these cases have recorded `steps` deadline steps (reminders, overdue, escalations) between them. */
export async function untilStepsRecorded(
  stack: FaultStack,
  caseIds: string[],
  steps: number,
  { timeoutMs = 90_000, intervalMs = 200, what = 'every deadline step of every case' } = {},
): Promise<void> {
  await eventually(
    async () => {
      const [{ n }] = await stack.sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_events WHERE case_id = ANY($1) AND type IN ('task.reminded', 'task.overdue', 'task.escalated')`,
        [caseIds],
      );
      return n === steps;
    },
    { timeoutMs, intervalMs, what },
  );
}

/** When a part was taken down, when the test asked for it again, and when it served again. */
export interface Outage {
  down: number;
  restarting: number;
  back: number;
}

/**
 * Faults (a) and (c), told once. `cases` cases open on `rule` (`beforeOutage` waits for what must
 * be in place first); 8 s in, the part is taken down (`takeDown` resolves with the time it was gone)
 * for `outageMs` while the supervisor (sofie) gives every case to anna, her client sending again on
 * 503; then `bringBack` (resolving with the time it served again). Once every urgency step of every
 * case has fired, anna records each assessment.
 *
 * Checked, and reported to test-artifacts/faults/<fault>.md: every step recorded once, in order and
 * none early; at least two steps of each case fell due in the outage, and those that fell due after
 * it began fired only once the part was asked back (how late is reported, not bounded); every
 * command taken in the end, those sent in the outage refused with 503 first, each applied once; every
 * mail sent once. Returns the commands, for what a fault checks besides.
 */
export async function expectOutageRiddenOut(
  stack: FaultStack<'sofie' | 'anna'>,
  rule: DeadlineRule,
  {
    fault,
    title,
    what,
    cases,
    outageMs,
    takeDown,
    bringBack,
    beforeOutage,
    stepsTimeoutMs,
  }: {
    fault: string;
    title: string;
    /** The report's note on the outage: `<what.down> at … s, <what.back> at … s`. */
    what: { down: string; back: string };
    cases: number;
    outageMs: number;
    takeDown: () => Promise<number>;
    bringBack: () => Promise<number>;
    beforeOutage?: (caseIds: string[]) => Promise<unknown>;
    stepsTimeoutMs?: number;
  },
): Promise<SentCommand[]> {
  const t0 = Date.now();
  const caseIds = await openCases(stack, cases, testPolicy({ urgencyAssessment: rule }));
  await beforeOutage?.(caseIds);
  await sleep(t0 + 8_000 - Date.now());
  const down = await takeDown();
  const commands: SentCommand[] = [];
  const assigned = sendToEveryCase(stack.as.sofie, caseIds, 'assign-coordinator', assignTo('anna'), 'assign', commands);
  await sleep(down + outageMs - Date.now());
  const restarting = Date.now();
  const back = await bringBack();
  await assigned;
  await untilStepsRecorded(stack, caseIds, cases * 4, { timeoutMs: stepsTimeoutMs });
  await sendToEveryCase(stack.as.anna, caseIds, 'record-urgency-assessment', NO_DANGER, 'urgency', commands);

  const steps = await expectDeadlinesRecordedOnceInOrder(stack, caseIds, { 'urgency-assessment': rule });
  reportLateness(fault, {
    title,
    steps,
    t0,
    down,
    back,
    notes: [
      `${what.down} at ${seconds(down - t0)} s, ${what.back} at ${seconds(back - t0)} s`,
      `commands: ${commands.length}, answers ${JSON.stringify(countStatuses(commands))}`,
    ],
  });
  // Steps did fall due in the outage; those due after it began fired only once the part was asked
  // back, never while it was gone.
  const inOutage = steps.filter((s) => dueWhileDown(s, down, back));
  expect(inOutage.length).toBeGreaterThanOrEqual(cases * 2);
  for (const s of inOutage.filter((x) => x.dueAt >= down + 1_000)) expect(s.firedAt).toBeGreaterThanOrEqual(restarting);

  expectEveryCommandTaken(commands);
  // The commands sent in the outage waited for it: refused with 503 at least once.
  expect(commands.filter((c) => c.path.endsWith('assign-coordinator') && c.statuses[0] === 503).length).toBeGreaterThan(0);
  await expectOneEventPerCase(stack, caseIds, 'case.coordinator-assigned');
  await expectOneEventPerCase(stack, caseIds, 'urgency-assessment.recorded');
  await expectEveryMailSentOnce(stack);
  return commands;
}

/**
 * One case's way through intake over HTTP, as people work it: opened (from a school), given to
 * `coordinator` by the supervisor (sofie), its urgency assessment recorded once that deadline has
 * run its course (all four steps), the triage decided (the child-welfare assessment's task opens).
 */
export async function caseThroughIntake(
  stack: FaultStack<'sofie' | 'anna' | 'mikkel'>,
  policy: CasePolicy,
  { coordinator, commands, refused }: { coordinator: 'anna' | 'mikkel'; commands: SentCommand[]; refused: string[] },
): Promise<string> {
  const caseId = await openCaseAsAClientWould(stack, policy, refused);
  const url = `/cases/${caseId}/commands`;
  // The supervisor sees the new report in the read model before she assigns it.
  await eventually(async () => (await stack.sql('SELECT 1 FROM cases WHERE id = $1', [caseId])).length === 1, {
    timeoutMs: 60_000,
    what: 'the case in the read model',
  });
  await sendCommand(stack.as.sofie, `${url}/assign-coordinator`, assignTo(coordinator), `assign-${caseId}`, commands);
  await untilStepsRecorded(stack, [caseId], 4, { timeoutMs: 120_000, intervalMs: 500, what: 'the urgency steps' });
  const as = stack.as[coordinator];
  await sendCommand(as, `${url}/record-urgency-assessment`, NO_DANGER, `urgency-${caseId}`, commands);
  await sendCommand(as, `${url}/decide-triage`, TO_ASSESSMENT, `triage-${caseId}`, commands);
  return caseId;
}

/** How many persistence faults the stack's Temporal server injected, by its own log lines. */
export function injectedFaults(stack: FaultStack): number {
  const dir = stack.temporal.logDir;
  return readdirSync(dir)
    .filter((f) => f.startsWith('temporal-'))
    .reduce((n, f) => n + (readFileSync(join(dir, f), 'utf8').match(/fault injection error/g)?.length ?? 0), 0);
}

/** One deadline step as recorded, with how late it fired. */
export interface FiredStep {
  caseNo: number;
  kind: string;
  step: string;
  /** When it fell due: its scheduled time, or the task's opening if that was later. */
  dueAt: number;
  firedAt: number;
  lateMs: number;
}

const STEP_EVENT = { reminder: 'task.reminded', due: 'task.overdue', escalation: 'task.escalated' } as const;

/**
 * Every deadline step of every task of these kinds in these cases recorded once and in order: the
 * steps the rule gives the task (those before it was done, for a task done since), each once, in
 * the order they fell due, stamped in that order. Waits until all are recorded; returns them with
 * how late each fired (the time the workflow recorded it against the time it fell due).
 */
export async function expectDeadlinesRecordedOnceInOrder(
  stack: FaultStack,
  caseIds: string[],
  rules: Partial<Record<TaskKind, DeadlineRule>>,
  { timeoutMs = 120_000 } = {},
): Promise<FiredStep[]> {
  interface TaskRow {
    id: string;
    case_id: string;
    kind: TaskKind;
    opened_at: Date;
    due_at: Date;
    completed_at: Date | null;
  }
  interface StepRow {
    id: string;
    type: string;
    occurred_at: Date;
    dedupe_key: string;
    data: { taskId: string; to: string; level: number; scheduledFor: string };
  }
  const read = async () => {
    const tasks = await stack.sql<TaskRow>(
      'SELECT id, case_id, kind, opened_at, due_at, completed_at FROM tasks WHERE case_id = ANY($1) AND kind = ANY($2) ORDER BY opened_at',
      [caseIds, Object.keys(rules)],
    );
    const steps = await stack.sql<StepRow>(
      `SELECT id, type, occurred_at, dedupe_key, data FROM case_events
        WHERE case_id = ANY($1) AND type IN ('task.reminded', 'task.overdue', 'task.escalated') ORDER BY id`,
      [caseIds],
    );
    return tasks.map((t) => {
      const expected = deadlineSteps(t.opened_at, t.due_at, rules[t.kind]!, DANISH_CALENDAR).filter(
        (s) => !t.completed_at || new Date(s.at) < t.completed_at,
      );
      return { task: t, expected, recorded: steps.filter((s) => s.data.taskId === t.id) };
    });
  };
  const tasks = await eventually(
    async () => {
      const all = await read();
      return all.length > 0 && all.every((t) => t.recorded.length >= t.expected.length) ? all : undefined;
    },
    { timeoutMs, intervalMs: 1000, what: 'every deadline step to be recorded' },
  );
  const fired: FiredStep[] = [];
  for (const { task, expected, recorded } of tasks) {
    // Once each, in the order they fell due: exactly the rule's steps.
    expect(recorded.map((s) => [s.type, s.data.to, s.data.level, s.data.scheduledFor])).toEqual(
      expected.map((s) => [STEP_EVENT[s.type], s.to, s.level, s.at]),
    );
    expect(new Set(recorded.map((s) => s.dedupe_key)).size).toBe(recorded.length);
    // Stamped in the order they fired, and never before they fell due.
    const stamps = recorded.map((s) => new Date(s.occurred_at).getTime());
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    for (const s of recorded) {
      // A task opened after its due time (the child-welfare assessment's clock runs from the report)
      // has its past steps fire as it opens: they are late from the opening, not from the due time.
      const dueAt = Math.max(new Date(s.data.scheduledFor).getTime(), new Date(task.opened_at).getTime());
      const firedAt = new Date(s.occurred_at).getTime();
      expect(firedAt).toBeGreaterThanOrEqual(new Date(s.data.scheduledFor).getTime() - 50);
      fired.push({
        caseNo: caseIds.indexOf(task.case_id) + 1,
        kind: task.kind,
        step: `${s.type.replace('task.', '')}${s.type === 'task.escalated' ? ` (${s.data.to})` : ''}`,
        dueAt,
        firedAt,
        lateMs: firedAt - dueAt,
      });
    }
  }
  return fired.sort((a, b) => a.dueAt - b.dueAt || a.caseNo - b.caseNo);
}

/** Exactly one event of this type per case: a command applied once, none lost. */
export async function expectOneEventPerCase(stack: FaultStack, caseIds: string[], type: string): Promise<void> {
  const rows = await eventually(
    async () => {
      const r = await stack.sql<{ case_id: string; n: number }>(
        'SELECT case_id, count(*)::int AS n FROM case_events WHERE case_id = ANY($1) AND type = $2 GROUP BY case_id',
        [caseIds, type],
      );
      return r.length === caseIds.length ? r : undefined;
    },
    { timeoutMs: 60_000, what: `a ${type} event in each case` },
  );
  expect(rows.filter((r) => r.n !== 1)).toEqual([]);
}

/** The Message-ID a caught mail carries (the outbox's deterministic one). */
const messageIdOf = (m: CaughtMail & { messageId?: string }) => m.messageId ?? m.headers?.['message-id'];

/**
 * Every mail of the outbox sent, and each exactly once: the mail catcher holds one message per
 * outbox row (by its deterministic Message-ID, to its address) and nothing else. `caught` adds the
 * messages of a mail catcher that has been replaced since. Returns the outbox rows.
 */
export async function expectEveryMailSentOnce(
  stack: FaultStack,
  { caught = [], timeoutMs = 120_000 }: { caught?: CaughtMail[]; timeoutMs?: number } = {},
): Promise<{ id: string; kind: string; created_at: Date; sent_at: Date }[]> {
  interface OutboxRow {
    id: string;
    kind: string;
    to_address: string;
    status: string;
    message_id: string | null;
    created_at: Date;
    sent_at: Date;
  }
  const outbox = await eventually(
    async () => {
      const rows = await stack.sql<OutboxRow>('SELECT id, kind, to_address, status, message_id, created_at, sent_at FROM mail_outbox');
      return rows.length > 0 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    },
    { timeoutMs, intervalMs: 1000, what: 'every mail in the outbox to be sent' },
  );
  // maildev stores a message before it answers the SMTP client: what was sent is there now.
  const messages = [...caught, ...(await stack.mail.messages())];
  const copies = outbox
    .map((r) => ({
      id: r.id,
      copies: messages.filter((m) => messageIdOf(m) === r.message_id && m.to.some((t) => t.address === r.to_address)).length,
    }))
    .filter((r) => r.copies !== 1);
  expect(copies).toEqual([]);
  expect(messages).toHaveLength(outbox.length);
  return outbox;
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * Whether the step fell due while the service was gone, or just before it went: a step due a moment
 * before a crash may not have been taken yet.
 */
export const dueWhileDown = (s: FiredStep, down: number, back: number): boolean => s.dueAt >= down - 2_000 && s.dueAt < back;

/**
 * Prints how late each deadline fired and writes the same to test-artifacts/faults/<fault>.md:
 * one row per step, times in seconds from `t0`, and how long after `back` (the service's return)
 * a step that fell due while it was gone fired.
 */
export function reportLateness(
  fault: string,
  {
    title,
    steps,
    t0,
    down,
    back,
    notes = [],
  }: { title: string; steps: FiredStep[]; t0: number; down?: number; back?: number; notes?: string[] },
): string {
  const during = (s: FiredStep) => down !== undefined && back !== undefined && dueWhileDown(s, down, back);
  const rows = steps.map(
    (s) =>
      `| ${s.caseNo} | ${s.kind} | ${s.step} | ${seconds(s.dueAt - t0)} | ${seconds(s.firedAt - t0)} | ${seconds(s.lateMs)} | ${
        during(s) ? seconds(s.firedAt - back!) : ''
      } |`,
  );
  const late = steps.map((s) => s.lateMs);
  const inFault = steps.filter(during);
  const summary = [
    `${steps.length} deadline steps; late by median ${seconds(median(late))} s, at most ${seconds(Math.max(...late))} s.`,
    ...(inFault.length
      ? [
          `${inFault.length} fell due while it was down (${seconds(down! - t0)} s to ${seconds(back! - t0)} s); after it was back they fired within ${seconds(
            Math.max(...inFault.map((s) => s.firedAt - back!)),
          )} s.`,
        ]
      : []),
    ...notes,
  ];
  const text = [
    `# ${title}`,
    '',
    ...summary.map((l) => `- ${l}`),
    '',
    '| case | task | step | due (s) | fired (s) | late (s) | after the return (s) |',
    '| ---: | ---- | ---- | ------: | --------: | -------: | -------------------: |',
    ...rows,
    '',
  ].join('\n');
  const dir = join(__dirname, '..', '..', 'test-artifacts', 'faults');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${fault}.md`), text);
  console.log(text);
  return text;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
}
