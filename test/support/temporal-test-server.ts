import { existsSync } from 'node:fs';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { SearchAttributes } from '@simpul/contracts';

/**
 * A Temporal dev server for workflow integration tests, started from the CLI binary the stack installed (nothing is
 * downloaded), with Simpul's search attributes registered.
 */
export function startTestTemporal(): Promise<TestWorkflowEnvironment> {
  const temporal = process.env.SIMPUL_TEMPORAL_CLI;
  if (!temporal || !existsSync(temporal)) throw new Error('SIMPUL_TEMPORAL_CLI must point at the temporal binary (npm test sets it)');
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporal },
      searchAttributes: [defineSearchAttributeKey(SearchAttributes.lifeEvent, SearchAttributeType.KEYWORD), defineSearchAttributeKey(SearchAttributes.status, SearchAttributeType.KEYWORD)],
    },
  });
}
