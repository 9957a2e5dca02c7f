import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AGENCY_NAMES, LIFE_EVENTS } from '@simpul/contracts';
import { Roles } from '@simpul/auth';

@ApiTags('life-events')
@ApiBearerAuth()
@Controller('v1/life-events')
export class LifeEventsController {
  @Get()
  @Roles('citizen', 'portal', 'operator', 'officer', 'supervisor')
  catalog() {
    return {
      items: Object.values(LIFE_EVENTS).map((def) => ({
        type: def.type,
        version: def.version,
        title: def.title,
        steps: def.steps.map((s) => ({
          id: s.id,
          title: s.title,
          agency: s.agency,
          agencyName: AGENCY_NAMES[s.agency],
          dependsOn: s.dependsOn,
          officerDecision: Boolean(s.officerDecision),
          slaHours: s.slaHours,
        })),
      })),
    };
  }
}
