import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A measure (foranstaltning / indsats) with its place on the intervention ladder and its cost. */
@Entity({ name: 'measures' })
export class MeasureEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_measures_case_id')
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_measures_case' })
  case?: CaseEntity;

  @Column({ name: 'decision_id', type: 'uuid' })
  decisionId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'ladder_step', type: 'int' })
  ladderStep!: number;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'monthly_cost', type: 'numeric', precision: 12, scale: 2 })
  monthlyCost!: string;

  @Column({ name: 'start_date', type: 'timestamptz' })
  startDate!: Date;

  @Column({ name: 'planned_end', type: 'timestamptz' })
  plannedEnd!: Date;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason!: string | null;
}
