import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AGENCY_NAMES, currentDefinitions, requiredFields } from '@simpul/contracts';
import { Roles } from '@simpul/auth';

@ApiTags('life-events')
@ApiBearerAuth()
@Controller('v1/life-events')
export class LifeEventsController {
  /** The catalog: what each life event does, what it needs, and the JSON Schema its data section is validated with. */
  @Get()
  @Roles('citizen', 'portal', 'operator', 'officer', 'supervisor')
  catalog() {
    return {
      items: currentDefinitions().map((def) => ({
        type: def.type,
        version: def.version,
        title: def.title,
        reportingDeadlineDays: def.reportingDeadline?.days ?? null,
        requiredFields: requiredFields(def),
        /** Steps that share the citizen's data only with consent: the keys of the intake's `consents`. */
        consentSteps: def.steps.filter((s) => s.consentRequired).map((s) => s.id),
        dataSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', ...def.dataSchema },
        steps: def.steps.map((s) => ({
          id: s.id,
          title: s.title,
          agency: s.agency,
          agencyName: AGENCY_NAMES[s.agency],
          dependsOn: s.dependsOn,
          officerDecision: Boolean(s.officerDecision),
          onlyWhen: s.when ?? null,
          consentRequired: Boolean(s.consentRequired),
          compensated: Boolean(s.compensation),
          slaHours: s.slaHours,
        })),
      })),
    };
  }
}
