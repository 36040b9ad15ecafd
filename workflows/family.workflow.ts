/**
 * The family (household) around one or more child cases: its one contact person, the inquiries it
 * sends and the appointments the departments make with it. Inquiries are answered in time, else
 * they go to the deputy and then the supervisor; appointments of different departments that
 * overlap become a task for the coordinator; a new contact person is told to the family, and the
 * child cases move with the family.
 */
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { CasePolicy } from '../libs/policy/case-policy';
import { dueAfter } from '../libs/policy/deadline-schedule';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  CommandRejection,
  familyViewQuery,
  type FamilyView,
  type FamilyWorkflowInput,
  type InquiryChannel,
  inquiryReceivedSignal,
  linkChildCaseUpdate,
  setFamilyCoordinatorUpdate,
} from './contract';
import { Projector } from './support/projector';
import { type TaskRecord, TaskTracker, taskView } from './support/task-tracker';
import { rejectCommand, requireText, validDate } from './support/validation';

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
  handoverRefusals: { caseId: string; reason: string }[];
  tasks: Record<string, TaskRecord>;
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
    runs: 0,
  };
  s.runs++;
  const projector = new Projector({ familyId: s.familyId });
  const tasks: TaskTracker = new TaskTracker(s.tasks, { cal, projector, onChange: () => undefined, caseSummary: () => undefined });

  installHandlers();
  tasks.resumeAll();
  if (s.runs === 1)
    await projector.project({ family: { coordinatorChanges: 0 }, events: [projector.event('family.registered', 'system')] });

  // A family has no end of its own here: it lives while its cases do, continuing as new between events.
  for (;;) {
    await condition(() => workflowInfo().continueAsNewSuggested);
    await condition(() => projector.idle && allHandlersFinished());
    // Other coroutines may have run between the condition and here: check again, then go at once.
    if (!(projector.idle && allHandlersFinished())) continue;
    tasks.forgetFinished();
    await continueAsNew<typeof familyWorkflow>({ ...input, resume: s });
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
    setHandler(inquiryReceivedSignal, async ({ inquiryId, channel, receivedAt }) => {
      if (s.inquiries.some((i) => i.inquiryId === inquiryId)) return;
      const at = Number.isNaN(Date.parse(receivedAt)) ? new Date() : new Date(receivedAt);
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

    setHandler(
      answerInquiryUpdate,
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
        return view();
      },
      {
        validator: ({ actor, inquiryId }) => {
          requireText(actor, 'actor');
          const inquiry = s.inquiries.find((i) => i.inquiryId === inquiryId);
          if (!inquiry) rejectCommand(CommandRejection.InvalidCommand, `inquiryId ${inquiryId} is not an inquiry of this family`);
          if (inquiry!.answeredAt) rejectCommand(CommandRejection.WrongPhase, `inquiry ${inquiryId} is already answered`);
        },
      },
    );

    // Appointments of different departments for the same family must not collide (the seed
    // example: an internship placed at the same time as the parent's visitation with the child).
    setHandler(
      addAppointmentUpdate,
      async ({ actor, appointmentId, department, start, end }) => {
        const clashes = s.appointments.filter(
          (a) => a.department !== department && Date.parse(a.start) < Date.parse(end) && Date.parse(start) < Date.parse(a.end),
        );
        s.appointments.push({ appointmentId, department, start, end });
        const events = [projector.event('appointment.added', actor, { appointmentId, department, start, end })];
        for (const other of clashes) {
          tasks.open({
            kind: 'appointment-conflict',
            assignee: 'coordinator',
            assigneeId: s.coordinatorId,
            subjectId: appointmentId,
            dueAt: dueAfter(new Date(), policy.appointmentConflict, cal),
            rule: policy.appointmentConflict,
            actor,
          });
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
        return view();
      },
      {
        validator: ({ actor, appointmentId, department, start, end }) => {
          requireText(actor, 'actor');
          requireText(appointmentId, 'appointmentId');
          requireText(department, 'department');
          if (validDate(end, 'end') <= validDate(start, 'start')) rejectCommand(CommandRejection.InvalidCommand, 'end must be after start');
          if (s.appointments.some((a) => a.appointmentId === appointmentId))
            rejectCommand(CommandRejection.InvalidCommand, `appointmentId ${appointmentId} is already booked`);
        },
      },
    );

    setHandler(
      linkChildCaseUpdate,
      async ({ actor, caseId }) => {
        s.childCaseIds.push(caseId);
        await projector.project({ linkCases: [caseId], events: [projector.event('family.case-linked', actor, { caseId })] });
        return view();
      },
      {
        validator: ({ actor, caseId }) => {
          requireText(actor, 'actor');
          requireText(caseId, 'caseId');
          if (s.childCaseIds.includes(caseId))
            rejectCommand(CommandRejection.InvalidCommand, `case ${caseId} already belongs to the family`);
        },
      },
    );

    // One contact person for the whole family: a change moves every child case, gives the new
    // coordinator a read-in task on each (through the case's own command) and tells the family.
    setHandler(
      setFamilyCoordinatorUpdate,
      async ({ actor, coordinatorId, teamId, deputyId, contactEmail, reason }) => {
        const previous = s.coordinatorId;
        s.coordinatorId = coordinatorId;
        s.teamId = teamId;
        if (deputyId !== undefined) s.deputyId = deputyId;
        if (contactEmail !== undefined) s.contactEmail = contactEmail;
        if (previous && previous !== coordinatorId) s.coordinatorChanges++;
        for (const t of tasks.openTasks()) if (t.assignee === 'coordinator') t.assigneeId = coordinatorId;
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
          ],
        });
        for (const caseId of s.childCaseIds) {
          const r = await family.reassignCase({ caseId, coordinatorId, teamId, actor, reason: reason ?? 'family handover' });
          if (!r.moved) s.handoverRefusals.push({ caseId, reason: r.reason });
        }
        if (previous && previous !== coordinatorId)
          await family.notifyFamilyOfNewContact({ familyId: s.familyId, changeId: uuid4(), coordinatorId });
        return view();
      },
      {
        validator: ({ actor, coordinatorId, teamId, contactEmail }) => {
          requireText(actor, 'actor');
          requireText(coordinatorId, 'coordinatorId');
          requireText(teamId, 'teamId');
          if (contactEmail !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(contactEmail))
            rejectCommand(CommandRejection.InvalidCommand, 'contactEmail must be an email address');
        },
      },
    );
  }
}
