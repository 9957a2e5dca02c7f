import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrations } from '@simpul/persistence';
import { testConfig } from './env';

export interface ScratchDatabase {
  /** Connection URL of the scratch database (same server, role and password as the test stack's). */
  url: string;
  /** A pool on it, migrated to the current schema. */
  ds: DataSource;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A database of the test's own on the test stack's PostgreSQL, migrated like the real one. Integration tests that
 * write made-up rows (applications, steps, audit entries) use one, so that nothing they write reaches the read model
 * the end-to-end tests and the running apps read: made-up status events there once made the operator dashboard's step
 * times read 0 s (RUNNING and COMPLETED written in the same millisecond).
 */
export async function scratchDatabase(prefix: string, poolSize = 4): Promise<ScratchDatabase> {
  const config = testConfig();
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const url = config.databaseUrl.replace(/\/[^/?]+(\?|$)/, `/${name}$1`);
  const admin = await createDataSource(config.databaseUrl, { poolSize: 1 }).initialize();
  await admin.query(`CREATE DATABASE ${name}`);
  await runMigrations(url);
  const ds = await createDataSource(url, { poolSize }).initialize();
  return {
    url,
    ds,
    async drop() {
      await ds.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
