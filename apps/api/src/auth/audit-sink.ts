/** One use of case data, as the audit trail records it (append-only; see apps/api/src/audit). */
export interface AuditEntry {
  actorId: string;
  actorRole: string;
  /** What was done, e.g. 'case.read', 'case.command', 'family.export'. */
  action: string;
  command?: string | null;
  caseId?: string | null;
  familyId?: string | null;
  measureId?: string | null;
  outcome: 'allowed' | 'denied' | 'failed';
  /** Read outside the person's normal scope (with a reason): flagged to the supervisor. */
  outOfScope?: boolean;
  reason?: string | null;
  teamId?: string | null;
  requestId?: string | null;
}

/** Where the guard records every use of case data; bound to the audit service in the API module. */
export const AUDIT_SINK = Symbol('AUDIT_SINK');

export interface AuditSink {
  record(entry: AuditEntry): Promise<void>;
}
