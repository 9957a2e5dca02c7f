import { HttpException, Injectable, UnauthorizedException, ForbiddenException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimiter, type RateLimit } from './rate-limiter';
import { IS_PUBLIC } from './public.decorator';
import { ROLES_KEY, type Role } from './roles.decorator';
import { STEP_UP_KEY, StepUpRequiredException, stepUpNeeded, type AssuranceSettings, type StepUpRule } from './step-up';
import { InvalidTokenError, verifyToken, type TokenSettings, type VerificationKey } from './tokens';
import { VerifiedTokenCache } from './verified-tokens';
import type { Principal } from './principal';

export const AUTH_KEY = Symbol('AUTH_KEY');
export const AUTH_SETTINGS = Symbol('AUTH_SETTINGS');

export type AuthenticatedRequest = Request & { principal?: Principal };

/** Every route needs a verified bearer token and one of its declared roles, unless it is marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly key: VerificationKey,
    private readonly settings: TokenSettings,
    private readonly limits?: { citizen: RateLimit; client: RateLimit; unauthenticated: RateLimit },
    private readonly limiter = new RateLimiter(),
    private readonly verified = new VerifiedTokenCache(),
    private readonly assurance?: AssuranceSettings,
  ) {}

  /** 429 with Retry-After when the caller's bucket is empty. */
  private limit(context: ExecutionContext, key: string, limit: RateLimit | undefined): void {
    if (!limit) return;
    const verdict = this.limiter.take(key, limit);
    if (verdict.ok) return;
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(verdict.retryAfterSeconds));
    throw new HttpException('too many requests from this caller; retry later', 429);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    // Callers without a valid token are limited by address (guessing tokens, floods); the rest by who they are.
    const byAddress = () => this.limit(context, `ip:${request.ip ?? 'unknown'}`, this.limits?.unauthenticated);
    if (!match) {
      byAddress();
      throw new UnauthorizedException('a bearer token is required');
    }
    let principal = this.verified.get(match[1]);
    if (!principal) principal = await this.verify(match[1], byAddress);
    this.limit(context, `${principal.role}:${principal.subject}`, principal.role === 'citizen' ? this.limits?.citizen : this.limits?.client);
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!allowed.includes(principal.role)) throw new ForbiddenException(`role ${principal.role} may not use this endpoint`);
    const stepUp = stepUpNeeded(this.reflector.get<StepUpRule | undefined>(STEP_UP_KEY, context.getHandler()), principal, request, this.assurance);
    if (stepUp) {
      context.switchToHttp().getResponse<Response>().setHeader('WWW-Authenticate', StepUpRequiredException.challenge(this.assurance?.high ?? ''));
      throw stepUp;
    }
    request.principal = principal;
    return true;
  }

  /** Checks the signature and claims; a token that passes is remembered (VerifiedTokenCache) until it expires. */
  private async verify(token: string, byAddress: () => void): Promise<Principal> {
    try {
      const { principal, expiresAt } = await verifyToken(token, this.key, this.settings);
      this.verified.set(token, principal, expiresAt);
      return principal;
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        byAddress();
        throw new UnauthorizedException(`invalid token: ${err.message}`);
      }
      throw err;
    }
  }
}
