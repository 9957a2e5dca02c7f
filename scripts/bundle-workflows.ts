/** Build step: the prebuilt workflow bundle that production workers load (no bundling at worker start). */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

async function main(): Promise<void> {
  const dist = resolve(__dirname, '..');
  // No workflow interceptors in the bundle: they shift when update completions happen relative to commands, which the
  // replay test showed breaks recorded histories. The trace reaches activities as data instead (traceparent).
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(join(dist, 'workflows', 'src', 'index')) });
  writeFileSync(join(dist, 'workflows', 'workflow-bundle.js'), code);
  process.stdout.write(`workflow bundle: ${(code.length / 1024).toFixed(0)} KiB\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
