import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, StepUp, type Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { ApplicationsService } from './applications.service';
import { ListApplicationsQueryDto, SubmitApplicationDto } from './dto/submit-application.dto';
import { correlationIdFrom } from '../common/correlation-id';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Post()
  @HttpCode(202)
  @Roles('citizen', 'portal')
  @StepUp('file-death', (req) => (req.body as { lifeEvent?: unknown } | undefined)?.lifeEvent === 'DEATH')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8-128 characters [A-Za-z0-9._:-]; the same key and body return the same application' })
  async submit(
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Body() dto: SubmitApplicationDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProblemException({
        type: 'https://simpul.go.id/problems/validation',
        title: 'Validation failed',
        status: 422,
        errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key header is required: 8-128 characters of A-Z a-z 0-9 . _ : -' }],
      });
    }
    const result = await this.applications.submit(principal, idempotencyKey, dto, correlationIdFrom(correlationHeader));
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
  @Roles('citizen', 'portal')
  byReference(@CurrentPrincipal() principal: Principal, @Param('key') key: string) {
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new ProblemException({
        type: 'https://simpul.go.id/problems/validation',
        title: 'Validation failed',
        status: 422,
        errors: [{ field: 'key', message: 'key must be the Idempotency-Key of a submission: 8-128 characters of A-Z a-z 0-9 . _ : -' }],
      });
    }
    return this.applications.getByReference(key, principal);
  }

  @Get(':id')
  @Roles('citizen', 'portal', 'operator')
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string) {
    return this.applications.get(id, principal);
  }

  /** Withdraws the citizen's consent for one data-sharing step (the owning citizen, or the portal that filed). */
  @Delete(':id/consents/:stepId')
  @Roles('citizen', 'portal')
  @StepUp('revoke-consent')
  revokeConsent(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe({ version: '4' })) id: string, @Param('stepId') stepId: string) {
    return this.applications.revokeConsent(principal, id, stepId);
  }
}
