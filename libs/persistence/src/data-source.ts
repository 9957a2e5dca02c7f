import { DataSource } from 'typeorm';
import { ApplicationEntity } from './entities/application.entity';
import { ApplicationStepEntity } from './entities/application-step.entity';
import { ApplicationEventEntity } from './entities/application-event.entity';
import { OutboxEntity } from './entities/outbox.entity';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema';
import { StepsSlaRulesIncidents1763900000000 } from './migrations/1763900000000-steps-sla-rules-incidents';
import { AgencyCallbacks1763950000000 } from './migrations/1763950000000-agency-callbacks';
import { CitizenStatusWebhooks1764100000000 } from './migrations/1764100000000-citizen-status-webhooks';
import { OutboxKeyOrder1764150000000 } from './migrations/1764150000000-outbox-key-order';
import { AuditTrail1764200000000 } from './migrations/1764200000000-audit-trail';
import { Consents1764200000001 } from './migrations/1764200000001-consents';
import { Retention1764200000002 } from './migrations/1764200000002-retention';
import { OperatorConsole1764300000000 } from './migrations/1764300000000-operator-console';
import { OfficerWorkQueues1764400000000 } from './migrations/1764400000000-officer-work-queues';
import { PendingCallAccepted1764500000000 } from './migrations/1764500000000-pending-call-accepted';
import { ApplicationDrafts1765000000000 } from './migrations/1765000000000-application-drafts';
import { PhasedIntegration1765300000000 } from './migrations/1765300000000-phased-integration';
import { ConnectionProfile1765400000000 } from './migrations/1765400000000-connection-profile';
import { AgencyConnectionEntity } from './entities/agency-connection.entity';

export const ENTITIES = [ApplicationEntity, ApplicationStepEntity, ApplicationEventEntity, OutboxEntity, AgencyConnectionEntity];
/** In order of their timestamps; one per line. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  StepsSlaRulesIncidents1763900000000,
  AgencyCallbacks1763950000000,
  CitizenStatusWebhooks1764100000000,
  OutboxKeyOrder1764150000000,
  AuditTrail1764200000000,
  Consents1764200000001,
  Retention1764200000002,
  OperatorConsole1764300000000,
  OfficerWorkQueues1764400000000,
  PendingCallAccepted1764500000000,
  ApplicationDrafts1765000000000,
  PhasedIntegration1765300000000,
  ConnectionProfile1765400000000,
];

/** Schema changes go through migrations only; `synchronize` stays off everywhere. */
export function createDataSource(url: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    logging: false,
    extra: { max: options.poolSize ?? 10, application_name: options.applicationName ?? 'simpul' },
  });
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = createDataSource(url, { poolSize: 2, applicationName: 'simpul-migrations' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
