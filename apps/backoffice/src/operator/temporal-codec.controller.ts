import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { AuditTrail } from '@simpul/audit';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException, fieldProblem } from '@simpul/http';
import { SAFE_TEXT_PATTERN, unsafeTextProblem } from '@simpul/contracts';
import { isSealed, KEY_ID_METADATA } from '@simpul/temporal';

export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

/** A payload as Temporal's remote codec protocol carries it: metadata values and data in base64. */
/** Standard base64 (what Temporal's remote codec protocol sends); Buffer.from would read anything, silently. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** One payload on the wire (JSON Schema; `propertyNames` is beyond OpenAPI 3.0's typings, not beyond its tools). */
const PAYLOAD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    metadata: { type: 'object', propertyNames: { pattern: SAFE_TEXT_PATTERN }, additionalProperties: { type: 'string', format: 'byte', pattern: BASE64.source } },
    data: { type: 'string', format: 'byte', pattern: BASE64.source },
  },
} as never;

interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}

export class CodecRequestDto {
  @ApiProperty({ description: 'Temporal payloads as the remote codec protocol sends them', type: 'array', items: PAYLOAD_SCHEMA })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  payloads!: WirePayload[];
}

/**
 * Temporal's remote codec endpoint, for the Temporal UI and CLI (`--codec-endpoint <backoffice>/v1/operator/temporal-codec`):
 * decrypts the payloads they show. Only an operator may, and every call is written to the audit trail (who, which
 * namespace, how many payloads, which keys) before the plaintext leaves. There is no /encode: nobody needs to
 * write encrypted payloads through the UI. See docs/security.md.
 */
@ApiTags('operator')
@ApiBearerAuth()
@Controller('v1/operator/temporal-codec')
export class TemporalCodecController {
  constructor(
    @Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec,
    private readonly audit: AuditTrail,
  ) {}

  @Post('decode')
  @ApiHeader({ name: 'x-namespace', required: false, description: 'the Temporal namespace the payloads come from (recorded in the audit trail)' })
  @HttpCode(200)
  @Roles('operator')
  async decode(@CurrentPrincipal() principal: Principal, @Body() body: CodecRequestDto, @Headers('x-namespace') namespace?: string) {
    const namespaceProblem = namespace === undefined ? null : unsafeTextProblem(namespace);
    if (namespaceProblem) throw fieldProblem('X-Namespace', `X-Namespace ${namespaceProblem}`);
    const payloads = body.payloads.map(fromWire);
    const sealed = payloads.filter(isSealed);
    const kids = [...new Set(sealed.map((p) => Buffer.from(p.metadata?.[KEY_ID_METADATA] ?? new Uint8Array()).toString('utf8')))];
    await this.audit.append({
      actor: principal,
      action: 'temporal.payload.decode',
      subject: { namespace: (namespace ?? 'unspecified').slice(0, 100) },
      details: { payloads: payloads.length, encrypted: sealed.length, keyIds: kids },
    });
    try {
      return { payloads: (await this.codec.decode(payloads)).map(toWire) };
    } catch (err) {
      throw new ProblemException({ title: 'Payload cannot be decoded', status: 422, detail: err instanceof Error ? err.message : 'undecodable payload', errors: [{ field: 'payloads', message: 'a payload cannot be decoded with the keys this back office holds' }] });
    }
  }
}

function fromWire(p: WirePayload, i: number): Payload {
  const bad = (field: string) => fieldProblem(`payloads.${i}${field}`, 'must be { metadata: { key: base64 }, data: base64 }');
  const unknown = Object.keys(p).find((k) => k !== 'metadata' && k !== 'data');
  if (unknown !== undefined) throw bad(`.${unknown}`);
  if (p.metadata !== undefined && (p.metadata === null || typeof p.metadata !== 'object' || Array.isArray(p.metadata))) throw bad('.metadata');
  const metadata: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) {
    if (typeof v !== 'string' || !BASE64.test(v)) throw bad(`.metadata.${k}`);
    metadata[k] = new Uint8Array(Buffer.from(v, 'base64'));
  }
  if (p.data !== undefined && (typeof p.data !== 'string' || !BASE64.test(p.data))) throw bad('.data');
  return { metadata, data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')) };
}

function toWire(p: Payload): WirePayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
