/**
 * Prints a token issued by the development identity provider (apps/identity-sandbox; npm start runs it):
 * `npm run -s token -- <role> [nik|agency|subject] [--region <code>] [--high]`.
 *   citizen <NIK>                       a citizen (subject = NIK)
 *   portal                              the portal, by the standard client credentials grant (client simpul-portal)
 *   officer <agency> [--region 3273]    an officer of one agency (of one regency's office with --region)
 *   supervisor <agency>
 *   facility <facility-id>              a demo health facility's machine client (client credentials; FHIR notifications)
 *   counter-officer <subject>           a counter officer of a public service mall (e.g. counter-mpp-kota-bandung)
 *   operator | auditor | monitoring [subject]
 *   --high                              signed in at the high assurance level (digital identity with liveness)
 * People's tokens come from the provider's development grant, which production does not have.
 */
import { loadConfig } from '@simpul/config';
import { ROLES, clientCredentialsToken, devFacilityClient, requestDevToken, type Role } from '@simpul/auth';
import { AGENCY_IDS, FACILITY_ID_PATTERN, isAgencyId } from '@simpul/contracts';

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const region = option(args, '--region');
  const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--region');
  const [role, arg] = positional;
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new Error(`usage: npm run -s token -- <${ROLES.join('|')}> [nik|agency|subject] [--region <code>] [--high]`);
  }
  const config = loadConfig();
  if (role === 'portal' && !arg) {
    process.stdout.write(`${await clientCredentialsToken({ issuer: config.auth.issuer, clientId: 'simpul-portal', clientSecret: config.identitySandbox.clientSecrets.portal })}\n`);
    return;
  }
  let subject = arg ?? `${role}-dev`;
  let agency: string | undefined;
  if (role === 'citizen' && !arg) throw new Error('a citizen token needs the citizen NIK: npm run -s token -- citizen <NIK>');
  if (role === 'officer' || role === 'supervisor') {
    if (!isAgencyId(arg)) throw new Error(`an ${role} token needs an agency: one of ${AGENCY_IDS.join(', ')}`);
    agency = arg;
    subject = region ? `${role}-${arg}-${region}` : `${role}-${arg}`;
  }
  if (role === 'facility') {
    if (!arg || !FACILITY_ID_PATTERN.test(arg)) throw new Error('a facility token needs the facility id: npm run -s token -- facility <facility-id> (lowercase letters, digits, -)');
    // The facility's own client (client credentials): the provider knows the demo facilities' clients only.
    process.stdout.write(`${await clientCredentialsToken(devFacilityClient(config.auth, arg))}\n`);
    return;
  }
  const acr = args.includes('--high') ? config.auth.acr.high : config.auth.acr.basic;
  const token = await requestDevToken(config.auth, { role: role as Role, subject, agency, region, acr, ttlSeconds: 8 * 3600 });
  process.stdout.write(token + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
