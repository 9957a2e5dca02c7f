import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { BackofficeModule } from './backoffice.module';

runMain('backoffice', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('backoffice', config.logLevel);
  initTracing('backoffice', config.tracing);
  // The Temporal UI calls the codec endpoint from the operator's browser: its origin (only) may, with the operator's token.
  await startHttpApp('backoffice', BackofficeModule.forRoot(config, logger), config.ports.backoffice, config, logger, undefined, {
    corsOrigins: [new URL(config.temporalUiUrl).origin],
  });
});
