import 'reflect-metadata';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@simpul/config';
import { assertCatalogSound } from '@simpul/contracts';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { PortalApiModule } from './portal-api.module';

runMain('portal-api', async () => {
  const config = loadConfig();
  assertCatalogSound();
  const logger = new JsonLogger('portal-api', config.logLevel);
  initTracing('portal-api', config.tracing);
  await startHttpApp('portal-api', PortalApiModule.forRoot(config, logger), config.ports.portalApi, config, logger, (app) => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Simpul portal API')
        .setDescription('File one life-event application and follow it through every agency. Errors are RFC 9457 problem+json.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  });
});
