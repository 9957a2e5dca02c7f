import { Column, Entity, PrimaryColumn } from 'typeorm';

export const CONNECTION_MODES = ['API', 'MANUAL', 'UNAVAILABLE'] as const;
export type ConnectionMode = (typeof CONNECTION_MODES)[number];

/** How an API row reaches the agency: the agency itself, or through the SPLP gateway (docs/phased-integration.md). */
export const CONNECTION_PROFILES = ['DIRECT', 'GATEWAY'] as const;
export type ConnectionProfile = (typeof CONNECTION_PROFILES)[number];

/** One row of the connection registry: how an agency's office in a region is reached (migrations PhasedIntegration, ConnectionProfile). */
@Entity({ name: 'agency_connections' })
export class AgencyConnectionEntity {
  @PrimaryColumn({ type: 'text' }) agency!: string;
  /** A province's 2 digits or a regency's 4; '' for the agency as a whole (a national agency's one row). */
  @PrimaryColumn({ name: 'region_code', type: 'text' }) regionCode!: string;
  @Column({ type: 'text' }) mode!: ConnectionMode;
  /** API rows only: DIRECT or GATEWAY; null means as the agency worker is configured (SIMPUL_AGENCY_<ID>_MODE). */
  @Column({ type: 'text', nullable: true }) profile!: ConnectionProfile | null;
  @Column({ name: 'changed_at', type: 'timestamptz' }) changedAt!: Date;
  @Column({ name: 'changed_by', type: 'text' }) changedBy!: string;
}
