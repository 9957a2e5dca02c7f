import type { Client } from '@temporalio/client';
import { decodeOptionalSingle } from '@temporalio/common/lib/internal-non-workflow';
import { temporal } from '@temporalio/proto';

/** One event of a workflow history as JSON: enum names, 64-bit numbers as strings, payloads decoded to values. */
export type DecodedHistoryEvent = Record<string, unknown> & { eventId: string; eventType: string; eventTime?: string };

type Json = unknown;

/**
 * A workflow's event history with every payload decoded by the client's own data converter (its payload codecs, then
 * its payload converter), so whatever codec the client is configured with (compression, encryption) applies here
 * too; nothing decodes payload bytes by hand. A payload the converter cannot read stays `{ undecodable: <encoding> }`.
 * `mapPayload` transforms each decoded value (the operator console masks personal data there).
 */
export async function decodedHistory(
  client: Client,
  workflowId: string,
  options: { runId?: string; mapPayload?: (value: unknown) => unknown } = {},
): Promise<DecodedHistoryEvent[]> {
  const runId = options.runId;
  const mapPayload = options.mapPayload ?? ((v: unknown) => v);
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const converter = client.options.loadedDataConverter;
  const decode = async (node: Json): Promise<Json> => {
    if (Array.isArray(node)) return Promise.all(node.map(decode));
    if (!node || typeof node !== 'object') return node;
    const record = node as Record<string, Json>;
    if (isPayload(record)) return mapPayload(await decodePayload(record, converter));
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(record)) out[key] = await decode(value);
    return out;
  };
  const events: DecodedHistoryEvent[] = [];
  for (const event of history.events ?? []) {
    const plain = temporal.api.history.v1.HistoryEvent.toObject(temporal.api.history.v1.HistoryEvent.fromObject(event), {
      longs: String,
      enums: String,
      bytes: String,
    });
    events.push((await decode(plain)) as DecodedHistoryEvent);
  }
  return events.map((e) => ({ ...e, eventTime: timestamp(e.eventTime) }));
}

/** A Payload after toObject: `metadata` (base64 values, with an encoding) and optionally `data` (base64). */
function isPayload(node: Record<string, Json>): boolean {
  const metadata = node.metadata as Record<string, Json> | undefined;
  return !!metadata && typeof metadata === 'object' && typeof metadata.encoding === 'string' && (node.data === undefined || typeof node.data === 'string');
}

async function decodePayload(node: Record<string, Json>, converter: Client['options']['loadedDataConverter']): Promise<Json> {
  const metadata = Object.fromEntries(Object.entries(node.metadata as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  const payload = { metadata, data: Buffer.from((node.data as string | undefined) ?? '', 'base64') };
  try {
    const decoded = await decodeOptionalSingle(converter.payloadCodecs, payload);
    return decoded ? (converter.payloadConverter.fromPayload(decoded) as Json) : null;
  } catch {
    return { undecodable: Buffer.from(metadata.encoding).toString('utf8') };
  }
}

/** google.protobuf.Timestamp `{ seconds, nanos }` to ISO 8601. */
function timestamp(value: unknown): string | undefined {
  const t = value as { seconds?: string; nanos?: number } | undefined;
  if (!t?.seconds) return undefined;
  return new Date(Number(t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}
