import type { Principal } from '@simpul/auth';
import type { AssistedBy } from '../applications/applications.repository';
import type { SubmitApplicationDto } from '../applications/dto/submit-application.dto';
import { fieldProblem } from '@simpul/http';
import type { PresenceClient } from './presence.client';

/**
 * A counter officer files for a citizen who is present: who filed and where come from the officer's token (never from
 * the body), and the presence from the code the identity provider sent to that citizen. The check must be the
 * officer's own, at their mall, for the NIK named in the application.
 */
export async function counterFiling(presence: PresenceClient, principal: Principal, dto: SubmitApplicationDto, applicantNik: string): Promise<AssistedBy> {
  if (dto.assistedBy) throw fieldProblem('assistedBy', 'a counter officer does not name the officer or office: they come from the sign-in');
  if (dto.channel && dto.channel !== 'MPP_COUNTER') throw fieldProblem('channel', 'a counter officer files through MPP_COUNTER');
  if (!dto.presence) throw fieldProblem('presence', 'presence (checkId, code) is required: start one with POST /v1/presence-checks');
  const confirmed = await presence.verify(dto.presence.checkId, dto.presence.code);
  if (confirmed.subject !== applicantNik) throw fieldProblem('presence.checkId', 'this presence check is for another citizen');
  if (confirmed.requestedBy !== principal.subject || confirmed.mallId !== principal.mallId) throw fieldProblem('presence.checkId', 'this presence check was started by another officer or at another mall');
  return { officerId: principal.subject, office: principal.mallId as string, mallId: principal.mallId, presenceCheckId: dto.presence.checkId };
}
