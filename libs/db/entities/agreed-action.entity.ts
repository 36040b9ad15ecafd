import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { FollowUpEntity } from './follow-up.entity';

/** An action agreed at a follow-up meeting (aftalt handling), owned by a person or a partner department. */
@Entity({ name: 'agreed_actions' })
export class AgreedActionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_agreed_actions_follow_up_id')
  @Column({ name: 'follow_up_id', type: 'uuid' })
  followUpId!: string;

  @ManyToOne(() => FollowUpEntity, { nullable: false })
  @JoinColumn({ name: 'follow_up_id', foreignKeyConstraintName: 'FK_agreed_actions_follow_up' })
  followUp?: FollowUpEntity;

  @Column({ name: 'measure_id', type: 'uuid' })
  measureId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  owner!: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;

  @Column({ name: 'done_by', type: 'text', nullable: true })
  doneBy!: string | null;
}
