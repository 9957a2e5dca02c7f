import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject } from 'class-validator';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { AuditTrail } from '@simpul/audit';
import { CurrentPrincipal, Roles, type Principal } from '@simpul/auth';
import { ProblemException, validationProblem } from '@simpul/http';
import { unsafeTextProblem } from '@simpul/contracts';
import { isSealed, KEY_ID_METADATA } from '@simpul/temporal';

export const PAYLOAD_CODEC = Symbol('PAYLOAD_CODEC');

/** A payload as Temporal's remote codec protocol carries it: metadata values and data in base64. */
interface WirePayload {
  metadata?: Record<string, string>;
  data?: string;
}

export class CodecRequestDto {
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
  @HttpCode(200)
  @Roles('operator')
  async decode(@CurrentPrincipal() principal: Principal, @Body() body: CodecRequestDto, @Headers('x-namespace') namespace?: string) {
    const namespaceProblem = namespace === undefined ? null : unsafeTextProblem(namespace);
    if (namespaceProblem) throw validationProblem([{ field: 'X-Namespace', message: `X-Namespace ${namespaceProblem}` }]);
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
      throw new ProblemException({ title: 'Payload cannot be decoded', status: 422, detail: err instanceof Error ? err.message : 'undecodable payload' });
    }
  }
}

function fromWire(p: WirePayload, i: number): Payload {
  try {
    const metadata: Record<string, Uint8Array> = {};
    for (const [k, v] of Object.entries(p.metadata ?? {})) metadata[k] = new Uint8Array(Buffer.from(String(v), 'base64'));
    return { metadata, data: new Uint8Array(Buffer.from(String(p.data ?? ''), 'base64')) };
  } catch {
    throw new ProblemException({ title: 'Validation failed', status: 422, errors: [{ field: `payloads[${i}]`, message: 'must be { metadata: { key: base64 }, data: base64 }' }] });
  }
}

function toWire(p: Payload): WirePayload {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.metadata ?? {})) if (v) metadata[k] = Buffer.from(v).toString('base64');
  return { metadata, data: Buffer.from(p.data ?? new Uint8Array()).toString('base64') };
}
