import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { FamilyEntity } from '../db/entities';
import type { Db } from './db';

/** `families`: the households around one or more child cases, as their workflows project them. */
export class FamiliesRepository {
  constructor(private readonly db: Db) {}

  find(familyId: string): Promise<FamilyEntity | null> {
    return this.db.getRepository(FamilyEntity).findOneBy({ id: familyId });
  }

  /** Who holds the family: its team, coordinator and deputy (all null for a family not in the read model). */
  async holder(familyId: string): Promise<{ teamId: string | null; coordinatorId: string | null; deputyId: string | null }> {
    const [f] = (await this.db.query('SELECT team_id, coordinator_id, deputy_id FROM families WHERE id = $1', [familyId])) as {
      team_id: string | null;
      coordinator_id: string | null;
      deputy_id: string | null;
    }[];
    return { teamId: f?.team_id ?? null, coordinatorId: f?.coordinator_id ?? null, deputyId: f?.deputy_id ?? null };
  }

  /** The families a coordinator holds, by id. */
  async coordinatedBy(coordinatorId: string): Promise<string[]> {
    const families = await this.db
      .getRepository(FamilyEntity)
      .find({ where: { coordinatorId }, select: { id: true }, order: { id: 'ASC' } });
    return families.map((f) => f.id);
  }

  async upsert(family: QueryDeepPartialEntity<FamilyEntity> & { id: string }): Promise<void> {
    await this.db.getRepository(FamilyEntity).upsert(family, ['id']);
  }
}
