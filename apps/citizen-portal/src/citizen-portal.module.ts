import { Module, type DynamicModule } from '@nestjs/common';
import { join } from 'node:path';
import type { SimpulConfig } from '@simpul/config';
import { AuthModule } from '@simpul/auth';
import { frontDoorController, webPagesController, webPagesCsp, webRoot } from '@simpul/http';
import { JsonLogger, ObservabilityModule } from '@simpul/observability';

/** The public client the portal signs citizens in as (authorization code + PKCE, no secret). */
export const CITIZEN_PORTAL_CLIENT = 'simpul-citizen-portal';

/**
 * The reference citizen portal: static pages at /ui/ (apps/citizen-portal/web, the shared shell of libs/web), which
 * sign the citizen in at the identity provider and call portal-api from the browser with the citizen's token. It holds
 * no data and no API of its own: a portal team can copy the pages or embed them.
 */
@Module({})
export class CitizenPortalModule {
  static forRoot(config: SimpulConfig, logger: JsonLogger): DynamicModule {
    const api = config.citizenPortal.apiUrl;
    const pages = webPagesController({
      root: webRoot([join(__dirname, '..', '..', '..', '..', 'apps', 'citizen-portal', 'web'), join(__dirname, '..', 'web')], 'index.html'),
      vendor: { 'oauth4webapi.js': require.resolve('oauth4webapi') },
      csp: webPagesCsp([config.auth.issuer, api]),
      settings: {
        issuer: config.auth.issuer,
        clientId: CITIZEN_PORTAL_CLIENT,
        acrHigh: config.auth.acr.high,
        apiBase: api,
        // Counter mode, outside production only: where the development provider keeps the codes it "sent" to citizens.
        devMailbox: config.environment === 'production' ? undefined : `${config.auth.issuer}/dev/mailbox`,
      },
    });
    return {
      module: CitizenPortalModule,
      imports: [ObservabilityModule.forRoot(logger), AuthModule.forRoot(config.auth)],
      controllers: [frontDoorController('/ui/'), pages],
    };
  }
}
