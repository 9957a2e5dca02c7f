import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { catchError, from, switchMap, throwError, type Observable } from 'rxjs';
import { AGENCY_IDS } from '@simpul/contracts';
import { FaultInjector } from './faults';

const AGENCY_PATH = new RegExp(`^/(${AGENCY_IDS.join('|')})/`);

/** Applies the injected faults (latency, errors) to every agency API call before its handler runs. */
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  constructor(private readonly faults: FaultInjector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const agency = AGENCY_PATH.exec(req.path)?.[1];
    if (!agency) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    return from(this.faults.apply(agency, req.path, req.header('x-correlation-id') ?? '')).pipe(
      // A throttled answer says when to come back, as agencies' gateways do.
      catchError((err: { getStatus?: () => number }) => (err.getStatus?.() === 429 && res.setHeader('Retry-After', '1'), throwError(() => err))),
      switchMap(() => next.handle()),
    );
  }
}
