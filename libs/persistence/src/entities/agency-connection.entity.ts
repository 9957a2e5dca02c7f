import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONNECTION_MODES = ['API', 'MANUAL', 'UNAVAILABLE'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/** One row of the connection registry: how an agency's office in a region is reached (migration PhasedIntegration). */
@Entity({ name: 'agency_connections' })
export class AgencyConnectionEntity {
  @PrimaryColumn({ type: 'text' }) agency!: string;
  /** A province's 2 digits or a regency's 4; '' for the agency as a whole (a national agency's one row). */
  @PrimaryColumn({ name: 'region_code', type: 'text' }) regionCode!: string;
  @Column({ type: 'text' }) mode!: ConnectionMode;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
}
