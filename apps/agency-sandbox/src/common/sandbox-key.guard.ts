import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { IS_PUBLIC } from '@simpul/auth';

function same(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Agency APIs take the caller's API key; the admin API (faults, metrics) takes the admin key. */
@Injectable()
export class SandboxKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: { apiKey: string; adminKey: string },
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const isAgencyApi = /^\/(civil-registry|bpjs-health|social-aid|bpjs-employment|education)\//.test(req.path);
    const ok = isAgencyApi ? same(req.header('x-api-key'), this.keys.apiKey) : same(req.header('x-admin-key'), this.keys.adminKey);
    if (!ok) throw new UnauthorizedException(isAgencyApi ? 'a valid X-Api-Key is required' : 'a valid X-Admin-Key is required');
    return true;
  }
}
