import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Read model of a child case (børnesag). The case workflow is the single writer. */
@Entity({ name: 'cases' })
// The case list's key orders (migration 1795700000100).
@Index('IDX_cases_team_deadline', ['teamId', 'nextDeadline', 'id'])
@Index('IDX_cases_coordinator_deadline', ['coordinatorId', 'nextDeadline', 'id'])
@Index('IDX_cases_deadline', ['nextDeadline', 'id'])
@Index('IDX_cases_open_coordinator', { synchronize: false })
export class CaseEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  phase!: string;

  @Column({ name: 'policy_version', type: 'text' })
  policyVersion!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Index('IDX_cases_family_id')
  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @Index('IDX_cases_coordinator_id')
  @Column({ name: 'coordinator_id', type: 'text', nullable: true })
  coordinatorId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'coordinator_changes', type: 'int', default: 0 })
  coordinatorChanges!: number;

  /** The earliest due time of the case's open tasks: what the supervisor's "late now" list sorts by. */
  @Column({ name: 'next_deadline', type: 'timestamptz', nullable: true })
  nextDeadline!: Date | null;

  @Column({ name: 'escalation_level', type: 'int', default: 0 })
  escalationLevel!: number;

  @Column({ name: 'triage_decision', type: 'text', nullable: true })
  triageDecision!: string | null;

  @Column({ name: 'closure_reason', type: 'text', nullable: true })
  closureReason!: string | null;

  /** Snapshot of goals, scores and measures at closure. */
  @Column({ type: 'jsonb', nullable: true })
  outcome!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
