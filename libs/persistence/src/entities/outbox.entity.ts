import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Transactional outbox: written in the same transaction as the state it announces, relayed to Kafka, then deleted. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ type: 'text' }) topic!: string;
  @Column({ name: 'message_key', type: 'text' }) messageKey!: string;
  @Column({ type: 'jsonb' }) value!: Record<string, unknown>;
  @Column({ type: 'jsonb', default: () => "'{}'" }) headers!: Record<string, string>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
