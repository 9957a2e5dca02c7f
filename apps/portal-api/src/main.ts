import 'reflect-metadata';
import { loadConfig } from '@simpul/config';
import { assertCatalogSound } from '@simpul/contracts';
import { runMain, setupApiContract, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { PortalApiModule } from './portal-api.module';
import { PORTAL_CONFLICTS, withLifeEventSchemas } from './openapi';

runMain('portal-api', async () => {
  const config = loadConfig();
  assertCatalogSound();
  const logger = new JsonLogger('portal-api', config.logLevel);
  initTracing('portal-api', config.tracing);
  await startHttpApp('portal-api', PortalApiModule.forRoot(config, logger), config.ports.portalApi, config, logger, (app) =>
    setupApiContract(app, {
      title: 'Simpul portal API',
      description: 'File one life-event application and follow it through every agency. Errors are RFC 9457 problem+json.',
      conflicts: PORTAL_CONFLICTS,
      extend: withLifeEventSchemas,
    }),
    // The citizen portal's pages call this API from the citizen's browser, with the citizen's token.
    { corsOrigins: [config.citizenPortal.url] },
  );
});
