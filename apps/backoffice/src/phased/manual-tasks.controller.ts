import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ManualOutcomeDto, ManualTaskQueryDto } from './manual-task.dto';
import { ManualTasksService } from './manual-tasks.service';

@ApiTags('manual-tasks')
@ApiBearerAuth()
@Controller('v1/manual-tasks')
export class ManualTasksController {
  constructor(private readonly tasks: ManualTasksService) {}

  @Get()
  @Roles('officer', 'supervisor')
  list(@CurrentPrincipal() principal: Principal, @Query() q: ManualTaskQueryDto) {
    return this.tasks.list(principal, q);
  }

  @Get(':id')
  @Roles('officer', 'supervisor')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.get(principal, id);
  }

  @Post(':id/outcome')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  record(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: ManualOutcomeDto) {
    return this.tasks.record(principal, id, dto);
  }
}
