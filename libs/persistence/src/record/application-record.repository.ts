import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ApplicationStatusChangedPayload } from '@simpul/contracts';
import type { ApplicationEntity } from '../entities/application.entity';
import { OutboxRepository, type OutboxMessage } from './outbox.repository';

/** A consent as recorded with the application, per step (portal-api's ConsentRecord has this shape and more). */
export type ConsentRecordRow = { granted: boolean } & Record<string, unknown>;

/**
 * The application record's writes outside the status projection (owner: libs/persistence): intake (the application
 * and its ApplicationSubmitted in one statement), consents, the citizen's answers, and retention (anonymising an
 * application that ended long ago, in every table of its record).
 */
@Injectable()
export class ApplicationRecordRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * The application and its outbox row commit together (one statement, one round trip); returns the row's creation
   * time. A second submission with the same Idempotency-Key fails here on the unique index, and leaves no outbox row.
   */
  async insert(application: ApplicationEntity, assistedBy: object | null, consents: object, message: OutboxMessage): Promise<Date> {
    const [row] = await this.outbox.withOutbox<{ created_at: Date }>(
      `INSERT INTO applications (id, life_event, definition_version, status, applicant_ref, channel, client_id, idempotency_key,
                                 request_hash, correlation_id, data, status_reason, status_seq, assisted_by, consents)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, 0, $12, $13) RETURNING created_at`,
      [
        application.id, application.lifeEvent, application.definitionVersion, application.status, application.applicantRef, application.channel,
        application.clientId, application.idempotencyKey, application.requestHash, application.correlationId, JSON.stringify(application.data),
        assistedBy ? JSON.stringify(assistedBy) : null, JSON.stringify(consents),
      ],
      message,
    );
    return row.created_at;
  }

  /**
   * Withdraws consent for one step and queues the ConsentRevoked message in the same transaction (the row is locked,
   * so two revocations cannot both send). Returns false when there was no consent to withdraw.
   */
  async revokeConsent(id: string, stepId: string, at: Date, message: OutboxMessage): Promise<boolean> {
    return this.ds.transaction(async (em: EntityManager) => {
      const rows: Array<{ consents: Record<string, ConsentRecordRow> | null }> = await em.query('SELECT consents FROM applications WHERE id = $1 FOR UPDATE', [id]);
      const current = rows[0]?.consents?.[stepId];
      if (!current?.granted) return false;
      await em.query(`UPDATE applications SET consents = jsonb_set(consents, $2, $3) WHERE id = $1`, [
        id,
        `{${stepId}}`,
        JSON.stringify({ ...current, granted: false, revokedAt: at.toISOString() }),
      ]);
      await this.outbox.append(em, message);
      return true;
    });
  }

  /** The citizen's answer to an officer's request; a repeat of the same update id is recorded once. */
  async recordCitizenResponse(r: { updateId: string; applicationId: string; stepId: string; message: string; responderId: string; responderRole: string }): Promise<void> {
    await this.ds.query(
      `INSERT INTO citizen_responses (update_id, application_id, step_id, message, responder_id, responder_role) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (update_id) DO NOTHING`,
      [r.updateId, r.applicationId, r.stepId, r.message, r.responderId, r.responderRole],
    );
  }

  async markHistoryDeleted(id: string, at: Date): Promise<void> {
    await this.ds.query('UPDATE applications SET history_deleted_at = $2 WHERE id = $1', [id, at]);
  }

  /**
   * Anonymises the application and the citizen's free text in the caller's transaction (retention); the other tables
   * of its record are anonymised by their own repositories in the same transaction (RecordRetention).
   */
  async anonymise(m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(`UPDATE applications SET data = '{}', applicant_ref = 'purged', request_hash = 'purged', assisted_by = NULL, purged_at = $2 WHERE id = $1`, [id, at]);
    await m.query(`UPDATE citizen_responses SET message = '[purged]' WHERE application_id = $1`, [id]);
  }

  /** The projection of an application's status (the status projector, in its batch transaction); false when the event was older. */
  async applyStatus(em: EntityManager, applicationId: string, p: ApplicationStatusChangedPayload): Promise<boolean> {
    // An UPDATE through TypeORM's query answers [rows, affected].
    const [, affected]: [unknown[], number] = await em.query(
      `UPDATE applications SET status = $2, status_reason = $3, status_seq = $4, updated_at = clock_timestamp()
       WHERE id = $1 AND status_seq < $4`,
      [applicationId, p.status, p.reason ? JSON.stringify(p.reason) : null, p.seq],
    );
    return affected > 0;
  }
}
