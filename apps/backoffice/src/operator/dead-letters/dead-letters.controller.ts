import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { IntParamPipe } from '@simpul/http';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { DeadLettersQueryDto, ReasonDto, ReplayDeadLettersDto } from '../dto/operator-action.dto';
import { DeadLettersService } from './dead-letters.service';

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @Roles('operator', 'auditor')
  list(@Query() q: DeadLettersQueryDto) {
    return this.deadLetters.list({ status: q.status, originTopic: q.originTopic, key: q.key }, q.limit ?? 50, q.offset ?? 0);
  }

  @Get(':id')
  @Roles('operator', 'auditor')
  one(@Param('id', IntParamPipe) id: number) {
    return this.deadLetters.one(id);
  }

  @Post('replay')
  @HttpCode(200)
  @Roles('operator')
  replayMany(@CurrentPrincipal() principal: Principal, @Body() dto: ReplayDeadLettersDto) {
    return this.deadLetters.replayMany(principal, dto.ids, dto.reason);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @Roles('operator')
  replay(@CurrentPrincipal() principal: Principal, @Param('id', IntParamPipe) id: number, @Body() dto: ReasonDto) {
    return this.deadLetters.replay(principal, id, dto.reason);
  }

  @Post(':id/discard')
  @HttpCode(200)
  @Roles('operator')
  discard(@CurrentPrincipal() principal: Principal, @Param('id', IntParamPipe) id: number, @Body() dto: ReasonDto) {
    return this.deadLetters.discard(principal, id, dto.reason);
  }
}
