import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { connectConsumers } from '@simpul/messaging';
import { JsonLogger, initTracing } from '@simpul/observability';
import { StatusProjectorModule } from './status-projector.module';

runMain('status-projector', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('status-projector', config.logLevel);
  initTracing('status-projector', config.tracing);
  await startHttpApp('status-projector', StatusProjectorModule.forRoot(config, logger), config.ports.statusProjector, config, logger, undefined, { consumers: connectConsumers });
});
