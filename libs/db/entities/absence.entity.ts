import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A period a person is away (holiday, sick leave, course) and who stands in for them: while it
 * lasts, their tasks and escalations go to the stand-in, and the stand-in reaches their cases.
 */
@Entity({ name: 'absences' })
@Check('CHK_absences_period', `ends_at > starts_at`)
@Check('CHK_absences_stand_in', `stand_in_id <> user_id`)
@Index('IDX_absences_user_ends', ['userId', 'endsAt'])
@Index('IDX_absences_stand_in_ends', ['standInId', 'endsAt'])
export class AbsenceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_absences_user' })
  user?: Relation<UserEntity>;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt!: Date;

  /** Exclusive: the person is back at this instant. */
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt!: Date;

  @Column({ name: 'stand_in_id', type: 'uuid' })
  standInId!: string;

  @ManyToOne(() => UserEntity, { nullable: false })
  @JoinColumn({ name: 'stand_in_id', foreignKeyConstraintName: 'FK_absences_stand_in' })
  standIn?: Relation<UserEntity>;

  /** Optional and short ("ferie"); never a diagnosis. */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
