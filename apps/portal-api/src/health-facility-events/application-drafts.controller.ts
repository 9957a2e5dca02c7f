import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, StepUpRequiredException, type Principal } from '@simpul/auth';
import { PageQueryDto, UuidV4Pipe } from '@simpul/http';
import { IDEMPOTENCY_KEY, idempotencyKeyOf } from '../common/idempotency-key';
import { DraftsService } from './drafts.service';
import { ConfirmDraftDto } from './dto/confirm-draft.dto';

/** The family's side of a facility's notification: their drafts, one draft, and confirming it. */
@ApiTags('application-drafts')
@ApiBearerAuth()
@Controller('v1/application-drafts')
export class ApplicationDraftsController {
  constructor(private readonly drafts: DraftsService) {}

  @Get()
  @Roles('citizen')
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageQueryDto) {
    return this.drafts.list(principal, page.limit ?? 20, page.offset ?? 0);
  }

  @Get(':id')
  @Roles('citizen')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string) {
    return this.drafts.get(principal, id);
  }

  /** Submits the draft, completed and corrected, as the application with the draft's id. */
  @Post(':id/confirmation')
  @HttpCode(202)
  @Roles('citizen')
  @ApiHeader({ name: 'Idempotency-Key', required: true, description: '8-128 characters [A-Za-z0-9._:-]; the same key returns the same application', schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source } })
  @ApiResponse({ status: 202, description: 'submitted as the application with the draft id' })
  @ApiResponse({ status: 410, description: 'the draft expired', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } })
  async confirm(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidV4Pipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() dto: ConfirmDraftDto,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.drafts.confirm(principal, id, idempotencyKeyOf(idempotencyKey), dto).catch((err: unknown) => {
      if (err instanceof StepUpRequiredException) res.setHeader('WWW-Authenticate', StepUpRequiredException.challenge(err.required));
      throw err;
    });
    res.setHeader('Location', result.body.statusUrl);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result.body;
  }
}
