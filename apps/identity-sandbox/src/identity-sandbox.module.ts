import { Module, type DynamicModule } from '@nestjs/common';
import { Pool } from 'pg';
import { ConfigModule, type SimpulConfig } from '@simpul/config';
import { JsonLogger, ObservabilityModule, ReadinessRegistry } from '@simpul/observability';
import { InteractionController } from './interaction/interaction.controller';
import { SCHEMA, deleteExpired, pgAdapter, ping, prepareSchema } from './provider/oidc-payloads.repository';
import { ProviderHolder } from './provider/provider-holder';
import { PresenceController } from './presence/presence.controller';
import { PRESENCE_SCHEMA, PresenceStore } from './presence/presence.repository';

/** The development OpenID Connect provider: oidc-provider on PostgreSQL, with the demo population's sign-in page. */
@Module({})
export class IdentitySandboxModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    return {
      module: IdentitySandboxModule,
      imports: [ConfigModule.forRoot(config), ObservabilityModule.forRoot(logger)],
      controllers: [InteractionController, PresenceController],
      providers: [
        {
          provide: Pool,
          inject: [ReadinessRegistry],
          useFactory: async (readiness: ReadinessRegistry) => {
            const pool = new Pool({ connectionString: config.databaseUrl, max: 10, application_name: 'identity-sandbox', connectionTimeoutMillis: 5_000 });
            // An idle connection that dies (PostgreSQL restarted) is reported here: without a listener the process would
            // crash on the unhandled 'error' event. The pool drops that client and opens a new one on the next query.
            const log = logger.child('pg');
            pool.on('error', (err) => log.warn('idle PostgreSQL connection lost; the pool reconnects on the next query', { error: err.message }));
            await prepareSchema(pool, SCHEMA, PRESENCE_SCHEMA);
            readiness.register({ name: 'postgres', check: () => ping(pool) });
            setInterval(() => void deleteExpired(pool).catch(() => undefined), 10 * 60_000).unref();
            return pool;
          },
        },
        { provide: PresenceStore, inject: [Pool], useFactory: (pool: Pool) => new PresenceStore(pool) },
        {
          provide: ProviderHolder,
          inject: [Pool],
          useFactory: (pool: Pool) => {
            const holder = new ProviderHolder(config, { adapter: pgAdapter(pool), backofficeOrigin: `http://127.0.0.1:${config.ports.backoffice}`, citizenPortalOrigin: config.citizenPortal.url }, logger.child('oidc'));
            holder.provider(); // fail at start, naming the problem, when the key ring is missing
            return holder;
          },
        },
      ],
    };
  }
}
