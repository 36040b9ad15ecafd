import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A goal of the child's plan; it may belong to another department (Gladsaxe-style family plan). */
@Entity({ name: 'goals' })
export class GoalEntity {
  @PrimaryColumn({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** Chosen by the coordinator, unique within the case. */
  @PrimaryColumn({ name: 'goal_id', type: 'text' })
  goalId!: string;

  @ManyToOne(() => CaseEntity, { nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_goals_case' })
  case?: CaseEntity;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'owner_department', type: 'text' })
  ownerDepartment!: string;

  @Column({ name: 'success_measure', type: 'text' })
  successMeasure!: string;

  @Column({ name: 'first_score', type: 'int', nullable: true })
  firstScore!: number | null;

  @Column({ name: 'latest_score', type: 'int', nullable: true })
  latestScore!: number | null;
}
