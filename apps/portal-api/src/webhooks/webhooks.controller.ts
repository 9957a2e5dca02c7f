import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { UuidV4Pipe, fieldProblem } from '@simpul/http';
import { CreateWebhookDto, ListDeliveriesQueryDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';



function deliveryIdOf(raw: string): string {
  if (!/^\d{1,18}$/.test(raw)) {
    throw fieldProblem('deliveryId', 'deliveryId must be a delivery id');
  }
  return raw;
}

/**
 * A portal's webhooks: every status change of the applications it submitted, POSTed signed (HMAC-SHA256), retried
 * with backoff, in order per application; the delivery log and redelivery on request.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('portal')
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(principal, dto);
  }

  @Get()
  @Roles('portal')
  list(@CurrentPrincipal() principal: Principal) {
    return this.webhooks.list(principal);
  }

  @Get(':id')
  @Roles('portal')
  get(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string) {
    return this.webhooks.get(principal, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('portal')
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string): Promise<void> {
    await this.webhooks.remove(principal, id);
  }

  @Get(':id/deliveries')
  @Roles('portal')
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Query() query: ListDeliveriesQueryDto) {
    return this.webhooks.deliveries(principal, id, query);
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiParam({ name: 'deliveryId', schema: { type: 'string', pattern: '^[0-9]{1,18}$' } })
  @Roles('portal')
  delivery(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.delivery(principal, id, deliveryIdOf(deliveryId));
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @ApiParam({ name: 'deliveryId', schema: { type: 'string', pattern: '^[0-9]{1,18}$' } })
  @HttpCode(202)
  @Roles('portal')
  redeliver(@CurrentPrincipal() principal: Principal, @Param('id', UuidV4Pipe) id: string, @Param('deliveryId') deliveryId: string) {
    return this.webhooks.redeliver(principal, id, deliveryIdOf(deliveryId));
  }
}
