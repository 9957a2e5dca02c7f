import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { AgencySandboxModule } from './agency-sandbox.module';

runMain('agency-sandbox', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('agency-sandbox', config.logLevel);
  initTracing('agency-sandbox', config.tracing);
  // OAuth 2.0 token endpoints (the education agency's, the gateway's) take form-encoded bodies; SOAP takes XML.
  await startHttpApp('agency-sandbox', AgencySandboxModule.forRoot(config, logger), config.ports.agencySandbox, config, logger, (app) => {
    app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
    app.useBodyParser('text', { type: ['text/xml', 'application/soap+xml'], limit: '256kb' });
  });
});
