import { Controller, Get, type Type } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AGENCY_NAMES, REFERENCE_LABELS, currentDefinitions, requiredFields, type LifeEventDefinition, type LocalizedText } from '@simpul/contracts';
import { Roles, type Role } from '@simpul/auth';

/**
 * `GET /v1/life-events`, the catalog: what each life event does, what it needs, and the JSON Schema its data section
 * is validated with, all from the life events' modules (@simpul/contracts). portal-api serves it to portals and
 * citizens; the back office serves the same to its own pages (their life-event and agency lists, their labels), for
 * the roles that use them.
 */
export function lifeEventCatalogController(...roles: Role[]): Type<unknown> {
  @ApiTags('life-events')
  @ApiBearerAuth()
  @Controller('v1/life-events')
  class LifeEventCatalogController {
    @Get()
    @Roles(...roles)
    catalog() {
      return lifeEventCatalog();
    }
  }
  return LifeEventCatalogController;
}

export function lifeEventCatalog() {
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
      /** How a form presents each field (dotted path): label, option names, where its value may be pre-filled from. */
      fields: Object.entries(def.fields).map(([path, f]) => ({ path, ...f })),
      steps: def.steps.map((s) => ({
        id: s.id,
        title: s.title,
        agency: s.agency,
        agencyName: AGENCY_NAMES[s.agency],
        dependsOn: s.dependsOn,
        officerDecision: Boolean(s.officerDecision),
        onlyWhen: s.when ?? null,
        consentRequired: Boolean(s.consentRequired),
        /** What the agency receives for this step, named for a person: fields of the application, earlier steps' outputs. */
        inputs: s.inputs.map((source) => ({ source, label: inputLabel(def, source) })),
        compensated: Boolean(s.compensation),
        slaHours: s.slaHours,
      })),
    })),
  };
}

/** `application.child.name` by the field's label; `steps.register-birth.childNik` by the reference's name. */
function inputLabel(def: LifeEventDefinition, source: string): LocalizedText {
  const [from, ...rest] = source.split('.');
  const label = from === 'application' ? def.fields[rest.join('.')]?.label : REFERENCE_LABELS[rest[rest.length - 1]];
  return label ?? { id: rest[rest.length - 1], en: rest[rest.length - 1] };
}
