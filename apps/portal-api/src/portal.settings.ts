import type { KeyRing } from '@simpul/crypto';

/** The portal's slice of configuration, provided once from the validated config. */
export class PortalSettings {
  constructor(
    readonly applicantPepper: string,
    /** Length of an SLA hour in seconds (3600; compressed in tests and demos): expected dates use the workflow's clock. */
    readonly slaSecondsPerHour: number = 3600,
    /** For the one LISTEN connection that wakes live streams and the webhook worker. */
    readonly databaseUrl: string = '',
    /** Seals the personal data in the submitted message (Kafka and the outbox hold ciphertext; see docs/security.md). */
    readonly dataKeys?: KeyRing,
  ) {}

  get slaHourMs(): number {
    return this.slaSecondsPerHour * 1000;
  }
}
