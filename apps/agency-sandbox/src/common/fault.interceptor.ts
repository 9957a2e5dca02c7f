import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, switchMap, type Observable } from 'rxjs';
import { FaultInjector } from './faults';

const AGENCY_PATH = /^\/(civil-registry|bpjs-health|social-aid|bpjs-employment|education)\//;

/** Applies the injected faults (latency, errors) to every agency API call before its handler runs. */
@Injectable()
export class FaultInterceptor implements NestInterceptor {
  constructor(private readonly faults: FaultInjector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    const agency = AGENCY_PATH.exec(req.path)?.[1];
    if (!agency) return next.handle();
    return from(this.faults.apply(agency, req.path, req.header('x-correlation-id') ?? '')).pipe(switchMap(() => next.handle()));
  }
}
