/**
 * One contact person for the whole family: a change moves every child case (through the case's own
 * command, which gives the new coordinator a read-in task) and tells the family. Child cases are
 * linked to the family; its tasks can be given to another person.
 */
import { proxyActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { COMMANDS, type SetFamilyCoordinatorCommand } from '../../contract';
import { installReassignTask } from '../../support/task-assignment';
import { enforce } from '../../support/validation';
import type { FamilyContext } from '../family.context';
import { linkChildCaseRefusal, setFamilyCoordinatorRefusal } from '../family.rules';
import { noteHandoverRefusals, setContact } from '../family.state';

// Handovers go through each case's own command; a refusal (full caseload) is an answer, not a fault.
const family = proxyActivities<Pick<Activities, 'reassignCase' | 'notifyFamilyOfNewContact'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export function installLinkChildCase(c: FamilyContext): void {
  const { s, projector } = c;
  c.gate.command(
    COMMANDS.linkChildCase,
    (cmd) => enforce(linkChildCaseRefusal(s, cmd)),
    async ({ actor, caseId }) => {
      s.childCaseIds.push(caseId);
      await projector.project({ linkCases: [caseId], events: [projector.event('family.case-linked', actor, { caseId })] });
      return c.result();
    },
  );
}

/** A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who). */
export function installFamilyReassignTask(c: FamilyContext): void {
  installReassignTask({ gate: c.gate, tasks: c.tasks, owner: 'family', taskRecords: () => c.s.tasks, result: c.result });
}

export function installSetFamilyCoordinator(c: FamilyContext): void {
  c.gate.command(
    COMMANDS.setFamilyCoordinator,
    (cmd) => enforce(setFamilyCoordinatorRefusal(c.s, cmd)),
    (cmd) => setFamilyCoordinator(c, cmd),
  );
}

async function setFamilyCoordinator(c: FamilyContext, cmd: SetFamilyCoordinatorCommand) {
  const { s, tasks, projector } = c;
  const { actor, coordinatorId, teamId, reason } = cmd;
  const previous = setContact(s, cmd);
  // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
  const assigned = tasks
    .openTasks()
    .filter((t) => t.assignee === 'coordinator')
    .flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, actor, 'coordinator-changed')?.event ?? []);
  const contact = {
    coordinatorId,
    teamId,
    deputyId: s.deputyId ?? null,
    contactEmail: s.contactEmail ?? null,
    coordinatorChanges: s.coordinatorChanges,
  };
  const type = previous ? 'family.coordinator-changed' : 'family.coordinator-assigned';
  await projector.project({
    family: contact,
    tasks: tasks.openTasks().map((t) => tasks.row(t)),
    events: [projector.event(type, actor, { from: previous, to: coordinatorId, teamId, reason }), ...assigned],
  });
  const refused: { caseId: string; reason: string }[] = [];
  for (const caseId of s.childCaseIds) {
    const r = await family.reassignCase({ caseId, coordinatorId, teamId, actor, reason: reason ?? 'family handover' });
    if (!r.moved) refused.push({ caseId, reason: r.reason });
  }
  if (refused.length) {
    noteHandoverRefusals(s, refused, new Date());
    await projector.project({
      events: refused.map((r) =>
        projector.event('family.case-not-moved', actor, { caseId: r.caseId, reason: r.reason, to: coordinatorId }),
      ),
    });
  }
  if (previous && previous !== coordinatorId)
    await family.notifyFamilyOfNewContact({ familyId: s.familyId, changeId: uuid4(), coordinatorId });
  return c.result({ refused });
}
