import 'reflect-metadata';
import compression from 'compression';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { CitizenPortalModule } from './citizen-portal.module';

runMain('citizen-portal', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('citizen-portal', config.logLevel);
  initTracing('citizen-portal', config.tracing);
  // Pages for phones on slow connections: every answer compressed (the first page is measured in the browser test).
  await startHttpApp('citizen-portal', CitizenPortalModule.forRoot(config, logger), config.ports.citizenPortal, config, logger, (app) => app.use(compression()));
});
