import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

/** The department (børn og familie) Closer serves: one row. */
@Entity({ name: 'department' })
export class DepartmentEntity {
  // The migration adds a unique index on a constant, so a second row cannot be written.
  @Index('UQ_department_single_row', { synchronize: false })
  @PrimaryColumn('text')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  /** Receives the last escalations. */
  @Column({ name: 'head_id', type: 'uuid', nullable: true })
  headId!: string | null;

  @ManyToOne(() => UserEntity, { nullable: true })
  @JoinColumn({ name: 'head_id', foreignKeyConstraintName: 'FK_department_head' })
  head?: Relation<UserEntity>;

  /** New reports belong to this team until a coordinator (and with them a team) is assigned. */
  @Column({ name: 'intake_team_id', type: 'text', nullable: true })
  intakeTeamId!: string | null;

  @ManyToOne(() => TeamEntity, { nullable: true })
  @JoinColumn({ name: 'intake_team_id', foreignKeyConstraintName: 'FK_department_intake_team' })
  intakeTeam?: Relation<TeamEntity>;
}
