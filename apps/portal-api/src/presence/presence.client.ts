import { ProblemException, fieldProblem } from '@simpul/http';

export interface PresenceClientSettings {
  /** The identity provider (its issuer URL): it sends the citizen the code and checks it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/**
 * portal-api's side of a citizen's presence at a counter: asks the identity provider to send the citizen (found by
 * NIK) a one-time code, and checks the code the counter officer types in. See docs/counter-officers.md.
 */
export class PresenceClient {
  constructor(private readonly settings: PresenceClientSettings) {}

  async challenge(nik: string, officer: string, mallId: string): Promise<{ id: string; expiresAt: string }> {
    const res = await this.call('/presence/challenges', { subject: nik, requestedBy: officer, mallId });
    if (res.status === 404) throw fieldProblem('nik', 'the identity provider has no account for this NIK: the citizen must be registered to confirm presence');
    if (!res.ok) throw this.unavailable(res.status);
    return (await res.json()) as { id: string; expiresAt: string };
  }

  /** The NIK whose presence the code confirms; a problem naming `presence.code` when it does not. */
  async verify(checkId: string, code: string): Promise<{ subject: string; mallId: string; requestedBy: string }> {
    const res = await this.call(`/presence/challenges/${encodeURIComponent(checkId)}/verification`, { code });
    if (res.status === 422 || res.status === 400) {
      const body = (await res.json().catch(() => ({}))) as { message?: string };
      throw fieldProblem('presence.code', body.message ?? 'the presence code was not accepted');
    }
    if (!res.ok) throw this.unavailable(res.status);
    return (await res.json()) as { subject: string; mallId: string; requestedBy: string };
  }

  private async call(path: string, body: unknown): Promise<Response> {
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString('base64');
    try {
      return await fetch(`${this.settings.issuer}${path}`, {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw this.unavailable(0);
    }
  }

  private unavailable(status: number): ProblemException {
    return new ProblemException({ title: 'Service Unavailable', status: 503, detail: `the identity provider could not confirm presence now (${status || 'no answer'}); try again` });
  }
}
