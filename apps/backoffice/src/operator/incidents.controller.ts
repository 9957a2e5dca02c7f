import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { UuidV4Pipe, PageQueryDto } from '@simpul/http';
import { INCIDENT_STATUSES, type IncidentStatus } from '@simpul/persistence';
import { ResolveIncidentDto } from './dto/resolve-incident.dto';
import { IncidentsService } from './incidents.service';

export class IncidentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: INCIDENT_STATUSES })
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;
}

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @Roles('operator')
  list(@Query() q: IncidentsQueryDto) {
    return this.incidents.list(q.status, q.limit ?? 50, q.offset ?? 0);
  }

  @Post('applications/:id/incidents/:incidentId/resolve')
  @HttpCode(200)
  @Roles('operator')
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', UuidV4Pipe) id: string,
    @Param('incidentId') incidentId: string,
    @Body() dto: ResolveIncidentDto,
  ) {
    return this.incidents.resolve(principal, id, incidentId, dto.note);
  }
}
