import type { AuditOutcome } from '../db/entities/audit-record.entity';
import type { Db } from './db';

/** One record to write: ids only, no names, no case content (the API's AuditService checks it first). */
export interface NewAuditRecord {
  actorId: string;
  actorRole: string;
  action: string;
  command: string | null;
  caseId: string | null;
  familyId: string | null;
  measureId: string | null;
  outcome: AuditOutcome;
  outOfScope: boolean;
  reason: string | null;
  teamId: string | null;
  requestId: string | null;
}

export interface AuditRecord extends NewAuditRecord {
  id: string;
  at: string;
}

/** Which records a list shows. */
export type AuditSelection = { caseId: string } | { actorId: string } | { flaggedForTeams: readonly string[] | 'all' };

interface Row {
  id: string;
  at: Date;
  actor_id: string;
  actor_role: string;
  action: string;
  command: string | null;
  case_id: string | null;
  family_id: string | null;
  measure_id: string | null;
  outcome: AuditOutcome;
  out_of_scope: boolean;
  reason: string | null;
  team_id: string | null;
  request_id: string | null;
}

const COLUMNS = `id::text AS id, at, actor_id, actor_role, action, command, case_id, family_id, measure_id, outcome, out_of_scope, reason, team_id, request_id`;
const INSERT_COLUMNS = `actor_id, actor_role, action, command, case_id, family_id, measure_id, outcome, out_of_scope, reason, team_id, request_id`;
const PARAMS_PER_ROW = 12;

/**
 * `audit_records`: every read and change of case data, append-only (PostgreSQL refuses UPDATE,
 * DELETE and TRUNCATE of it; migration 1795600000100).
 */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Writes the records in one statement: all of them or none. Their ids, in order. */
  async insert(entries: NewAuditRecord[]): Promise<string[]> {
    const values: unknown[] = [];
    const tuples = entries.map((e, i) => {
      values.push(
        e.actorId,
        e.actorRole,
        e.action,
        e.command,
        e.caseId,
        e.familyId,
        e.measureId,
        e.outcome,
        e.outOfScope,
        e.reason,
        e.teamId,
        e.requestId,
      );
      const base = i * PARAMS_PER_ROW;
      return `(${Array.from({ length: PARAMS_PER_ROW }, (_, k) => `$${base + k + 1}`).join(', ')})`;
    });
    const rows = (await this.db.query(
      `INSERT INTO audit_records (${INSERT_COLUMNS}) VALUES ${tuples.join(', ')} RETURNING id::text AS id`,
      values,
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /**
   * Newest first by (at, id), below the record `after` (the last one shown), at most `limit`. The
   * (case_id, at), (actor_id, at) and (team_id, at) indexes serve this order; id breaks ties
   * between records of one transaction.
   */
  async list(selection: AuditSelection, after: string | null, limit: number): Promise<AuditRecord[]> {
    const [where, params] = whereOf(selection);
    const n = params.length;
    const rows = (await this.db.query(
      `SELECT ${COLUMNS} FROM audit_records
        WHERE ${where}
          AND ($${n + 1}::bigint IS NULL OR (at, id) < (SELECT at, id FROM audit_records WHERE id = $${n + 1}::bigint))
        ORDER BY at DESC, id DESC
        LIMIT $${n + 2}`,
      [...params, after, limit],
    )) as Row[];
    return rows.map(toRecord);
  }

  /** Every record of these cases, oldest first (a family's export: the file is whole). */
  async allForCases(caseIds: readonly string[]): Promise<AuditRecord[]> {
    if (caseIds.length === 0) return [];
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM audit_records WHERE case_id = ANY($1::uuid[]) ORDER BY at, id`, [
      caseIds,
    ])) as Row[];
    return rows.map(toRecord);
  }

  /** Every family-level record of one family (no case named), oldest first. */
  async allForFamily(familyId: string): Promise<AuditRecord[]> {
    const rows = (await this.db.query(`SELECT ${COLUMNS} FROM audit_records WHERE family_id = $1 AND case_id IS NULL ORDER BY at, id`, [
      familyId,
    ])) as Row[];
    return rows.map(toRecord);
  }
}

function whereOf(s: AuditSelection): [string, unknown[]] {
  if ('caseId' in s) return ['case_id = $1', [s.caseId]];
  if ('actorId' in s) return ['actor_id = $1', [s.actorId]];
  if (s.flaggedForTeams === 'all') return ['out_of_scope', []];
  return ['out_of_scope AND team_id = ANY($1::text[])', [s.flaggedForTeams]];
}

function toRecord(r: Row): AuditRecord {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorRole: r.actor_role,
    action: r.action,
    command: r.command,
    caseId: r.case_id,
    familyId: r.family_id,
    measureId: r.measure_id,
    outcome: r.outcome,
    outOfScope: r.out_of_scope,
    reason: r.reason,
    teamId: r.team_id,
    requestId: r.request_id,
  };
}
