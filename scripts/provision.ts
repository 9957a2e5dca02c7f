/** Brings a stack to what the apps expect: schema migrations, Kafka topics, development signing keys. Idempotent. */
import { loadConfig } from '@simpul/config';
import { ensureDevKeys } from '@simpul/auth';
import { createKafka, ensureTopics } from '@simpul/messaging';
import { runMigrations } from '@simpul/persistence';
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
}

main().catch((err: unknown) => {
  process.stderr.write(`provision failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
