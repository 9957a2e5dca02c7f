import type { GatewayConnection } from '@simpul/config';

/**
 * The gateway's (SPLP's) own OAuth 2.0 client-credentials token, put in front of the agency's scheme. Cached until
 * shortly before it expires; forgotten when the gateway refuses it, so the next call fetches a fresh one.
 */
export class GatewayTokens {
  private cached: { token: string; until: number } | undefined;

  constructor(
    private readonly gateway: GatewayConnection,
    private readonly timeoutMs: number,
  ) {}

  get baseUrl(): string {
    return this.gateway.baseUrl;
  }

  async token(): Promise<string> {
    if (this.cached && this.cached.until > Date.now()) return this.cached.token;
    const response = await fetch(this.gateway.tokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${this.gateway.clientId}:${this.gateway.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number };
    if (!response.ok || !body.access_token) throw new Error(`gateway token endpoint answered ${response.status}`);
    this.cached = { token: body.access_token, until: Date.now() + Math.max(1, (body.expires_in ?? 60) - 5) * 1000 };
    return body.access_token;
  }

  forget(): void {
    this.cached = undefined;
  }
}
