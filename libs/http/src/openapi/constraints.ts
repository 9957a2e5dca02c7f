import type { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { SAFE_TEXT_PATTERN } from '@simpul/contracts';

/** A JSON Schema fragment (OpenAPI 3.0 flavour). */
export type Schema = Record<string, unknown>;

export const UUID_V4_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';
const NIK_LIKE = '^[0-9]{16}$';

/**
 * The constraints class-validator enforces on each property of a DTO, as JSON Schema: the server's rules are the
 * document's, read from the same decorators, so the two cannot drift. Rules JSON Schema cannot say (a NIK's encoded
 * birth date, a date not in the future) keep their syntax here and their meaning in the description.
 */
export function classConstraints(cls: Type<unknown>): Record<string, Schema> {
  const out: Record<string, Schema> = {};
  for (const m of getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false)) {
    const s = (out[m.propertyName] ??= {});
    const c = (m.constraints ?? []) as unknown[];
    const target = m.each ? ((s.items as Schema | undefined) ?? (s.items = {})) as Schema : s;
    switch (m.name) {
      case 'isIn': Object.assign(target, { enum: c[0] }); break;
      case 'matches': Object.assign(target, { type: 'string', pattern: (c[0] as RegExp).source }); break;
      case 'isString': target.type = 'string'; break;
      case 'isInt': target.type = 'integer'; break;
      case 'min': target.minimum = c[0]; break;
      case 'max': target.maximum = c[0]; break;
      case 'minLength': target.minLength = c[0]; break;
      case 'maxLength': target.maxLength = c[0]; break;
      case 'isLength': Object.assign(target, { minLength: c[0], ...(c[1] !== undefined ? { maxLength: c[1] } : {}) }); break;
      case 'isUuid': Object.assign(target, { type: 'string', format: 'uuid', pattern: UUID_V4_PATTERN }); break;
      case 'isIso8601': Object.assign(target, { type: 'string', format: 'date-time' }); break;
      case 'isBooleanString': Object.assign(target, { type: 'string', enum: ['true', 'false', '1', '0'] }); break;
      case 'isObject': target.type = 'object'; break;
      case 'isOptional': s.nullable = true; break; // class-validator skips null as it skips absence
      case 'isArray': s.type = 'array'; break;
      case 'arrayMinSize': s.minItems = c[0]; break;
      case 'arrayMaxSize': s.maxItems = c[0]; break;
      case 'isNik': case 'isKk': case 'isWomansNik': Object.assign(target, { type: 'string', pattern: NIK_LIKE }); break;
      default: break;
    }
  }
  return out;
}

/** Every string the server accepts meets the one text rule; a string without a stricter rule says so. */
export function withTextRule(schema: Schema): Schema {
  if (schema.type === 'string' && !schema.enum && !schema.pattern && !schema.format) schema.pattern = SAFE_TEXT_PATTERN;
  return schema;
}
