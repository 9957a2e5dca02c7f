import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, StepUp, type Principal } from '@simpul/auth';
import { UuidV4Pipe } from '@simpul/http';
import { ApplicationsService } from './applications.service';
import { ListApplicationsQueryDto, SubmitApplicationDto } from './dto/submit-application.dto';
import { correlationIdFrom } from '../common/correlation-id';
import { IDEMPOTENCY_KEY, idempotencyKeyOf } from '../common/idempotency-key';

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @HttpCode(202)
  @Roles('citizen', 'portal', 'counter-officer')
  @StepUp('file-death', (req) => (req.body as { lifeEvent?: unknown } | undefined)?.lifeEvent === 'DEATH')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8-128 characters [A-Za-z0-9._:-]; the same key and body return the same application', schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source } })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Body() dto: SubmitApplicationDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.applications.submit(principal, idempotencyKeyOf(idempotencyKey), dto, correlationIdFrom(correlationHeader));
    res.setHeader('Location', result.body.statusUrl);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }

  @Get()
  @Roles('citizen', 'portal', 'operator')
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListApplicationsQueryDto) {
    return this.applications.list(principal, query);
  }

  /** The application the caller submitted with this Idempotency-Key (a portal's own transaction id). */
  @Get('by-reference/:key')
  @ApiParam({ name: 'key', schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source } })
  @Roles('citizen', 'portal')
  byReference(@CurrentPrincipal() principal: Principal, @Param('key') key: string) {
    return this.applications.getByReference(idempotencyKeyOf(key, 'key'), principal);
  }

  @Get(':id')
  @Roles('citizen', 'portal', 'operator', 'counter-officer')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string) {
    return this.applications.get(id, principal);
  }

  /** Withdraws the citizen's consent for one data-sharing step (the owning citizen, or the portal that filed). */
  @Delete(':id/consents/:stepId')
  @Roles('citizen', 'portal')
  @StepUp('revoke-consent')
  revokeConsent(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Param('stepId') stepId: string) {
    return this.applications.revokeConsent(principal, id, stepId);
  }
}
