import { HttpException, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal } from './principal';

/**
 * Step-up authentication for actions of high risk (filing a death, revoking a consent, unmasking personal data):
 * a person must have signed in at the high assurance level (the token's `acr`). Which actions need it is configuration
 * (SIMPUL_STEP_UP_ACTIONS); a token with a lower level gets 401 with RFC 9470's challenge
 * (`WWW-Authenticate: Bearer error="insufficient_user_authentication", acr_values="…"`) and a problem+json body naming
 * the action and the level to sign in with. Machine clients (the portal, monitoring) carry no person's sign-in and are
 * not asked: the portal answers for its own citizen sign-in.
 */
export const STEP_UP_KEY = 'simpul:step-up';
export interface StepUpRule {
  action: string;
  /** When only some requests of the route are the risky action (a DEATH filing, an unmasked read). */
  when?: (request: Request, principal: Principal) => boolean;
}
export const StepUp = (action: string, when?: StepUpRule['when']): MethodDecorator => SetMetadata(STEP_UP_KEY, { action, when } satisfies StepUpRule);

/** The assurance settings (from AuthModule), for services whose risky action depends on data, not on the route. */
export const ASSURANCE_SETTINGS = 'simpul:assurance-settings';

export interface AssuranceSettings {
  high: string;
  stepUpActions: string[];
}

const MACHINE_ROLES = new Set(['portal', 'monitoring']);

export class StepUpRequiredException extends HttpException {
  constructor(
    action: string,
    /** The assurance level the action needs (the `acr_values` to ask the provider for). */
    readonly required: string,
    had: string | undefined,
  ) {
    super(
      {
        type: 'https://simpul.go.id/problems/step-up-required',
        title: 'Step-up authentication required',
        status: 401,
        detail: `${action} needs a sign-in at assurance level ${required}; this token was issued at ${had ?? 'no stated level'}. Sign in again with acr_values=${required}.`,
        action,
        acr_values: required,
      },
      401,
    );
  }

  /** RFC 9470's challenge, for clients that read the header rather than the body. */
  static challenge(required: string): string {
    return `Bearer error="insufficient_user_authentication", error_description="a higher assurance level is required", acr_values="${required}"`;
  }
}

/**
 * The rule's verdict for this principal (and request, for a rule with `when`): undefined when allowed, else the
 * exception to throw. Services call it without a request when the data decides (confirming a death draft).
 */
export function stepUpNeeded(rule: StepUpRule | undefined, principal: Principal, request: Request | undefined, settings: AssuranceSettings | null | undefined): StepUpRequiredException | undefined {
  if (!rule || !settings || !settings.stepUpActions.includes(rule.action)) return undefined;
  if (MACHINE_ROLES.has(principal.role) || principal.acr === settings.high) return undefined;
  if (rule.when && request && !rule.when(request, principal)) return undefined;
  return new StepUpRequiredException(rule.action, settings.high, principal.acr);
}
