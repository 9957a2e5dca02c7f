/** Brings a stack to what the apps expect: schema migrations, Kafka topics, development signing keys. Idempotent. */
import { loadConfig } from '@simpul/config';
import { ensureDevKeys } from '@simpul/auth';
import { createKafka, ensureTopics } from '@simpul/messaging';
import { ConnectionRegistry, createDataSource, runMigrations, type ConnectionMode } from '@simpul/persistence';
import { ensureDevKeyRing } from '@simpul/crypto';

async function main(): Promise<void> {
  const config = loadConfig();
  const migrations = await runMigrations(config.databaseUrl);
  process.stdout.write(`provision: migrations ${migrations.length ? migrations.join(', ') : 'up to date'}\n`);
  const created = await ensureTopics(createKafka(config.kafkaBrokers, 'simpul-provision'));
  process.stdout.write(`provision: topics ${created.length ? 'created ' + created.join(', ') : 'present'}\n`);
  // Production brings its own identity provider and data keys (SIMPUL_ENV=production refuses to start without them).
  if (config.environment === 'production') return;
  await ensureDevKeys(config.auth.keysDir);
  if (!config.payloadKeys.keys) ensureDevKeyRing(config.auth.keysDir);
  process.stdout.write(`provision: development signing and data keys in ${config.auth.keysDir}\n`);
  await seedDemoConnections(config.databaseUrl);
}

/**
 * The demo's phased integration (docs/phased-integration.md): DKI Jakarta connected everywhere, Kota Jayapura's social
 * affairs office working by hand, Jayawijaya's not reachable yet, the national agencies connected. Only where no row
 * exists: an operator's change is never overwritten. Regions without a row are connected (API).
 */
const DEMO_CONNECTIONS: Array<[agency: string, region: string, mode: ConnectionMode]> = [
  ['civil-registry', '31', 'API'],
  ['social-aid', '31', 'API'],
  ['social-aid', '9171', 'MANUAL'],
  ['social-aid', '9501', 'UNAVAILABLE'],
  ['bpjs-health', '', 'API'],
  ['bpjs-employment', '', 'API'],
  ['education', '', 'API'],
];

async function seedDemoConnections(url: string): Promise<void> {
  const ds = await createDataSource(url, { poolSize: 1, applicationName: 'simpul-provision' }).initialize();
  try {
    const registry = new ConnectionRegistry(ds);
    let added = 0;
    for (const [agency, region, mode] of DEMO_CONNECTIONS) if (await registry.seed(agency, region, mode)) added += 1;
    process.stdout.write(`provision: demo connection registry ${added ? `seeded ${added} rows` : 'present'}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`provision failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
