import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC } from '@simpul/auth';
import { AGENCY_IDS } from '@simpul/contracts';
import { sameSecret } from './same-secret';

const AGENCY_PATH = new RegExp(`^/(${AGENCY_IDS.join('|')})/`);

/** Push-contract agency APIs take the caller's API key; the admin API (faults, records) takes the admin key. */
@Injectable()
export class SandboxKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: { adminKey: string; apiKeys: Record<string, string | undefined> },
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<Request>();
    const agency = AGENCY_PATH.exec(req.path)?.[1];
    const isAgencyApi = agency !== undefined;
    // Agencies kept as they are authenticate their callers in their own style (their controllers); only those on
    // Simpul's push contract (`/<agency>/api/v1/`) take the X-Api-Key.
    if (isAgencyApi && !/^\/[a-z-]+\/api\/v1\//.test(req.path)) return true;
    const ok = isAgencyApi ? sameSecret(req.header('x-api-key'), this.keys.apiKeys[agency] ?? '') : sameSecret(req.header('x-admin-key'), this.keys.adminKey);
    if (!ok) throw new UnauthorizedException(isAgencyApi ? 'a valid X-Api-Key is required' : 'a valid X-Admin-Key is required');
    return true;
  }
}
