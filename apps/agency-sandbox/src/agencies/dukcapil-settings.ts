/** Who may call the civil-registry stand-in: its one partner user and that user's allowed caller addresses. */
export class DukcapilSettings {
  private readonly configured: string[];

  constructor(
    readonly credentials: { userId: string; password: string },
    public allowedIps: string[],
  ) {
    this.configured = [...allowedIps];
  }

  /** Tests and demos change the allow-list at run time (admin API); `undefined` restores the configured one. */
  allow(ips: string[] | undefined): string[] {
    this.allowedIps = ips ? [...ips] : [...this.configured];
    return this.allowedIps;
  }
}
