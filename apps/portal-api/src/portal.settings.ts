/** The portal's slice of configuration, provided once from the validated config. */
export class PortalSettings {
  constructor(
    readonly applicantPepper: string,
    /** Length of an SLA hour in seconds (3600; compressed in tests and demos): expected dates use the workflow's clock. */
    readonly slaSecondsPerHour: number = 3600,
    /** For the one LISTEN connection that wakes live streams and the webhook worker. */
    readonly databaseUrl: string = '',
  ) {}

  get slaHourMs(): number {
    return this.slaSecondsPerHour * 1000;
  }
}
