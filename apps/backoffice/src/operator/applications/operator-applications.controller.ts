import { Body, Controller, ForbiddenException, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, StepUp, type Principal } from '@simpul/auth';
import { IntParamPipe, UuidV4Pipe, fieldProblem } from '@simpul/http';
import { ReasonDto, UnmaskQueryDto } from '../dto/operator-action.dto';
import { SearchApplicationsQueryDto } from '../dto/search-applications.dto';
import { ApplicationActionsService } from './application-actions.service';
import { OperatorApplicationsService } from './operator-applications.service';

const STEP_ID = /^[a-z0-9-]{1,64}$/;

/** Operators find any application, read it, and act on it; auditors read (masked only). */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/applications')
export class OperatorApplicationsController {
  constructor(
    private readonly reads: OperatorApplicationsService,
    private readonly actions: ApplicationActionsService,
  ) {}

  @Get()
  @Roles('operator', 'auditor')
  search(@Query() query: SearchApplicationsQueryDto) {
    return this.reads.search(query);
  }

  @Get(':id')
  @Roles('operator', 'auditor')
  @StepUp('unmask-personal-data', unmaskRequested)
  detail(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Query() query: UnmaskQueryDto) {
    return this.reads.detail(principal, id, unmaskReasonOf(principal, query));
  }

  @Get(':id/history')
  @Roles('operator', 'auditor')
  @StepUp('unmask-personal-data', unmaskRequested)
  history(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Query() query: UnmaskQueryDto) {
    return this.reads.workflowHistory(principal, id, unmaskReasonOf(principal, query));
  }

  @Post(':id/steps/:stepId/retry')
  @HttpCode(202)
  @Roles('operator')
  retry(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Param('stepId') stepId: string, @Body() dto: ReasonDto) {
    if (!STEP_ID.test(stepId)) throw fieldProblem('stepId', 'stepId must be a step id of the life event (a-z, 0-9, -)');
    return this.actions.retryStep(principal, id, stepId, dto.reason);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @Roles('operator')
  cancel(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Body() dto: ReasonDto) {
    return this.actions.cancel(principal, id, dto.reason);
  }

  @Post(':id/notifications/:seq/resend')
  @HttpCode(202)
  @Roles('operator')
  resend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidV4Pipe) id: string,
    @Param('seq', IntParamPipe) seq: number,
    @Body() dto: ReasonDto,
  ) {
    return this.actions.resendNotification(principal, id, seq, dto.reason);
  }
}

/** Only operators may unmask; an auditor reads what everyone reads by default. */
function unmaskReasonOf(principal: Principal, query: UnmaskQueryDto): string | undefined {
  if (query.unmaskReason && principal.role !== 'operator') throw new ForbiddenException('only an operator may unmask personal data');
  return query.unmaskReason;
}

/** An operator's read that asks for unmasking is the high-risk action (step-up); a masked read is not, and anyone else is refused below. */
function unmaskRequested(req: { query?: Record<string, unknown> }, principal: Principal): boolean {
  return principal.role === 'operator' && typeof req.query?.unmaskReason === 'string' && req.query.unmaskReason !== '';
}
