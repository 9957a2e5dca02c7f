import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgencyId, StepStatus } from '@simpul/contracts';

/** Read model: one row per step of an application, written only by the status projector. */
@Entity({ name: 'application_steps' })
export class ApplicationStepEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @PrimaryColumn({ name: 'step_id', type: 'text' }) stepId!: string;
  @Column({ type: 'text' }) agency!: AgencyId;
  @Column({ type: 'text' }) status!: StepStatus;
  @Column({ name: 'definition_version', type: 'int' }) definitionVersion!: number;
  @Column({ type: 'text', nullable: true }) reference!: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) outputs!: Record<string, string>;
  @Column({ name: 'message_id', type: 'text' }) messageId!: string;
  @Column({ name: 'message_en', type: 'text' }) messageEn!: string;
  @Column({ name: 'rule_version', type: 'text', nullable: true }) ruleVersion!: string | null;
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true }) escalatedAt!: Date | null;
  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true }) slaDueAt!: Date | null;
  @Column({ type: 'int' }) seq!: number;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
