import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CaseEntity, ReportEntity } from '../db/entities';
import type { Db } from './db';

/** Who holds a case: its family, coordinator and team (all null for a case not in the read model yet). */
export interface CaseHolder {
  familyId: string | null;
  coordinatorId: string | null;
  teamId: string | null;
}

/** A case's row as a page shows it. */
export interface CaseRow {
  phase: string;
  policyVersion: string;
  coordinatorId: string | null;
  teamId: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

/** A case as the admin's list shows it: no personal data. */
export interface AdminCaseRow {
  id: string;
  phase: string;
  policyVersion: string;
  teamId: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

/** `cases` and `reports`: the child cases as the read model keeps them, and the reports that opened them. */
export class CasesRepository {
  constructor(private readonly db: Db) {}

  /** Opens the case unless it is recorded already; true when it was written now. */
  async open(c: { id: string; phase: string; policyVersion: string; openedAt: Date }): Promise<boolean> {
    const opened = await this.db.createQueryBuilder().insert().into(CaseEntity).values(c).orIgnore().returning(['id']).execute();
    return opened.raw.length > 0;
  }

  /** Records the report once (a retry writes nothing). */
  async recordReport(report: Omit<ReportEntity, 'createdAt' | 'case'>): Promise<void> {
    await this.db.createQueryBuilder().insert().into(ReportEntity).values(report).orIgnore().execute();
  }

  findReport(reportId: string): Promise<ReportEntity | null> {
    return this.db.getRepository(ReportEntity).findOneBy({ id: reportId });
  }

  /** The case a report was recorded on; null while it is not recorded. */
  async caseOfReport(reportId: string): Promise<string | null> {
    const rows = (await this.db.query('SELECT case_id FROM reports WHERE id = $1', [reportId])) as { case_id: string }[];
    return rows[0]?.case_id ?? null;
  }

  /** The reports' metadata only (when, to which case): never the reporter or the concern. */
  reportsOf(caseIds: string[]): Promise<Pick<ReportEntity, 'id' | 'caseId' | 'receivedAt'>[]> {
    return this.db.getRepository(ReportEntity).find({
      select: { id: true, caseId: true, receivedAt: true },
      where: { caseId: In(caseIds) },
      order: { receivedAt: 'ASC', id: 'ASC' },
    });
  }

  find(caseId: string): Promise<CaseEntity | null> {
    return this.db.getRepository(CaseEntity).findOneBy({ id: caseId });
  }

  exists(caseId: string): Promise<boolean> {
    return this.db.getRepository(CaseEntity).existsBy({ id: caseId });
  }

  /** The family's cases, oldest first. */
  ofFamily(familyId: string): Promise<CaseEntity[]> {
    return this.db.getRepository(CaseEntity).find({ where: { familyId }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  async holder(caseId: string): Promise<CaseHolder> {
    const [row] = (await this.db.query('SELECT family_id, coordinator_id, team_id FROM cases WHERE id = $1', [caseId])) as {
      family_id: string | null;
      coordinator_id: string | null;
      team_id: string | null;
    }[];
    return { familyId: row?.family_id ?? null, coordinatorId: row?.coordinator_id ?? null, teamId: row?.team_id ?? null };
  }

  /** Each case's phase, whether it is closed and its next deadline (cases not yet projected are absent). */
  async phases(caseIds: string[]): Promise<Map<string, { phase: string; closed: boolean; nextDeadline: string | null }>> {
    const rows = (await this.db.query('SELECT id::text AS id, phase, closed_at, next_deadline FROM cases WHERE id = ANY($1::uuid[])', [
      caseIds,
    ])) as { id: string; phase: string; closed_at: Date | null; next_deadline: Date | null }[];
    return new Map(
      rows.map((r) => [r.id, { phase: r.phase, closed: r.closed_at !== null, nextDeadline: r.next_deadline?.toISOString() ?? null }]),
    );
  }

  async update(caseId: string | undefined, change: QueryDeepPartialEntity<CaseEntity>): Promise<void> {
    await this.db.getRepository(CaseEntity).update({ id: caseId }, change);
  }

  async linkToFamily(caseIds: string[], familyId: string): Promise<void> {
    await this.db.getRepository(CaseEntity).update({ id: In(caseIds) }, { familyId });
  }

  // -------------------------------------------------------------------------------------------
  // Caseloads

  /**
   * Holds the coordinator's caseload until the transaction ends (a transaction-level advisory lock),
   * so counting and assigning cannot interleave with another assignment to the same person.
   */
  async lockCaseload(coordinatorId: string): Promise<void> {
    await this.db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`caseload:${coordinatorId}`]);
  }

  /** The coordinator's open cases, leaving one out. */
  async openCasesOf(coordinatorId: string, except: string): Promise<number> {
    const [{ count }] = (await this.db.query(
      `SELECT count(*)::int AS count FROM cases WHERE coordinator_id = $1 AND phase <> 'closed' AND id <> $2`,
      [coordinatorId, except],
    )) as { count: number }[];
    return count;
  }

  /** The coordinator's open cases that belong to no family. */
  async loneCasesOf(coordinatorId: string): Promise<string[]> {
    const cases = await this.db
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .select('c.id', 'id')
      .where('c.coordinator_id = :coordinatorId AND c.phase <> :closed AND c.family_id IS NULL', { coordinatorId, closed: 'closed' })
      .orderBy('c.id')
      .getRawMany<{ id: string }>();
    return cases.map((c) => c.id);
  }

  /** Open cases per policy version (a case keeps the version it started on). */
  async openByPolicy(): Promise<{ policy_version: string; open: number }[]> {
    return (await this.db.query(
      'SELECT policy_version, count(*)::int AS open FROM cases WHERE closed_at IS NULL GROUP BY policy_version',
    )) as { policy_version: string; open: number }[];
  }

  // -------------------------------------------------------------------------------------------
  // Pages

  /** The case's row as a page shows it; null when it is not in the read model (yet). */
  async row(caseId: string): Promise<CaseRow | null> {
    const [r] = (await this.db.query(
      'SELECT phase, policy_version, coordinator_id, team_id, opened_at, closed_at FROM cases WHERE id = $1',
      [caseId],
    )) as {
      phase: string;
      policy_version: string;
      coordinator_id: string | null;
      team_id: string | null;
      opened_at: Date;
      closed_at: Date | null;
    }[];
    return r
      ? {
          phase: r.phase,
          policyVersion: r.policy_version,
          coordinatorId: r.coordinator_id,
          teamId: r.team_id,
          openedAt: r.opened_at,
          closedAt: r.closed_at,
        }
      : null;
  }

  /**
   * The admin's list, newest first by (opened_at, id): one case, only running or only closed ones,
   * strictly after `after`; at most `limit`.
   */
  async adminPage(
    q: { caseId?: string; state?: 'running' | 'closed'; after?: { at: string; id: string } },
    limit: number,
  ): Promise<(AdminCaseRow & { openedKey: string })[]> {
    const rows = (await this.db.query(
      `SELECT id, phase, policy_version, team_id, opened_at, closed_at, opened_at::text AS opened_key
         FROM cases
        WHERE ($1::uuid IS NULL OR id = $1)
          AND ($2::text IS NULL OR ($2 = 'running' AND closed_at IS NULL) OR ($2 = 'closed' AND closed_at IS NOT NULL))
          AND ($3::timestamptz IS NULL OR (opened_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY opened_at DESC, id DESC
        LIMIT $5`,
      [q.caseId ?? null, q.state ?? null, q.after?.at ?? null, q.after?.id ?? null, limit],
    )) as {
      id: string;
      phase: string;
      policy_version: string;
      team_id: string | null;
      opened_at: Date;
      closed_at: Date | null;
      opened_key: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      phase: r.phase,
      policyVersion: r.policy_version,
      teamId: r.team_id,
      openedAt: r.opened_at,
      closedAt: r.closed_at,
      // opened_at to the microsecond (a JS Date keeps milliseconds only): where the next page starts.
      openedKey: r.opened_key,
    }));
  }
}
