import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A family (household) with its one contact person; the family workflow is the single writer. */
@Entity({ name: 'families' })
export class FamilyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_families_coordinator_id')
  @Column({ name: 'coordinator_id', type: 'text', nullable: true })
  coordinatorId!: string | null;

  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'deputy_id', type: 'text', nullable: true })
  deputyId!: string | null;

  /** Personal data: where the family is told about changes (e.g. a new contact person). */
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @Column({ name: 'coordinator_changes', type: 'int', default: 0 })
  coordinatorChanges!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
