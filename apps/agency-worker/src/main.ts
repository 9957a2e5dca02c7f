import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger } from '@simpul/observability';
import { AgencyWorkerModule } from './agency-worker.module';

runMain('agency-worker', async () => {
  const config = loadConfig();
  const service = `agency-worker:${config.agency ?? 'unset'}`;
  const logger = new JsonLogger(service, config.logLevel);
  await startHttpApp(service, AgencyWorkerModule.forRoot(config, logger), config.ports.agencyWorker, config, logger);
});
