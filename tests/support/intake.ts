import type { Client } from '@temporalio/client';
import { sql } from './database';
import { eventually } from './test-env';

export interface RecordedReport {
  id: string;
  case_id: string;
  /** The report's urgency-assessment task, if it has one: its status and case. */
  task_status: string | null;
  task_case_id: string | null;
}

/** The reports the read model holds about a child, each with its urgency-assessment task. */
export async function reportsAboutChild(childReference: string): Promise<RecordedReport[]> {
  return sql<RecordedReport>(
    `SELECT r.id, r.case_id, t.status AS task_status, t.case_id AS task_case_id
       FROM reports r LEFT JOIN tasks t ON t.subject_id = r.id::text AND t.kind = 'urgency-assessment'
      WHERE r.child_reference = $1 ORDER BY r.received_at`,
    [childReference],
  );
}

/** Waits until these reports about the child are recorded, each with an open urgency-assessment task on its own case. */
export async function eachRecordedWithItsTask(childReference: string, reportIds: string[], timeoutMs = 60_000): Promise<RecordedReport[]> {
  return eventually(
    async () => {
      const rows = (await reportsAboutChild(childReference)).filter((r) => reportIds.includes(r.id));
      const done = rows.length === reportIds.length && rows.every((r) => r.task_status === 'open' && r.task_case_id === r.case_id);
      return done ? rows : undefined;
    },
    { timeoutMs, what: `${reportIds.length} reports recorded with an open urgency-assessment task each` },
  );
}

/** Names of the signals a workflow's history holds, in order (the raw history: payloads stay encrypted). */
export async function signalsIn(client: Client, workflowId: string): Promise<string[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes?.signalName)
    .filter((n): n is string => typeof n === 'string');
}
