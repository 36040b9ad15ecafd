/**
 * The family (household) around one or more child cases: its one contact person, the inquiries it
 * sends and the appointments the departments make with it. Inquiries are answered in time, else
 * they go to the deputy and then the supervisor; appointments of different departments that
 * overlap become a task for the coordinator; a new contact person is told to the family, and the
 * child cases move with the family.
 */
import { allHandlersFinished, condition, continueAsNew, log, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePolicy } from '../libs/policy/case-policy';
import { dueAfter } from '../libs/policy/deadline-schedule';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  CommandRejection,
  type CommandResult,
  completeFamilyTaskUpdate,
  familyViewQuery,
  type FamilyView,
  type FamilyWorkflowInput,
  type InquiryChannel,
  inquiryReceivedSignal,
  linkChildCaseUpdate,
  MAX_OPEN_INQUIRIES,
  setFamilyCoordinatorUpdate,
} from './contract';
import { type AppliedCommand, CommandGate } from './support/command-gate';
import { Projector } from './support/projector';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';
import { installReassignTask } from './support/task-assignment';
import { rejectCommand } from './support/validation';

// Handovers go through each case's own command; a refusal (full caseload) is an answer, not a fault.
const family = proxyActivities<Pick<Activities, 'reassignCase' | 'notifyFamilyOfNewContact'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

interface FamilyState {
  familyId: string;
  coordinatorId?: string;
  teamId?: string;
  deputyId?: string;
  contactEmail?: string;
  coordinatorChanges: number;
  childCaseIds: string[];
  inquiries: { inquiryId: string; channel: InquiryChannel; receivedAt: string; taskId: string; answeredAt?: string; onTime?: boolean }[];
  appointments: { appointmentId: string; department: string; start: string; end: string }[];
  handoverRefusals: { caseId: string; reason: string; at: string }[];
  tasks: Record<string, TaskRecord>;
  /** Answers to recent commands, by update id: a repeated command gets the first answer. */
  applied: AppliedCommand[];
  runs: number;
}

export async function familyWorkflow(input: FamilyWorkflowInput): Promise<void> {
  const policy: CasePolicy = input.policy;
  const cal = policy.calendar;
  const s: FamilyState = (input.resume as FamilyState | undefined) ?? {
    familyId: input.familyId,
    coordinatorChanges: 0,
    childCaseIds: [],
    inquiries: [],
    appointments: [],
    handoverRefusals: [],
    tasks: {},
    applied: [],
    runs: 0,
  };
  s.runs++;
  const projector = new Projector({ familyId: s.familyId });
  const gate = new CommandGate(s.applied);
  const tasks: TaskTracker = new TaskTracker(s.tasks, { cal, projector, onChange: () => undefined, caseSummary: () => undefined });

  installHandlers();
  tasks.resumeAll();
  if (s.runs === 1)
    await projector.project({ family: { coordinatorChanges: 0 }, events: [projector.event('family.registered', 'system')] });

  // A family has no end of its own here: it lives while its cases do, continuing as new between events.
  for (;;) {
    await condition(() => workflowInfo().continueAsNewSuggested);
    await condition(() => projector.idle && gate.idle && allHandlersFinished());
    // Other coroutines may have run between the condition and here: check again, then go at once.
    if (!(projector.idle && gate.idle && allHandlersFinished())) continue;
    tasks.forgetFinished();
    // Answered inquiries and past appointments live on in the read model only.
    const answered = s.inquiries.filter((i) => i.answeredAt).slice(-ANSWERED_INQUIRIES_KEPT);
    s.inquiries = s.inquiries.filter((i) => !i.answeredAt || answered.includes(i));
    s.appointments = s.appointments.filter((a) => Date.parse(a.end) > Date.now());
    await continueAsNew<typeof familyWorkflow>({ ...input, resume: s });
  }

  function result(extra: Omit<CommandResult, 'id'> = {}): CommandResult {
    return { id: s.familyId, ...extra };
  }

  function view(): FamilyView {
    return {
      familyId: s.familyId,
      coordinatorId: s.coordinatorId,
      teamId: s.teamId,
      deputyId: s.deputyId,
      coordinatorChanges: s.coordinatorChanges,
      childCaseIds: [...s.childCaseIds],
      inquiries: s.inquiries.map(({ taskId: _t, ...i }) => i),
      appointments: s.appointments.map((a) => ({ ...a })),
      handoverRefusals: [...s.handoverRefusals],
      openTasks: tasks.openTasks().map(taskView),
      runs: s.runs,
    };
  }

  function installHandlers(): void {
    setHandler(familyViewQuery, view);

    // An inquiry (henvendelse) is answered by the end of the next weekday; late, it goes to the
    // deputy (stedfortræder), then the supervisor.
    gate.signal(inquiryReceivedSignal, 'inquiryReceivedSchema', async ({ inquiryId, channel, receivedAt }) => {
      if (s.inquiries.some((i) => i.inquiryId === inquiryId)) return;
      // The API refuses inquiries beyond the bound; one that comes another way is logged and left out.
      if (s.inquiries.filter((i) => !i.answeredAt).length >= MAX_OPEN_INQUIRIES) {
        log.warn(`Family has ${MAX_OPEN_INQUIRIES} unanswered inquiries; one more was not registered`);
        return;
      }
      const at = new Date(Math.min(Date.parse(receivedAt), Date.now()));
      const task = tasks.open({
        kind: 'inquiry-response',
        assignee: 'coordinator',
        assigneeId: s.coordinatorId,
        subjectId: inquiryId,
        dueAt: dueAfter(at, policy.inquiryResponse, cal),
        rule: policy.inquiryResponse,
      });
      s.inquiries.push({ inquiryId, channel, receivedAt: at.toISOString(), taskId: task.taskId });
      await projector.project({
        events: [projector.event('inquiry.received', 'system', { inquiryId, channel, dueAt: task.dueAt, deputyId: s.deputyId })],
      });
    });

    gate.command(
      answerInquiryUpdate,
      'answerInquirySchema',
      ({ inquiryId }) => {
        const inquiry = s.inquiries.find((i) => i.inquiryId === inquiryId);
        if (!inquiry) rejectCommand(CommandRejection.InvalidCommand, `inquiryId ${inquiryId} is not an inquiry of this family`);
        if (inquiry!.answeredAt) rejectCommand(CommandRejection.WrongPhase, `inquiry ${inquiryId} is already answered`);
      },
      async ({ actor, inquiryId }) => {
        const inquiry = s.inquiries.find((i) => i.inquiryId === inquiryId)!;
        const task = tasks.get(inquiry.taskId)!;
        const now = Date.now();
        inquiry.answeredAt = new Date(now).toISOString();
        inquiry.onTime = now <= Date.parse(task.dueAt);
        await tasks.complete(task.taskId, actor, { inquiryId });
        await projector.project({
          events: [
            projector.event('inquiry.answered', actor, {
              inquiryId,
              onTime: inquiry.onTime,
              responseSeconds: Math.round((now - Date.parse(inquiry.receivedAt)) / 1000),
            }),
          ],
        });
        return result();
      },
    );

    // Appointments of different departments for the same family must not collide (the seed
    // example: an internship placed at the same time as the parent's visitation with the child).
    gate.command(
      addAppointmentUpdate,
      'appointmentSchema',
      ({ appointmentId, start, end }) => {
        if (Date.parse(end) <= Date.parse(start)) rejectCommand(CommandRejection.InvalidCommand, 'end must be after start');
        // Appointments are kept to catch clashes ahead; one that is over is refused, not silently kept.
        if (Date.parse(end) <= Date.now())
          rejectCommand(CommandRejection.InvalidCommand, 'end must be in the future: appointments are booked to catch clashes ahead');
        if (Date.parse(end) - Date.parse(start) > MAX_APPOINTMENT_MS)
          rejectCommand(CommandRejection.InvalidCommand, 'end must be within 14 days of start');
        if (s.appointments.some((a) => a.appointmentId === appointmentId))
          rejectCommand(CommandRejection.InvalidCommand, `appointmentId ${appointmentId} is already booked`);
        if (s.appointments.length >= MAX_APPOINTMENTS)
          rejectCommand(
            CommandRejection.WrongPhase,
            `the family has ${MAX_APPOINTMENTS} coming appointments; add more once some have passed`,
          );
      },
      async ({ actor, appointmentId, department, start, end }) => {
        const clashes = s.appointments.filter(
          (a) => a.department !== department && Date.parse(a.start) < Date.parse(end) && Date.parse(start) < Date.parse(a.end),
        );
        s.appointments.push({ appointmentId, department, start, end });
        const events = [projector.event('appointment.added', actor, { appointmentId, department, start, end })];
        const opened: string[] = [];
        for (const other of clashes) {
          // Resolved before the clash, or it is no help: due by the policy's time or the earlier appointment's start.
          const clashAt = Math.min(Date.parse(start), Date.parse(other.start));
          const byPolicy = dueAfter(new Date(), policy.appointmentConflict, cal);
          const dueAt = new Date(Math.max(Date.now(), Math.min(byPolicy.getTime(), clashAt)));
          opened.push(
            tasks.open({
              kind: 'appointment-conflict',
              assignee: 'coordinator',
              assigneeId: s.coordinatorId,
              subjectId: appointmentId,
              dueAt,
              rule: policy.appointmentConflict,
              actor,
            }).taskId,
          );
          events.push(
            projector.event('appointment.conflict', 'system', {
              appointmentId,
              department,
              with: other.appointmentId,
              withDepartment: other.department,
            }),
          );
        }
        await projector.project({ events });
        return result({ openedTaskIds: opened });
      },
    );

    // A task done by hand: an appointment conflict resolved (one appointment moved, or both agreed to).
    gate.command(
      completeFamilyTaskUpdate,
      'completeFamilyTaskSchema',
      ({ taskId }) => {
        const task = tasks.get(taskId);
        if (!task || task.status !== 'open')
          rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open task of this family`);
        if (task!.kind !== 'appointment-conflict')
          rejectCommand(CommandRejection.WrongPhase, `a ${task!.kind} task is done through its own command`);
      },
      async ({ actor, taskId, note }) => {
        await tasks.complete(taskId, actor, { noted: !!note });
        return result();
      },
    );

    gate.command(
      linkChildCaseUpdate,
      'linkChildCaseSchema',
      ({ caseId }) => {
        if (s.childCaseIds.includes(caseId)) rejectCommand(CommandRejection.InvalidCommand, `case ${caseId} already belongs to the family`);
        if (s.childCaseIds.length >= MAX_CHILD_CASES)
          rejectCommand(CommandRejection.WrongPhase, `a family has at most ${MAX_CHILD_CASES} child cases`);
      },
      async ({ actor, caseId }) => {
        s.childCaseIds.push(caseId);
        await projector.project({ linkCases: [caseId], events: [projector.event('family.case-linked', actor, { caseId })] });
        return result();
      },
    );

    // A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who).
    installReassignTask(gate, tasks, { owner: 'family', taskRecords: () => s.tasks, result: () => result() });

    // One contact person for the whole family: a change moves every child case, gives the new
    // coordinator a read-in task on each (through the case's own command) and tells the family.
    gate.command(
      setFamilyCoordinatorUpdate,
      'setFamilyCoordinatorSchema',
      ({ coordinatorId, teamId, deputyId, contactEmail }) => {
        const same =
          coordinatorId === s.coordinatorId &&
          teamId === s.teamId &&
          (deputyId === undefined || deputyId === s.deputyId) &&
          (contactEmail === undefined || contactEmail === s.contactEmail);
        if (same) rejectCommand(CommandRejection.AlreadyAssigned, `coordinatorId ${coordinatorId} is already the family's contact person`);
      },
      async ({ actor, coordinatorId, teamId, deputyId, contactEmail, reason }) => {
        const previous = s.coordinatorId;
        s.coordinatorId = coordinatorId;
        s.teamId = teamId;
        if (deputyId !== undefined) s.deputyId = deputyId;
        if (contactEmail !== undefined) s.contactEmail = contactEmail;
        if (previous && previous !== coordinatorId) s.coordinatorChanges++;
        // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
        const assigned = tasks
          .openTasks()
          .filter((t) => t.assignee === 'coordinator')
          .flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, actor, 'coordinator-changed')?.event ?? []);
        await projector.project({
          family: {
            coordinatorId,
            teamId,
            deputyId: s.deputyId ?? null,
            contactEmail: s.contactEmail ?? null,
            coordinatorChanges: s.coordinatorChanges,
          },
          tasks: tasks.openTasks().map((t) => tasks.row(t)),
          events: [
            projector.event(previous ? 'family.coordinator-changed' : 'family.coordinator-assigned', actor, {
              from: previous,
              to: coordinatorId,
              teamId,
              reason,
            }),
            ...assigned,
          ],
        });
        const refused: { caseId: string; reason: string }[] = [];
        for (const caseId of s.childCaseIds) {
          const r = await family.reassignCase({ caseId, coordinatorId, teamId, actor, reason: reason ?? 'family handover' });
          if (!r.moved) refused.push({ caseId, reason: r.reason });
        }
        if (refused.length) {
          const at = new Date().toISOString();
          s.handoverRefusals.push(...refused.map((r) => ({ ...r, at })));
          if (s.handoverRefusals.length > REFUSALS_KEPT) s.handoverRefusals.splice(0, s.handoverRefusals.length - REFUSALS_KEPT);
          await projector.project({
            events: refused.map((r) =>
              projector.event('family.case-not-moved', actor, { caseId: r.caseId, reason: r.reason, to: coordinatorId }),
            ),
          });
        }
        if (previous && previous !== coordinatorId)
          await family.notifyFamilyOfNewContact({ familyId: s.familyId, changeId: uuid4(), coordinatorId });
        return result({ refused });
      },
    );
  }
}

/** Bounds that keep a family's state small however long it lives (the read model keeps everything). */
const MAX_APPOINTMENTS = 200;
const MAX_APPOINTMENT_MS = 14 * 24 * 3600 * 1000;
const MAX_CHILD_CASES = 30;
const REFUSALS_KEPT = 50;
const ANSWERED_INQUIRIES_KEPT = 20;
