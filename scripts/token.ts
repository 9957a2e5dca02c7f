/**
 * Prints a development token: `npm run -s token -- <role> [nik|agency]`.
 *   citizen <NIK>          a citizen (subject = NIK)
 *   portal [client-id]     a portal acting for citizens
 *   officer <agency>       an officer of one agency
 *   facility <facility-id> a health facility's machine client (FHIR notifications)
 *   operator | auditor | monitoring [subject]
 */
import { loadConfig } from '@simpul/config';
import { ROLES, issueDevToken, type Role } from '@simpul/auth';
import { AGENCY_IDS, FACILITY_ID_PATTERN, isAgencyId } from '@simpul/contracts';

async function main(): Promise<void> {
  const [role, arg] = process.argv.slice(2);
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new Error(`usage: npm run -s token -- <${ROLES.join('|')}> [nik|agency|subject]`);
  }
  const config = loadConfig();
  let subject = arg ?? `${role}-dev`;
  let agency: string | undefined;
  let facilityId: string | undefined;
  if (role === 'citizen' && !arg) throw new Error('a citizen token needs the citizen NIK: npm run -s token -- citizen <NIK>');
  if (role === 'officer' || role === 'supervisor') {
    if (!isAgencyId(arg)) throw new Error(`an ${role} token needs an agency: one of ${AGENCY_IDS.join(', ')}`);
    agency = arg;
    subject = `${role}-${arg}-dev`;
  }
  if (role === 'facility') {
    if (!arg || !FACILITY_ID_PATTERN.test(arg)) throw new Error('a facility token needs the facility id: npm run -s token -- facility <facility-id> (lowercase letters, digits, -)');
    facilityId = arg;
    subject = `facility-${arg}`;
  }
  const token = await issueDevToken(config.auth.keysDir, config.auth, role as Role, subject, { agency, facilityId, ttlSeconds: 8 * 3600 });
  process.stdout.write(token + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
