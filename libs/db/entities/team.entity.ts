import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

/** A team of coordinators under a supervisor; cases and families carry its id. */
@Entity({ name: 'teams' })
export class TeamEntity {
  /** A slug (`team-north`): cases, families and search attributes carry it, so it holds no personal data. */
  @PrimaryColumn('text')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'supervisor_id', type: 'uuid', nullable: true })
  supervisorId!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'supervisor_id', foreignKeyConstraintName: 'FK_teams_supervisor' })
  supervisor?: Relation<UserEntity>;

  /** Steps in for the supervisor while they are away, and takes a family's late inquiries. */
  @Column({ name: 'deputy_id', type: 'uuid', nullable: true })
  deputyId!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'deputy_id', foreignKeyConstraintName: 'FK_teams_deputy' })
  deputy?: Relation<UserEntity>;
}
