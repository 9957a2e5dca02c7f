import { Body, Controller, Headers, HttpCode, Inject, Injectable, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { createHash } from 'node:crypto';
import { ApplicationRecordRepository } from '@simpul/persistence';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { CITIZEN_RESPONSE_UPDATE, SAFE_NOT_BLANK_PATTERN, workflowIdFor, type CitizenResponse } from '@simpul/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException, UuidV4Pipe } from '@simpul/http';
import { ApplicationsRepository } from '../applications/applications.repository';
import { ApplicationsService } from '../applications/applications.service';
import { PORTAL_TEMPORAL, type TemporalConnector } from '../common/portal-temporal';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export class CitizenResponseDto {
  @ApiProperty({ description: 'the answer to the officer (plain text)', minLength: 1, maxLength: 2000, pattern: SAFE_NOT_BLANK_PATTERN })
  @IsString()
  @Length(1, 2000)
  @Matches(/\S/, { message: 'message must not be blank' })
  message!: string;
}

@Injectable()
export class CitizenResponsesService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly repo: ApplicationsRepository,
    private readonly record: ApplicationRecordRepository,
    @Inject(PORTAL_TEMPORAL) private readonly temporal: TemporalConnector,
  ) {}

  /**
   * Delivers the answer to the step waiting for the citizen through a validated workflow update. The update id comes
   * from the Idempotency-Key (or the answer itself), so a repeat is answered like the first and delivered once.
   */
  async answer(principal: Principal, applicationId: string, dto: CitizenResponseDto, idempotencyKey: string | undefined) {
    const application = await this.applications.findScoped(applicationId, principal);
    const waiting = await this.repo.stepsWaitingForCitizen(application.id);
    const key = idempotencyKey ?? createHash('sha256').update(dto.message).digest('hex').slice(0, 32);
    const previous = await this.repo.answeredStep(`response:${application.id}:${key}`);
    if (previous) return { applicationId: application.id, stepId: previous, accepted: true };
    if (!waiting[0]) {
      throw new ProblemException({ type: 'https://simpul.go.id/problems/no-open-request', title: 'No open request for information', status: 409, detail: `application ${application.id} is not waiting for information from the citizen` });
    }
    const stepId = waiting[0];
    const updateId = `response:${application.id}:${key}`;
    const response: CitizenResponse = { stepId, message: dto.message, respondedBy: principal.role };
    try {
      const { client } = await this.temporal();
      await client.workflow.getHandle(workflowIdFor(application.id)).executeUpdate(CITIZEN_RESPONSE_UPDATE, { args: [response], updateId });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError || /already completed|not found/i.test(err instanceof Error ? err.message : '')) {
        throw new ProblemException({ type: 'https://simpul.go.id/problems/no-open-request', title: 'No open request for information', status: 409, detail: err instanceof WorkflowUpdateFailedError ? (err.cause?.message ?? err.message) : 'the application is no longer running' });
      }
      throw err;
    }
    // The officer reads the answer from here. The back office owns the claims: a claim taken before this answer has
    // ended (TasksRepository), so the task is back in the queue without portal-api touching the back office's table.
    await this.record.recordCitizenResponse({
      updateId,
      applicationId: application.id,
      stepId,
      message: dto.message,
      responderId: principal.role === 'citizen' ? 'citizen' : principal.subject,
      responderRole: principal.role,
    });
    return { applicationId: application.id, stepId, accepted: true };
  }
}

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class CitizenResponsesController {
  constructor(private readonly responses: CitizenResponsesService) {}

  /** The citizen (or the portal acting for them) answers an officer's open request for information. */
  @Post(':id/responses')
  @HttpCode(200)
  @Roles('citizen', 'portal')
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: '8-128 characters [A-Za-z0-9._:-]; a repeat with the same key is delivered once', schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source } })
  answer(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidV4Pipe) id: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() dto: CitizenResponseDto,
  ) {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ProblemException({
        type: 'https://simpul.go.id/problems/validation',
        title: 'Validation failed',
        status: 422,
        errors: [{ field: 'Idempotency-Key', message: 'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 . _ : -' }],
      });
    }
    return this.responses.answer(principal, id, dto, idempotencyKey);
  }
}
