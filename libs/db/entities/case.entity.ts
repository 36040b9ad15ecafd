import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Read model of a child case (børnesag). The case workflow is the single writer. */
@Entity({ name: 'cases' })
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

  @Column({ name: 'coordinator_id', type: 'text', nullable: true })
  coordinatorId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
