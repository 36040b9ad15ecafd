/**
 * The family (household) around one or more child cases: its one contact person, the inquiries it
 * sends and the appointments the departments make with it. Inquiries are answered in time, else
 * they go to the deputy and then the supervisor; appointments of different departments that
 * overlap become a task for the coordinator; a new contact person is told to the family, and the
 * child cases move with the family. Commands are wired below from handlers/; rules in family.rules.ts.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import { familyViewQuery, type FamilyWorkflowInput } from '../contract';
import { FamilyContext } from './family.context';
import { type FamilyState, newFamilyState, trimForNextRun } from './family.state';
import { familyView } from './family.view';
import { installAddAppointment, installCompleteFamilyTask } from './handlers/appointments.handlers';
import { installFamilyReassignTask, installLinkChildCase, installSetFamilyCoordinator } from './handlers/contact.handlers';
import { installAnswerInquiry, installInquiryReceived } from './handlers/inquiries.handlers';

export async function familyWorkflow(input: FamilyWorkflowInput): Promise<void> {
  const s: FamilyState = (input.resume as FamilyState | undefined) ?? newFamilyState(input.familyId);
  s.runs++;
  const c = new FamilyContext(s, input.policy);
  const { projector, gate, tasks } = c;

  installHandlers(c);
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
    trimForNextRun(s, new Date());
    await continueAsNew<typeof familyWorkflow>({ ...input, resume: s });
  }
}

/** The family's commands and events, in the order they are installed (buffered ones are delivered in that order). */
function installHandlers(c: FamilyContext): void {
  setHandler(familyViewQuery, () => familyView(c.s));
  installInquiryReceived(c);
  installAnswerInquiry(c);
  installAddAppointment(c);
  installCompleteFamilyTask(c);
  installLinkChildCase(c);
  installFamilyReassignTask(c);
  installSetFamilyCoordinator(c);
}
