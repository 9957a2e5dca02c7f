import { Body, Controller, DefaultValuePipe, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException } from '@simpul/http';
import { ResolveIncidentDto } from './dto/resolve-incident.dto';
import { IncidentsService } from './incidents.service';

@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get('incidents')
  @Roles('operator')
  list(
    @Query('status') status: string | undefined,
    @Query('limit', new DefaultValuePipe(50), ParseIntPipe) limit: number,
    @Query('offset', new DefaultValuePipe(0), ParseIntPipe) offset: number,
  ) {
    if (status !== undefined && status !== 'OPEN' && status !== 'RESOLVED') {
      throw new ProblemException({ title: 'Validation failed', status: 422, errors: [{ field: 'status', message: 'status must be OPEN or RESOLVED' }] });
    }
    return this.incidents.list(status, Math.min(Math.max(limit, 1), 200), Math.max(offset, 0));
  }

  @Post('applications/:id/incidents/:incidentId/resolve')
  @HttpCode(200)
  @Roles('operator')
  resolve(
    @CurrentPrincipal() principal: Principal,
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Param('incidentId') incidentId: string,
    @Body() dto: ResolveIncidentDto,
  ) {
    return this.incidents.resolve(principal, id, incidentId, dto.note);
  }
}
