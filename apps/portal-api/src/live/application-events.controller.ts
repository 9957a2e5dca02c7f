import { Controller, Get, Headers, Param, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { FINAL_APPLICATION_STATUSES } from '@simpul/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException, UuidV4Pipe } from '@simpul/http';
import { JsonLogger, type ContextLogger } from '@simpul/observability';
import { ApplicationsRepository } from '../applications/applications.repository';
import { ApplicationsService } from '../applications/applications.service';
import { definitionOf } from '../applications/application-view';
import { ApplicationEventsHub } from './application-events.hub';
import { streamApplicationEvents } from './event-stream';

/** A sequence number; empty means from the start (0). */
const SEQ = /^\d{0,9}$/;
const LAST_EVENT_PATTERN = SEQ.source;

@ApiTags('applications')
@ApiBearerAuth()
@Controller('v1/applications')
export class ApplicationEventsController {
  private readonly log: ContextLogger;

  constructor(
    private readonly applications: ApplicationsService,
    private readonly repo: ApplicationsRepository,
    private readonly hub: ApplicationEventsHub,
    logger: JsonLogger,
  ) {
    this.log = logger.child('application-events');
  }

  /**
   * Server-Sent Events: every status change of the application, resumable. Reading rights are those of
   * GET /v1/applications/:id (a counter officer: the applications they filed). 204 when the application is final and the client has seen its last event.
   */
  @Get(':id/events')
  @Roles('citizen', 'portal', 'operator', 'counter-officer')
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'the id (sequence number) of the last event received; the stream resumes after it', schema: { type: 'string', pattern: LAST_EVENT_PATTERN } })
  @ApiQuery({ name: 'lastEventId', required: false, description: 'the same, for clients that cannot set headers', schema: { type: 'string', pattern: LAST_EVENT_PATTERN } })
  @ApiOkResponse({ description: 'the event stream (text/event-stream), until the application is final' })
  @ApiNoContentResponse({ description: 'the application is final and the client has seen its last event: do not reconnect' })
  async events(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidV4Pipe) id: string,
    @Headers('last-event-id') lastEventHeader: string | undefined,
    @Query('lastEventId') lastEventQuery: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const raw = lastEventHeader ?? lastEventQuery ?? '';
    if (!SEQ.test(raw)) {
      throw new ProblemException({
        type: 'https://simpul.go.id/problems/validation',
        title: 'Validation failed',
        status: 422,
        errors: [{ field: 'Last-Event-ID', message: 'Last-Event-ID must be the id of an event of this stream (a whole number)' }],
      });
    }
    const lastSeq = Number(raw || '0');
    const application = await this.applications.findScoped(id, principal);
    if (FINAL_APPLICATION_STATUSES.includes(application.status) && lastSeq >= application.statusSeq) {
      // Nothing more will come: 204 tells an EventSource not to reconnect.
      res.status(204).end();
      return;
    }
    await streamApplicationEvents({ req, res, applicationId: id, lastSeq, def: definitionOf(application), repo: this.repo, hub: this.hub, log: this.log });
  }
}
