import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUuid } from '../../common/request-checks';

/** Read-model data the family page shows beside the family's state: staff names, team name, the children's cases' phases. */
@Injectable()
export class FamilyPageService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id && isUuid(id)))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.db.query('SELECT id::text AS id, display_name FROM users WHERE id = ANY($1::uuid[])', [wanted])) as {
      id: string;
      display_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async teamName(teamId: string | undefined): Promise<string | null> {
    if (!teamId) return null;
    const [row] = (await this.db.query('SELECT name FROM teams WHERE id = $1', [teamId])) as { name: string }[];
    return row?.name ?? null;
  }

  /** Each case's phase and whether it is closed, from the read model (cases not yet projected are absent). */
  async cases(caseIds: string[]): Promise<Map<string, { phase: string; closed: boolean; nextDeadline: string | null }>> {
    const ids = caseIds.filter(isUuid);
    if (ids.length === 0) return new Map();
    const rows = (await this.db.query('SELECT id::text AS id, phase, closed_at, next_deadline FROM cases WHERE id = ANY($1::uuid[])', [
      ids,
    ])) as { id: string; phase: string; closed_at: Date | null; next_deadline: Date | null }[];
    return new Map(
      rows.map((r) => [r.id, { phase: r.phase, closed: r.closed_at !== null, nextDeadline: r.next_deadline?.toISOString() ?? null }]),
    );
  }
}
