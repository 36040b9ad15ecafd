import type { UpdateDefinition } from '@temporalio/common';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  assignCoordinatorUpdate,
  closeCaseUpdate,
  completeAgreedActionUpdate,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  decideTriageUpdate,
  linkChildCaseUpdate,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  recordReassessmentUpdate,
  recordSupervisionVisitUpdate,
  recordUrgencyAssessmentUpdate,
  setFamilyCoordinatorUpdate,
  submitAssessmentUpdate,
  submitPlanUpdate,
} from '../../../../workflows/contract';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyUpdate = UpdateDefinition<any, [any]>;

/** The commands people send, by URL name, for each kind of workflow. The workflow validates them. */
export const CASE_COMMANDS: Record<string, AnyUpdate> = {
  'assign-coordinator': assignCoordinatorUpdate,
  'record-urgency-assessment': recordUrgencyAssessmentUpdate,
  'decide-triage': decideTriageUpdate,
  'record-child-conversation': recordChildConversationUpdate,
  'submit-assessment': submitAssessmentUpdate,
  'propose-measure': proposeMeasureUpdate,
  'decide-approval': decideApprovalUpdate,
  'submit-plan': submitPlanUpdate,
  'record-reassessment': recordReassessmentUpdate,
  'complete-task': completeTaskUpdate,
  'close-case': closeCaseUpdate,
};

export const MEASURE_COMMANDS: Record<string, AnyUpdate> = {
  'record-follow-up': recordFollowUpUpdate,
  'complete-agreed-action': completeAgreedActionUpdate,
  'record-supervision-visit': recordSupervisionVisitUpdate,
  'decide-measure-end': decideMeasureEndUpdate,
  'decide-continued-support': decideContinuedSupportUpdate,
};

export const FAMILY_COMMANDS: Record<string, AnyUpdate> = {
  'set-coordinator': setFamilyCoordinatorUpdate,
  'answer-inquiry': answerInquiryUpdate,
  'add-appointment': addAppointmentUpdate,
  'link-child-case': linkChildCaseUpdate,
};
