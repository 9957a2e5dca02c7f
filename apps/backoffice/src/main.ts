import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, setupApiContract, startHttpApp } from '@simpul/http';
import { connectConsumers } from '@simpul/messaging';
import { JsonLogger, initTracing } from '@simpul/observability';
import { BackofficeModule } from './backoffice.module';
import { BACKOFFICE_CONFLICTS, withBodyVariants } from './openapi';

runMain('backoffice', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('backoffice', config.logLevel);
  initTracing('backoffice', config.tracing);
  // The Temporal UI calls the codec endpoint from the operator's browser: its origin (only) may, with the operator's token.
  await startHttpApp(
    'backoffice',
    BackofficeModule.forRoot(config, logger),
    config.ports.backoffice,
    config,
    logger,
    (app) =>
      setupApiContract(app, {
        title: 'Simpul back office API',
        description: "Officers' work queues and decisions; the operator console (search, history, retry, cancel, incidents, dead letters, dashboard). Errors are RFC 9457 problem+json.",
        conflicts: BACKOFFICE_CONFLICTS,
        extend: withBodyVariants,
      }),
    { corsOrigins: [new URL(config.temporalUiUrl).origin], consumers: connectConsumers },
  );
});
