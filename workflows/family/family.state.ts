/**
 * What a family's workflow knows: its contact person, its children's cases, the inquiries it sends
 * and the appointments the departments make with it. Plain data; pure transitions, no Temporal imports.
 */
import type { InquiryChannel, SetFamilyCoordinatorCommand } from '../contract';
import type { AppliedCommand } from '../support/command-gate';
import type { TaskRecord } from '../support/task-record';

export interface Appointment {
  appointmentId: string;
  department: string;
  start: string;
  end: string;
}

export interface FamilyState {
  familyId: string;
  coordinatorId?: string;
  teamId?: string;
  deputyId?: string;
  contactEmail?: string;
  coordinatorChanges: number;
  childCaseIds: string[];
  inquiries: { inquiryId: string; channel: InquiryChannel; receivedAt: string; taskId: string; answeredAt?: string; onTime?: boolean }[];
  appointments: Appointment[];
  handoverRefusals: { caseId: string; reason: string; at: string }[];
  tasks: Record<string, TaskRecord>;
  /** Answers to recent commands, by update id: a repeated command gets the first answer. */
  applied: AppliedCommand[];
  runs: number;
}

/** Bounds that keep a family's state small however long it lives (the read model keeps everything). */
export const MAX_APPOINTMENTS = 200;
export const MAX_APPOINTMENT_MS = 14 * 24 * 3600 * 1000;
export const MAX_CHILD_CASES = 30;
export const REFUSALS_KEPT = 50;
export const ANSWERED_INQUIRIES_KEPT = 20;

export function newFamilyState(familyId: string): FamilyState {
  return {
    familyId,
    coordinatorChanges: 0,
    childCaseIds: [],
    inquiries: [],
    appointments: [],
    handoverRefusals: [],
    tasks: {},
    applied: [],
    runs: 0,
  };
}

/** The booked appointments of other departments that overlap this one. */
export function clashesWith(s: FamilyState, { department, start, end }: Omit<Appointment, 'appointmentId'>): Appointment[] {
  return s.appointments.filter(
    (a) => a.department !== department && Date.parse(a.start) < Date.parse(end) && Date.parse(start) < Date.parse(a.end),
  );
}

/** A new contact person (and deputy, contact address when given); returns the one before. */
export function setContact(
  s: FamilyState,
  cmd: Pick<SetFamilyCoordinatorCommand, 'coordinatorId' | 'teamId' | 'deputyId' | 'contactEmail'>,
): string | undefined {
  const previous = s.coordinatorId;
  s.coordinatorId = cmd.coordinatorId;
  s.teamId = cmd.teamId;
  if (cmd.deputyId !== undefined) s.deputyId = cmd.deputyId;
  if (cmd.contactEmail !== undefined) s.contactEmail = cmd.contactEmail;
  if (previous && previous !== cmd.coordinatorId) s.coordinatorChanges++;
  return previous;
}

/** Cases that did not move with the family (a full caseload), kept with the latest few. */
export function noteHandoverRefusals(s: FamilyState, refused: { caseId: string; reason: string }[], at: Date): void {
  s.handoverRefusals.push(...refused.map((r) => ({ ...r, at: at.toISOString() })));
  if (s.handoverRefusals.length > REFUSALS_KEPT) s.handoverRefusals.splice(0, s.handoverRefusals.length - REFUSALS_KEPT);
}

/** The state that goes on into the next run: answered inquiries and past appointments live on in the read model only. */
export function trimForNextRun(s: FamilyState, now: Date): void {
  const answered = s.inquiries.filter((i) => i.answeredAt).slice(-ANSWERED_INQUIRIES_KEPT);
  s.inquiries = s.inquiries.filter((i) => !i.answeredAt || answered.includes(i));
  s.appointments = s.appointments.filter((a) => Date.parse(a.end) > now.getTime());
}
