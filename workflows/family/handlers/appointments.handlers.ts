/**
 * Appointments of different departments for the same family must not collide (the seed example: an
 * internship placed at the same time as the parent's visitation with the child): a clash becomes a
 * task for the coordinator, resolved before the clash and done by hand.
 */
import { COMMANDS, type AppointmentCommand } from '../../contract';
import { enforce } from '../../support/validation';
import type { FamilyContext } from '../family.context';
import { appointmentConflictDue, appointmentRefusal, completeFamilyTaskRefusal } from '../family.rules';
import { clashesWith } from '../family.state';

export function installAddAppointment(c: FamilyContext): void {
  c.gate.command(
    COMMANDS.addAppointment,
    (cmd) => enforce(appointmentRefusal(c.s, cmd, new Date())),
    (cmd) => addAppointment(c, cmd),
  );
}

async function addAppointment(c: FamilyContext, { actor, appointmentId, department, start, end }: AppointmentCommand) {
  const { s, tasks, projector } = c;
  const clashes = clashesWith(s, { department, start, end });
  s.appointments.push({ appointmentId, department, start, end });
  const events = [projector.event('appointment.added', actor, { appointmentId, department, start, end })];
  const opened: string[] = [];
  for (const other of clashes) {
    const dueAt = appointmentConflictDue(start, other.start, new Date(), c.policy);
    const rule = c.policy.appointmentConflict;
    const conflict = {
      kind: 'appointment-conflict',
      assignee: 'coordinator',
      assigneeId: s.coordinatorId,
      subjectId: appointmentId,
    } as const;
    opened.push(tasks.open({ ...conflict, dueAt, rule, actor }).taskId);
    const data = { appointmentId, department, with: other.appointmentId, withDepartment: other.department };
    events.push(projector.event('appointment.conflict', 'system', data));
  }
  await projector.project({ events });
  return c.result({ openedTaskIds: opened });
}

/** A task done by hand: an appointment conflict resolved (one appointment moved, or both agreed to). */
export function installCompleteFamilyTask(c: FamilyContext): void {
  c.gate.command(
    COMMANDS.completeFamilyTask,
    (cmd) => enforce(completeFamilyTaskRefusal(c.s, cmd)),
    async ({ actor, taskId, note }) => {
      await c.tasks.complete(taskId, actor, { noted: !!note });
      return c.result();
    },
  );
}
