import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { IdentitySandboxModule } from './identity-sandbox.module';
import { ProviderHolder } from './provider/provider-holder';

runMain('identity-sandbox', async () => {
  const config = loadConfig();
  const logger = new JsonLogger('identity-sandbox', config.logLevel);
  initTracing('identity-sandbox', config.tracing);
  await startHttpApp('identity-sandbox', IdentitySandboxModule.forRoot(config, logger), config.ports.identitySandbox, config, logger, (app) => {
    // The provider's routes first (it parses its own bodies), then the sign-in form's urlencoded body for Nest.
    app.use(app.get(ProviderHolder).middleware());
    app.useBodyParser('urlencoded', { extended: false, limit: '16kb' });
  });
});
