/**
 * `npm run -s audit:verify`: walks the audit trail's hash chain in the configured database. Exit 0 and one line when
 * it is intact; exit 1 naming the first broken entry (edited, deleted, reordered) otherwise; exit 2 when it cannot run.
 */
import { loadConfig } from '@simpul/config';
import { verifyStoredChain } from '@simpul/audit';
import { createDataSource } from '@simpul/persistence';

async function main(): Promise<number> {
  const config = loadConfig();
  const ds = await createDataSource(config.databaseUrl, { poolSize: 1, applicationName: 'simpul-audit-verify' }).initialize();
  try {
    const verdict = await verifyStoredChain(ds);
    if (verdict.ok) {
      process.stdout.write(`audit:verify: chain intact, ${verdict.checked} entries (last seq ${verdict.lastSeq})\n`);
      return 0;
    }
    process.stderr.write(`audit:verify: chain BROKEN at entry seq ${verdict.break?.seq}: ${verdict.break?.problem} (${verdict.checked} entries verified before it)\n`);
    return 1;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit:verify could not run: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
