import 'reflect-metadata';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { loadConfig } from '@simpul/config';
import { runMain, startHttpApp } from '@simpul/http';
import { JsonLogger, initTracing } from '@simpul/observability';
import { AgencyWorkerModule } from './agency-worker.module';

runMain('agency-worker', async () => {
  const config = loadConfig();
  const service = `agency-worker:${config.agency ?? 'unset'}`;
  const logger = new JsonLogger(service, config.logLevel);
  initTracing(service, config.tracing);
  await startHttpApp(service, AgencyWorkerModule.forRoot(config, logger), config.ports.agencyWorker, config, logger, (app) => {
    // The callback contract for asynchronous agencies, as OpenAPI (docs/agency-integration.md explains it).
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(`Simpul agency callbacks (${config.agency ?? 'unset'})`)
        .setDescription('Asynchronous agencies answer an accepted (202) request here; requests are signed with the agency secret.')
        .setVersion('1')
        .build(),
    );
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
  });
});
