import type { Principal } from './principal';

/**
 * The principals of tokens already verified, so a caller's next requests skip the signature check (on intake it was
 * the largest single cost of a request). Keyed by the whole token, signature included, so only the exact token that
 * was verified is served. An entry lives until the token expires or for `maxAgeMs`, whichever comes first: a retired
 * signing key stops verifying at most `maxAgeMs` later than it would without the cache (AuthModule sets it to the
 * key set's own cache time, SIMPUL_JWKS_CACHE_SECONDS, capped at a minute). At most `maxEntries` tokens are kept; the
 * oldest goes first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, { principal: Principal; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** A copy of the principal (callers may annotate their request's), or undefined when absent or expired. */
  get(token: string): Principal | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= this.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return { ...entry.principal };
  }

  /** `expiresAt`: the token's exp, in milliseconds since the epoch. */
  set(token: string, principal: Principal, expiresAt: number): void {
    const until = Math.min(expiresAt, this.now() + this.maxAgeMs);
    if (until <= this.now()) return;
    this.entries.delete(token);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(token, { principal: { ...principal }, until });
  }

  get size(): number {
    return this.entries.size;
  }
}
