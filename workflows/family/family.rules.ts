/**
 * The rules of a family's workflow as pure functions: inquiries answered in time, appointments
 * booked ahead and their clashes resolved before they happen, one contact person. A rule returns
 * the first refusal that applies or nothing. No Temporal imports: the time comes as `now`.
 */
import type { CasePolicy } from '../../libs/policy/case-policy';
import { dueAfter } from '../../libs/policy/deadline-schedule';
import { type AppointmentCommand, CommandRejection, MAX_OPEN_INQUIRIES, type SetFamilyCoordinatorCommand } from '../contract';
import { invalid, refuse, type Verdict, wrongPhase } from '../support/refusal';
import { completeTaskRefusal } from '../support/task.rules';
import { type FamilyState, MAX_APPOINTMENT_MS, MAX_APPOINTMENTS, MAX_CHILD_CASES } from './family.state';

export function answerInquiryRefusal(s: FamilyState, { inquiryId }: { inquiryId: string }): Verdict {
  const inquiry = s.inquiries.find((i) => i.inquiryId === inquiryId);
  if (!inquiry) return invalid(`inquiryId ${inquiryId} is not an inquiry of this family`);
  if (inquiry.answeredAt) return wrongPhase(`inquiry ${inquiryId} is already answered`);
  return undefined;
}

/** Appointments are kept to catch clashes ahead: one that is over is refused, not silently kept. */
export function appointmentRefusal(
  s: FamilyState,
  { appointmentId, start, end }: Pick<AppointmentCommand, 'appointmentId' | 'start' | 'end'>,
  now: Date,
): Verdict {
  if (Date.parse(end) <= Date.parse(start)) return invalid('end must be after start');
  if (Date.parse(end) <= now.getTime()) return invalid('end must be in the future: appointments are booked to catch clashes ahead');
  if (Date.parse(end) - Date.parse(start) > MAX_APPOINTMENT_MS) return invalid('end must be within 14 days of start');
  if (s.appointments.some((a) => a.appointmentId === appointmentId)) return invalid(`appointmentId ${appointmentId} is already booked`);
  if (s.appointments.length >= MAX_APPOINTMENTS)
    return wrongPhase(`the family has ${MAX_APPOINTMENTS} coming appointments; add more once some have passed`);
  return undefined;
}

/** Of the family's tasks, only an appointment conflict is done by hand. */
export function completeFamilyTaskRefusal(s: FamilyState, { taskId }: { taskId: string }): Verdict {
  return completeTaskRefusal(s.tasks, taskId, ['appointment-conflict'], 'family');
}

export function linkChildCaseRefusal(s: FamilyState, { caseId }: { caseId: string }): Verdict {
  if (s.childCaseIds.includes(caseId)) return invalid(`case ${caseId} already belongs to the family`);
  if (s.childCaseIds.length >= MAX_CHILD_CASES) return wrongPhase(`a family has at most ${MAX_CHILD_CASES} child cases`);
  return undefined;
}

/** A change of contact person must change something. */
export function setFamilyCoordinatorRefusal(
  s: FamilyState,
  {
    coordinatorId,
    teamId,
    deputyId,
    contactEmail,
  }: Pick<SetFamilyCoordinatorCommand, 'coordinatorId' | 'teamId' | 'deputyId' | 'contactEmail'>,
): Verdict {
  const same =
    coordinatorId === s.coordinatorId &&
    teamId === s.teamId &&
    (deputyId === undefined || deputyId === s.deputyId) &&
    (contactEmail === undefined || contactEmail === s.contactEmail);
  return same
    ? refuse(CommandRejection.AlreadyAssigned, `coordinatorId ${coordinatorId} is already the family's contact person`)
    : undefined;
}

/** The API refuses inquiries beyond the bound; one that comes another way is left out. */
export function takesInquiry(s: FamilyState): boolean {
  return s.inquiries.filter((i) => !i.answeredAt).length < MAX_OPEN_INQUIRIES;
}

/** An inquiry (henvendelse) is answered by the end of the next weekday, counted from when it came (never from the future). */
export function inquiryDue(receivedAt: string, now: Date, policy: CasePolicy): { at: Date; dueAt: Date } {
  const at = new Date(Math.min(Date.parse(receivedAt), now.getTime()));
  return { at, dueAt: dueAfter(at, policy.inquiryResponse, policy.calendar) };
}

/** A clash is resolved before it happens, or it is no help: due by the policy's time or the earlier appointment's start, not before now. */
export function appointmentConflictDue(start: string, otherStart: string, now: Date, policy: CasePolicy): Date {
  const clashAt = Math.min(Date.parse(start), Date.parse(otherStart));
  const byPolicy = dueAfter(now, policy.appointmentConflict, policy.calendar);
  return new Date(Math.max(now.getTime(), Math.min(byPolicy.getTime(), clashAt)));
}
