import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { DecisionDto, TaskQueryDto } from './dto/decision.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('officer', 'supervisor')
  list(@CurrentPrincipal() principal: Principal, @Query() query: TaskQueryDto) {
    return this.tasks.list(principal, query);
  }

  /** Open and overdue counts per agency: officers and supervisors see their agency, operators every agency. */
  @Get('counts')
  @Roles('officer', 'supervisor', 'operator')
  counts(@CurrentPrincipal() principal: Principal) {
    return this.tasks.counts(principal);
  }

  @Get(':id')
  @Roles('officer', 'supervisor')
  get(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.get(principal, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  claim(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.claim(principal, id);
  }

  @Post(':id/release')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  release(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tasks.release(principal, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  decide(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.tasks.decide(principal, id, dto);
  }
}
