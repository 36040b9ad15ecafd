import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** Everything a person must do by a time: the inboxes and the "late now" lists read this table. */
@Entity({ name: 'tasks' })
@Check('CHK_tasks_scope', `case_id IS NOT NULL OR family_id IS NOT NULL`)
@Index('IDX_tasks_open_due', ['status', 'dueAt'])
@Index('IDX_tasks_assignee', ['assigneeId', 'status'])
// Partial indexes over open tasks for the work lists (migration 1795700000100); TypeORM cannot
// describe their WHERE clause, so it leaves them to the migration.
@Index('IDX_tasks_open_assignee_due', { synchronize: false })
@Index('IDX_tasks_open_escalated_to_due', { synchronize: false })
@Index('IDX_tasks_open_team_due', { synchronize: false })
@Index('IDX_tasks_open_team_kind_due', { synchronize: false })
@Index('IDX_tasks_open_unassigned_role_team_due', { synchronize: false })
@Index('IDX_tasks_open_escalated_team_level', { synchronize: false })
export class TaskEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_tasks_case_id')
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  /** Family-level tasks (answer an inquiry, resolve an appointment conflict) belong to the family. */
  @Index('IDX_tasks_family_id')
  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @ManyToOne(() => CaseEntity, { nullable: true })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_tasks_case' })
  case?: CaseEntity;

  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'assignee_role', type: 'text' })
  assigneeRole!: string;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'subject_id', type: 'text', nullable: true })
  subjectId!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ name: 'completed_by', type: 'text', nullable: true })
  completedBy!: string | null;

  /** A statutory clock paused (or resumed after a pause) or extended, with a supervisor's approval. */
  @Column({ name: 'clock_state', type: 'text', nullable: true })
  clockState!: 'paused' | 'resumed' | 'extended' | null;

  @Column({ name: 'clock_changed_at', type: 'timestamptz', nullable: true })
  clockChangedAt!: Date | null;
  /**
   * The team of the task's case (else of its family), kept by the projection so the team's lists
   * read it from an index; null while the case has no team (the department's intake team's).
   */
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  /** The role the latest escalation named (`supervisor`, `head-of-department`, …). */
  @Column({ name: 'escalated_to_role', type: 'text', nullable: true })
  escalatedToRole!: string | null;

  /** The person the latest escalation went to, resolved when it fired (null: nobody could take it). */
  @Column({ name: 'escalated_to_user_id', type: 'uuid', nullable: true })
  escalatedToUserId!: string | null;
}
