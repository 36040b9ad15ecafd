import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';
import { MeasureEntity } from './measure.entity';

/** A follow-up meeting (opfølgningsmøde) of one measure. */
@Entity({ name: 'follow_ups' })
export class FollowUpEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_follow_ups_measure_id')
  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @ManyToOne(() => MeasureEntity, { nullable: false })
  @JoinColumn({ name: 'measure_id', foreignKeyConstraintName: 'FK_follow_ups_measure' })
  measure?: MeasureEntity;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_follow_ups_case' })
  case?: CaseEntity;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt!: Date;

  @Column({ name: 'on_time', type: 'boolean' })
  onTime!: boolean;

  @Column({ type: 'text' })
  decision!: string;

  @Column({ type: 'jsonb' })
  scores!: { goalId: string; score: number }[];

  @Column({ name: 'actions_not_done', type: 'jsonb' })
  actionsNotDone!: string[];

  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true })
  nextDueAt!: Date | null;
}
