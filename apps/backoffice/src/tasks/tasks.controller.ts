import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { DecisionDto } from './dto/decision.dto';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Roles('officer', 'supervisor')
  list(
    @CurrentPrincipal() principal: Principal,
    @Query('limit', new DefaultValuePipe(20), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    return this.tasks.list(principal, Math.min(Math.max(limit, 1), 100), Math.max(offset, 0));
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('officer', 'supervisor')
  decide(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.tasks.decide(principal, id, dto);
  }
}
