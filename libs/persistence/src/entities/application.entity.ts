import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { ApplicationStatus, LifeEventType } from '@simpul/contracts';

@Entity({ name: 'applications' })
@Index('applications_client_idempotency_key', ['clientId', 'idempotencyKey'], { unique: true })
@Index('applications_applicant_created', ['applicantRef', 'createdAt'])
export class ApplicationEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'life_event', type: 'text' }) lifeEvent!: LifeEventType;
  @Column({ name: 'definition_version', type: 'int' }) definitionVersion!: number;
  @Column({ type: 'text' }) status!: ApplicationStatus;
  /** Keyed hash of the applicant's NIK: finds a citizen's applications without a NIK index. */
  @Column({ name: 'applicant_ref', type: 'text' }) applicantRef!: string;
  @Column({ type: 'text' }) channel!: string;
  /** Who submitted (token subject of the portal or citizen) and their idempotency key. */
  @Column({ name: 'client_id', type: 'text' }) clientId!: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey!: string;
  @Column({ name: 'request_hash', type: 'text' }) requestHash!: string;
  @Column({ name: 'correlation_id', type: 'text' }) correlationId!: string;
  @Column({ type: 'jsonb' }) data!: Record<string, unknown>;
  @Column({ name: 'status_reason', type: 'jsonb', nullable: true }) statusReason!: { code: string; id: string; en: string } | null;
  @Column({ name: 'status_seq', type: 'int', default: 0 }) statusSeq!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
