import { HttpException, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditTrail } from '@simpul/audit';
import type { Principal } from '@simpul/auth';

export const OPERATOR_ACTIONS = [
  'RETRY_STEP',
  'CANCEL_APPLICATION',
  'RESOLVE_INCIDENT',
  'RESEND_NOTIFICATION',
  'UNMASK',
  'REPLAY_DEAD_LETTER',
  'DISCARD_DEAD_LETTER',
] as const;
export type OperatorAction = (typeof OPERATOR_ACTIONS)[number];
export type ActionOutcome = 'REQUESTED' | 'ACCEPTED' | 'REFUSED' | 'ERROR';

export interface ActionRow {
  id: string;
  application_id: string | null;
  action: OperatorAction;
  target: string | null;
  operator_id: string;
  operator_role: string;
  reason: string;
  outcome: ActionOutcome;
  detail: Record<string, unknown>;
  created_at: Date;
}

interface ActionInput {
  action: OperatorAction;
  applicationId: string | null;
  target: string | null;
  reason: string;
}

/**
 * The durable record of operator actions: who, when, why, on what, and whether it was accepted or refused. An
 * action is written (REQUESTED) before it is attempted and its outcome after, so even a crash in between leaves a
 * trace. Refusals are kept too: an operator trying what no longer applies is part of the account. Each outcome is
 * also appended to the hash-chained audit trail (libs/audit) in the same transaction as the row's final state, as
 * `operator.<action>` with ids only (the details of the result stay in this table).
 */
@Injectable()
export class OperatorActionsRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly audit: AuditTrail,
  ) {}

  async perform<T extends object>(principal: Principal, input: ActionInput, run: (actionId: string) => Promise<T>): Promise<T & { actionId: string }> {
    const id = await this.insert(this.ds.manager, principal, input, 'REQUESTED', {});
    let result: T;
    try {
      result = await run(id);
    } catch (err) {
      const status = err instanceof HttpException ? err.getStatus() : 500;
      const outcome: ActionOutcome = status >= 400 && status < 500 ? 'REFUSED' : 'ERROR';
      const body = err instanceof HttpException ? err.getResponse() : undefined;
      const why = body && typeof body === 'object' ? ((body as Record<string, unknown>).detail ?? (body as Record<string, unknown>).message ?? null) : (err instanceof Error ? err.message : String(err));
      await this.finish(principal, id, input, outcome, { status, detail: why }).catch(() => undefined);
      throw err;
    }
    await this.finish(principal, id, input, 'ACCEPTED', result as Record<string, unknown>);
    return { ...result, actionId: id };
  }

  /** An action that is complete when recorded (an unmasking): the row and its audit entry commit together. */
  record(principal: Principal, input: ActionInput, detail: Record<string, unknown> = {}): Promise<string> {
    return this.ds.transaction(async (m) => {
      const id = await this.insert(m, principal, input, 'ACCEPTED', detail);
      await this.appendAudit(m, principal, id, input, 'ACCEPTED');
      return id;
    });
  }

  /** Whether the same action on the same target was accepted within the last `seconds` (a double click). */
  async acceptedWithin(applicationId: string, action: OperatorAction, target: string, seconds: number): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM operator_actions WHERE application_id = $1 AND action = $2 AND target = $3 AND outcome = 'ACCEPTED'
          AND created_at > now() - make_interval(secs => $4)`,
      [applicationId, action, target, seconds],
    );
    return rows.length > 0;
  }

  list(filter: { applicationId?: string; action?: OperatorAction }, limit: number, offset: number): Promise<Array<ActionRow & { total: number }>> {
    return this.ds.query(
      `SELECT *, count(*) OVER ()::int AS total FROM operator_actions
        WHERE ($1::uuid IS NULL OR application_id = $1) AND ($2::text IS NULL OR action = $2)
        ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`,
      [filter.applicationId ?? null, filter.action ?? null, limit, offset],
    );
  }

  ofApplication(applicationId: string): Promise<ActionRow[]> {
    return this.ds.query('SELECT * FROM operator_actions WHERE application_id = $1 ORDER BY created_at, id', [applicationId]);
  }

  private async insert(m: EntityManager, principal: Principal, input: ActionInput, outcome: ActionOutcome, detail: Record<string, unknown>): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO operator_actions (id, application_id, action, target, operator_id, operator_role, reason, outcome, detail)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, input.applicationId, input.action, input.target, principal.subject, principal.role, input.reason, outcome, JSON.stringify(detail)],
    );
    return id;
  }

  private finish(principal: Principal, id: string, input: ActionInput, outcome: ActionOutcome, detail: Record<string, unknown>): Promise<void> {
    return this.ds.transaction(async (m) => {
      await m.query('UPDATE operator_actions SET outcome = $2, detail = $3 WHERE id = $1', [id, outcome, JSON.stringify(detail)]);
      await this.appendAudit(m, principal, id, input, outcome);
    });
  }

  private async appendAudit(m: EntityManager, principal: Principal, id: string, input: ActionInput, outcome: ActionOutcome): Promise<void> {
    await this.audit.append(
      {
        actor: { subject: principal.subject, role: principal.role, ...(principal.agency ? { agency: principal.agency } : {}) },
        action: `operator.${input.action.toLowerCase().replace(/_/g, '-')}`,
        subject: { ...(input.applicationId ? { applicationId: input.applicationId } : {}), ...(input.target ? { target: input.target } : {}) },
        reason: input.reason,
        details: { operatorActionId: id, outcome },
      },
      m,
    );
  }
}

export function actionView(r: ActionRow) {
  return {
    id: r.id,
    applicationId: r.application_id,
    action: r.action,
    target: r.target,
    operatorId: r.operator_id,
    operatorRole: r.operator_role,
    reason: r.reason,
    outcome: r.outcome,
    detail: r.detail,
    at: new Date(r.created_at).toISOString(),
  };
}
