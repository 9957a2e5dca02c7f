import { Body, Controller, Headers, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { FHIR_JSON, ProblemException } from '@simpul/http';
import { correlationIdFrom } from '../common/correlation-id';
import { DraftsService } from './drafts.service';

const DRAFT_ACK = {
  type: 'object',
  required: ['id', 'lifeEvent', 'status', 'facilityId', 'expiresAt', 'draftUrl'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    lifeEvent: { enum: ['BIRTH', 'DEATH'] },
    status: { enum: ['DRAFT', 'CONFIRMED', 'EXPIRED'] },
    facilityId: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    draftUrl: { type: 'string' },
  },
};

/**
 * Health facilities (and the national health platform on their behalf) notify births and deaths in FHIR R4; each
 * notification opens a draft for the family to confirm (docs/health-facility-events.md). FHIR clients get errors as
 * OperationOutcome (libs/http renders problems so for requests in FHIR's media type).
 */
@ApiTags('health-facility-events')
@ApiBearerAuth()
@Controller('v1/health-facility-events')
export class HealthFacilityEventsController {
  constructor(private readonly drafts: DraftsService) {}

  @Post()
  @Roles('facility')
  @ApiOperation({ summary: 'Notify a birth or a death recorded at the facility (FHIR R4 Bundle): opens a draft; 201 new, 200 the same Bundle again' })
  @ApiConsumes(FHIR_JSON)
  @ApiResponse({ status: 201, description: 'a new draft', schema: DRAFT_ACK })
  @ApiResponse({ status: 200, description: 'the draft this Bundle opened before', schema: DRAFT_ACK })
  @ApiBody({ description: 'a FHIR R4 Bundle (type message or collection) in the profile of docs/health-facility-events.md', schema: { type: 'object', required: ['resourceType'], properties: { resourceType: { enum: ['Bundle'] } } } })
  async notify(
    @CurrentPrincipal() principal: Principal,
    @Headers('x-correlation-id') correlationHeader: string | undefined,
    @Body() bundle: Record<string, unknown>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!req.is(FHIR_JSON)) throw new ProblemException({ title: 'Unsupported media type', status: 415, detail: `send the Bundle as ${FHIR_JSON}` });
    const { created, draft } = await this.drafts.notify(principal, bundle, correlationIdFrom(correlationHeader));
    res.status(created ? 201 : 200);
    res.setHeader('Location', `/v1/application-drafts/${draft.id}`);
    return { id: draft.id, lifeEvent: draft.lifeEvent, status: draft.status, facilityId: draft.facilityId, expiresAt: draft.expiresAt, draftUrl: `/v1/application-drafts/${draft.id}` };
  }
}
