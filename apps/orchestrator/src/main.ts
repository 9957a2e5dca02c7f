import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { connectConsumers } from '@simpul/messaging';
import { JsonLogger, initTracing } from '@simpul/observability';
import { OrchestratorModule } from './orchestrator.module';

runMain('orchestrator', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('orchestrator', config.logLevel);
  initTracing('orchestrator', config.tracing);
  await startHttpApp('orchestrator', OrchestratorModule.forRoot(config, logger), config.ports.orchestrator, config, logger, undefined, { consumers: connectConsumers });
});
