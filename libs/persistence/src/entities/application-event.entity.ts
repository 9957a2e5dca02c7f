import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Every status event applied to the read model, once (event id is the primary key): the application's timeline. */
@Entity({ name: 'application_events' })
@Index('application_events_application_seq', ['applicationId', 'seq'])
export class ApplicationEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'text' }) eventId!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ type: 'int' }) seq!: number;
  @Column({ type: 'text' }) type!: string;
  @Column({ type: 'jsonb' }) payload!: Record<string, unknown>;
  @Column({ name: 'occurred_at', type: 'timestamptz' }) occurredAt!: Date;
}
