import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { Roles } from '@simpul/auth';
import { OPERATOR_ACTIONS, OperatorActionsRepository, actionView, type OperatorAction } from './operator-actions.repository';
import { PageQueryDto } from '@simpul/http';

export class ActionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID('4')
  applicationId?: string;

  @ApiPropertyOptional({ enum: OPERATOR_ACTIONS })
  @IsOptional()
  @IsIn(OPERATOR_ACTIONS as unknown as string[])
  action?: OperatorAction;

}

/** The operator actions record, newest first: every action and unmasking, accepted or refused. */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/actions')
export class OperatorActionsController {
  constructor(private readonly actions: OperatorActionsRepository) {}

  @Get()
  @Roles('operator', 'auditor')
  async list(@Query() q: ActionsQueryDto) {
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const rows = await this.actions.list({ applicationId: q.applicationId, action: q.action }, limit, offset);
    return { items: rows.map(actionView), total: rows[0]?.total ?? 0, limit, offset };
  }
}
