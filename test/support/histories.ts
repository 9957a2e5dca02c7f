import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowIdFor } from '@simpul/contracts';
import { AesGcmPayloadCodec, loadPayloadKeys } from '@simpul/temporal';
import { testConfig } from './env';
import { openHistory } from './history-payloads';

export const HISTORY_FIXTURES = join(__dirname, '..', 'fixtures', 'histories');

/**
 * With SIMPUL_RECORD_HISTORIES=1, writes the workflow history of an application to
 * test/fixtures/histories/<life event>-v<definition version>-<case>.json,
 * in the JSON form of `temporal workflow show`; the replay test runs every file there against the current code.
 */
export function keepHistory(app: { id: string; lifeEvent: string; definitionVersion: number }, caseName: string, address = process.env.SIMPUL_TEMPORAL_ADDRESS): void {
  if (process.env.SIMPUL_RECORD_HISTORIES !== '1') return;
  const name = `${app.lifeEvent.toLowerCase()}-v${app.definitionVersion}-${caseName}`;
  const applicationId = app.id;
  const cli = process.env.SIMPUL_TEMPORAL_CLI;
  if (!cli || !address) throw new Error('SIMPUL_TEMPORAL_CLI and a Temporal address are needed to record histories');
  // Existing fixtures are never overwritten: each was recorded by an earlier workflow build and must keep replaying.
  // To refresh one on purpose, delete it first.
  const file = join(HISTORY_FIXTURES, `${name}.json`);
  if (existsSync(file)) return;
  const json = execFileSync(cli, ['workflow', 'show', '--workflow-id', workflowIdFor(applicationId), '--address', address, '--output', 'json']);
  // Payloads are encrypted with this stack's dev key; the fixture keeps them decoded so it replays anywhere.
  const codec = new AesGcmPayloadCodec(loadPayloadKeys(testConfig()));
  writeFileSync(file, JSON.stringify(openHistory(JSON.parse(json.toString('utf8')), codec), null, 2));
}
