import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { AgencySandboxModule } from './agency-sandbox.module';

runMain('agency-sandbox', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('agency-sandbox', config.logLevel);
  initTracing('agency-sandbox', config.tracing);
  await startHttpApp('agency-sandbox', AgencySandboxModule.forRoot(config, logger), config.ports.agencySandbox, config, logger);
});
