import { Body, Controller, Headers, HttpCode, Param, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@simpul/auth';
import { AgencyCallbackService } from './agency-callback.service';
import { AgencyCallbackDto } from './callback.dto';

/**
 * Asynchronous agencies answer here. Not a citizen or staff endpoint: the agency authenticates by signing each request
 * with its own secret (see docs/agency-integration.md), so it carries no bearer token.
 */
@ApiTags('agency callbacks')
@Public()
@Controller('v1/agency-callbacks')
export class AgencyCallbackController {
  constructor(private readonly callbacks: AgencyCallbackService) {}

  @Post(':agency')
  @HttpCode(200)
  @ApiHeader({ name: 'X-Timestamp', required: true, description: 'unix seconds; at most 5 minutes from now' })
  @ApiHeader({ name: 'X-Nonce', required: true, description: '16-128 characters, never reused' })
  @ApiHeader({ name: 'X-Signature', required: true, description: 'hex HMAC-SHA256(secret, `${timestamp}.${nonce}.${raw body}`)' })
  async receive(
    @Param('agency') agency: string,
    @Headers('x-timestamp') timestamp: string | undefined,
    @Headers('x-nonce') nonce: string | undefined,
    @Headers('x-signature') signature: string | undefined,
    @Req() req: RawBodyRequest<Request>,
    @Body() dto: AgencyCallbackDto,
  ) {
    const caller = await this.callbacks.authenticate(agency, { timestamp, nonce, signature }, req.rawBody);
    return { outcome: await this.callbacks.complete(caller, dto) };
  }
}
