/**
 * Rotates the development identity provider's signing key without downtime: `npm run -s keys -- publish|activate|retire|show`.
 * See libs/auth/src/keys.ts and docs/security.md (identity) for the order and the waits between the steps.
 */
import { loadConfig } from '@simpul/config';
import { readJwks, rotateDevKeys, type RotationStep } from '@simpul/auth';

async function main(): Promise<void> {
  const [step] = process.argv.slice(2);
  const config = loadConfig();
  if (step === 'show') {
    process.stdout.write(`${JSON.stringify({ published: readJwks(config.auth.keysDir).keys.map((k) => k.kid) })}\n`);
    return;
  }
  if (!['publish', 'activate', 'retire'].includes(step ?? '')) throw new Error('usage: npm run -s keys -- publish|activate|retire|show');
  const result = await rotateDevKeys(config.auth.keysDir, step as RotationStep);
  process.stdout.write(`${JSON.stringify({ step, ...result })}\n`);
  if (step === 'publish') process.stdout.write(`wait ${config.auth.jwksCacheSeconds}s (SIMPUL_JWKS_CACHE_SECONDS) before activate; the identity provider serves the new key set at once\n`);
  if (step === 'activate') process.stdout.write('retire the old key once the tokens it signed have expired\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
