/**
 * The worker of the baseline workflow (bare-workflow.ts), as its own process like Simpul's workers:
 * `node dist/scripts/bench/bare-worker.js <temporalAddress> <namespace> <taskQueue>`. No-op activities, no codec.
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import type { BareActivities } from './bare-workflow';

const [address, namespace, taskQueue] = process.argv.slice(2);

const activities: BareActivities = {
  registerBirth: async (id) => `certificate-${id}`,
  enrolNewborn: async (id) => `card-${id}`,
  assessFamily: async (id) => `assessment-${id}`,
};

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection, namespace, taskQueue, workflowsPath: require.resolve('./bare-workflow'), activities });
  process.once('SIGTERM', () => worker.shutdown());
  process.stdout.write('bare worker running\n');
  await worker.run();
  await connection.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
