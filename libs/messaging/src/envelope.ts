import { randomUUID } from 'node:crypto';
import { RpcException } from '@nestjs/microservices';
import type { EventEnvelope } from '@simpul/contracts';

/**
 * A message that can never be handled, however often it is retried: it belongs in the dead-letter topic. An
 * RpcException, so it leaves a Nest handler as `{ poison: true, message }` (Nest's RPC exception filter passes an
 * RpcException's error on; any other error becomes a generic one, which the transport retries).
 */
export class PoisonMessageError extends RpcException {
  constructor(message: string) {
    super({ status: 'error', poison: true, message });
    this.name = 'PoisonMessageError';
  }
}

/** True for a PoisonMessageError, thrown directly or passed on by Nest's RPC exception filter. */
export function isPoison(err: unknown): err is { message: string } {
  return err instanceof PoisonMessageError || (typeof err === 'object' && err !== null && (err as { poison?: unknown }).poison === true);
}

export const MAX_MESSAGE_BYTES = 512 * 1024;

export function newEnvelope<TType extends string, TPayload>(
  type: TType,
  applicationId: string,
  correlationId: string,
  payload: TPayload,
  eventId: string = randomUUID(),
  occurredAt: Date = new Date(),
): EventEnvelope<TType, TPayload> {
  return { eventId, type, version: 1, occurredAt: occurredAt.toISOString(), applicationId, correlationId, payload };
}

/**
 * Parses and checks an envelope from raw bytes. Anything malformed, oversized, of an unexpected type or an unknown
 * version is poison.
 */
export function decodeEnvelope(raw: Buffer | null, acceptedTypes: readonly string[], supportedVersion = 1): EventEnvelope {
  if (!raw || raw.length === 0) throw new PoisonMessageError('empty message value');
  if (raw.length > MAX_MESSAGE_BYTES) throw new PoisonMessageError(`message of ${raw.length} bytes exceeds ${MAX_MESSAGE_BYTES}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new PoisonMessageError('value is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new PoisonMessageError('value is not a JSON object');
  const e = parsed as Record<string, unknown>;
  for (const field of ['eventId', 'type', 'occurredAt', 'applicationId', 'correlationId'] as const) {
    if (typeof e[field] !== 'string' || (e[field] as string).length === 0) throw new PoisonMessageError(`envelope field ${field} is missing`);
  }
  if (typeof e.version !== 'number') throw new PoisonMessageError('envelope field version is missing');
  if (e.version !== supportedVersion) throw new PoisonMessageError(`unsupported version ${String(e.version)} of ${String(e.type)}`);
  if (!acceptedTypes.includes(e.type as string)) throw new PoisonMessageError(`unexpected event type ${String(e.type)}`);
  if (!e.payload || typeof e.payload !== 'object') throw new PoisonMessageError('envelope field payload is missing');
  return e as unknown as EventEnvelope;
}
