/**
 * The one contract between the apps and the case workflow: task queue, workflow ids, search
 * attributes, signals, updates, queries and their payload types. The API, the worker and the
 * workflow code all import it, so a name can only be changed in one place.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { CasePolicy } from '../libs/policy/case-policy';

export const DEFAULT_TASK_QUEUE = 'closer-cases';

/** Workflow ids are opaque: a UUID, never a CPR number or a name (ids are stored in clear text). */
export const caseWorkflowId = (caseId: string): string => `case-${caseId}`;

/** Search attributes hold no personal data. Registered on the dev server at start. */
export const searchAttributes = {
  casePhase: defineSearchAttributeKey('CasePhase', SearchAttributeType.KEYWORD),
  coordinatorId: defineSearchAttributeKey('CoordinatorId', SearchAttributeType.KEYWORD),
  teamId: defineSearchAttributeKey('TeamId', SearchAttributeType.KEYWORD),
  nextDeadline: defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME),
  escalationLevel: defineSearchAttributeKey('EscalationLevel', SearchAttributeType.INT),
} as const;

/** The same attributes in the form the Temporal CLI takes (`--search-attribute Name=Type`). */
export const SEARCH_ATTRIBUTE_REGISTRATION: Record<string, 'Keyword' | 'Int' | 'Datetime'> = {
  CasePhase: 'Keyword',
  CoordinatorId: 'Keyword',
  TeamId: 'Keyword',
  NextDeadline: 'Datetime',
  EscalationLevel: 'Int',
};

export type ReporterType = 'professional' | 'citizen';

/** A report of concern (underretning) as it enters the workflow. Encrypted by the payload codec. */
export interface ReportOfConcern {
  reportId: string;
  receivedAt: string;
  reporter: { name: string; email: string; type: ReporterType };
  childReference: string;
  concern: string;
}

export type CasePhase = 'intake' | 'urgency-assessment' | 'closed';

export interface CaseWorkflowInput {
  caseId: string;
  policy: CasePolicy;
}

/** What a query returns: ids and phases only, no personal data. */
export interface CaseView {
  caseId: string;
  phase: CasePhase;
  policyVersion: string;
  reportIds: string[];
  receiptsSent: string[];
}

export const reportReceivedSignal = defineSignal<[ReportOfConcern]>('reportReceived');
export const caseViewQuery = defineQuery<CaseView>('caseView');
