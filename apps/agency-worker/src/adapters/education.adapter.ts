import type { AgencyConnection } from '@simpul/config';
import type { AgencyStepRequest, AgencyStepResult } from '@simpul/contracts';
import { agencyRejection, contractError, safeJson, technicalFailure, type AgencyHttp, type AgencyReply } from '../agency-http.client';

/**
 * Kemendikbudristek (PIP/KIP) adapter, for its modern REST style: an OAuth 2.0 client-credentials token (short-lived,
 * cached until shortly before it expires; a 401 refreshes it once and retries), 429 answered with its Retry-After,
 * RFC 9457 problems. No idempotency key: a pupil holds one card, so the adapter searches by the pupil's NIK first.
 */
interface Problem {
  code?: string;
  title?: string;
  detail?: string;
}
/** Tokens live in the worker process, shared by its activities (one client per agency connection). */
const tokens = new Map<string, { token: string; until: number }>();

export function createEducationAdapter(http: AgencyHttp, connection: AgencyConnection) {
  const ruleVersion = connection.apiVersion;
  const { clientId, clientSecret } = connection.credentials;

  const token = async (request: AgencyStepRequest, fresh: boolean): Promise<string> => {
    const cached = tokens.get(clientId);
    if (!fresh && cached && cached.until > Date.now()) return cached.token;
    const reply = await http.exchange(request, 'token', {
      path: '/oauth2/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    if (reply.status >= 500 || reply.status === 429) throw technicalFailure(`the education token endpoint answered ${reply.status}`);
    const body = safeJson(reply.text) as { access_token?: string; expires_in?: number; error?: string };
    if (reply.status !== 200 || !body.access_token) throw contractError(`the education token endpoint refused the client credentials (${reply.status} ${body.error ?? ''})`);
    tokens.set(clientId, { token: body.access_token, until: Date.now() + Math.max(1, (body.expires_in ?? 60) - 5) * 1000 });
    return body.access_token;
  };

  /** One API call with a bearer token; on 401 the token is refreshed once and the call repeated. */
  const call = async (request: AgencyStepRequest, action: string, path: string, payload: Record<string, unknown>): Promise<AgencyReply> => {
    const send = async (fresh: boolean) =>
      http.exchange(request, action, { path, headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token(request, fresh)}` }, body: JSON.stringify(payload) });
    let reply = await send(false);
    if (reply.status === 401) reply = await send(true);
    if (reply.status === 429) throw technicalFailure(`the education API is throttling (429)`, Number(reply.headers.get('retry-after') ?? '1') * 1000);
    if (reply.status >= 500 || reply.status === 408) throw technicalFailure(`the education API answered ${reply.status}`);
    const problem = safeJson(reply.text) as Problem;
    if (reply.status === 422) throw agencyRejection(problem.code ?? 'REJECTED', { id: problem.title ?? 'Ditolak oleh Kemendikbudristek.', en: problem.detail ?? 'Rejected by Kemendikbudristek.' });
    if (reply.status >= 300 && reply.status !== 409) throw contractError(`the education API answered ${reply.status} to ${path}: ${problem.code ?? ''} ${problem.detail ?? ''}`);
    return reply;
  };

  return {
    async 'education.issueKipCard'(request: AgencyStepRequest): Promise<AgencyStepResult> {
      const i = request.input;
      const find = async () => (safeJson((await call(request, 'issueKipCard', '/v2/kip-cards/search', { pupilNik: i.pupilNik })).text) as { items?: Array<{ kipNumber: string }> }).items?.[0];
      let card = await find();
      if (!card) {
        const issued = await call(request, 'issueKipCard', '/v2/kip-cards', { pupilNik: i.pupilNik, schoolNpsn: i.schoolNpsn, welfareDecile: i.decile });
        // 409: the card was issued meanwhile (a retry racing a lost answer); the search finds it.
        card = issued.status === 409 ? await find() : (safeJson(issued.text) as { kipNumber: string });
      }
      if (!card?.kipNumber) throw contractError('the education API issued no card number');
      return {
        ruleVersion,
        outcome: 'COMPLETED',
        reference: card.kipNumber,
        outputs: { kipCardNumber: card.kipNumber },
        message: { id: `Kartu Indonesia Pintar ${card.kipNumber} terbit.`, en: `KIP card ${card.kipNumber} issued.` },
      };
    },
  };
}
